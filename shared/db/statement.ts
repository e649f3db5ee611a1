import { nameStatement } from "../safe-error.ts";
import type { Executor } from "./connect.ts";

interface Runnable<R> {
  execute(placeholders?: Record<string, unknown>): Promise<R>;
}

interface Preparable<R> {
  prepare(name: string): Runnable<R>;
}

/** drizzle's prepared queries keep the client they were made on; this is where it sits on an executor. */
const clientOf = (ex: Executor): unknown => (ex as unknown as { session: { client: unknown } }).session.client;

/**
 * A statement on a hot path, built by drizzle once (with `sql.placeholder` for what changes) and
 * run on whichever executor a call passes, the pool or an open transaction. Building a query is
 * the expensive part of running it: a wide UPDATE … RETURNING costs about 170 µs of CPU to build
 * and 40 µs to send and read. `name` labels the statement, and names it in the report of an
 * error it raises (logs never carry its values).
 */
export function hotStatement<V extends Record<string, unknown>, R>(name: string, build: (ex: Executor) => Preparable<R>): (ex: Executor, values: V) => Promise<R> {
  let prepared: Runnable<R> | undefined;
  return (ex, values) => {
    prepared ??= build(ex).prepare(name);
    // The same built statement, bound to this executor's connection for this one run.
    const bound = Object.create(prepared, { client: { value: clientOf(ex) } }) as Runnable<R>;
    return bound.execute(values).catch((err: unknown) => {
      nameStatement(err, name);
      throw err;
    });
  };
}
