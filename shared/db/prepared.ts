import type { Sql } from "postgres";

type Unsafe = Sql["unsafe"];
type ScopeFn = (tx: Sql) => unknown;

/**
 * drizzle hands every query to postgres.js as `unsafe(text, params, { prepare: false })`. For a
 * query with parameters postgres.js then asks the server to describe it first and sends the
 * values only after that answer: two round trips, and a parse and plan on the server, for every
 * statement. This client prepares them instead (named statements cached per connection, keyed by
 * their text), so a hot statement costs one round trip and no parsing after its first use. The
 * statement texts are drizzle's, built from the code's fixed query shapes, so the cache per
 * connection stays small; connections are recycled after their lifetime anyway.
 */
export function preparingClient(sql: Sql): Sql {
  return new Proxy(sql, {
    get(target, prop, receiver) {
      if (prop === "unsafe") {
        const unsafe: Unsafe = (query, params, options) => target.unsafe(query, params, { ...options, prepare: true });
        return unsafe;
      }
      if (prop === "begin" || prop === "savepoint") {
        // Queries inside a transaction run on the transaction's own client: prepare those too.
        return (...args: unknown[]) => {
          const fn = args.pop() as ScopeFn;
          const scope = Reflect.get(target, prop, receiver) as (...a: unknown[]) => unknown;
          return scope.apply(target, [...args, (tx: Sql) => fn(preparingClient(tx))]);
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}
