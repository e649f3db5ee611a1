import { afterAll, beforeAll, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { testDatabase } from "../../tests/harness/database.ts";
import { unavailableIfConnectionLost } from "../errors.ts";
import type { DatabaseHandle } from "./connect.ts";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await testDatabase("connect", 2);
  await handle.db.execute(sql`create table if not exists counter (id int primary key, n int not null)`);
  await handle.db.execute(sql`insert into counter values (1, 0) on conflict (id) do update set n = 0`);
});

afterAll(async () => {
  await handle?.close();
});

test("transactions started while hundreds of statements queue on a small pool all commit and leave no connection inside a transaction", async () => {
  // 2 connections, 1,200 statements at once: the pipelines grow far beyond postgres.js's default depth.
  const reads = Array.from({ length: 1_000 }, () => handle.db.execute(sql`select 1`));
  const increments = Array.from({ length: 200 }, () =>
    handle.db.transaction(async (tx) => {
      await tx.execute(sql`update counter set n = n + 1 where id = 1`);
    }),
  );
  const outcomes = await Promise.allSettled([...reads, ...increments]);
  const failures = outcomes.filter((o) => o.status === "rejected").map((o) => String((o as PromiseRejectedResult).reason));
  expect(failures).toEqual([]);
  const [row] = await handle.db.execute<{ n: number }>(sql`select n from counter where id = 1`);
  expect(row!.n).toBe(200);
  // No connection was left inside a transaction.
  const [leaked] = await handle.db.execute<{ n: number }>(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`);
  expect(leaked!.n).toBe(0);
}, 30_000);

test("a connection whose server process dies inside a transaction fails that transaction, and the pool serves again", async () => {
  // One connection: the pool has to bring that very connection back. The close races the
  // statements still being written, so the round is repeated to meet more of those races.
  // (postgres.js 3.4.9 needs shared/db/patches for this.)
  const single = await testDatabase("connect-killed", 1);
  const within = <T>(ms: number, p: Promise<T>) => Promise.race([p, Bun.sleep(ms).then(() => Promise.reject(new Error(`no answer within ${ms} ms`)))]);
  const answer = (i: number) => within(5_000, single.db.execute<{ n: number }>(sql`select ${i}::int as n`)).then((rows) => String(rows[0]!.n), (err) => `error: ${(err as Error).message}`);
  try {
    for (let round = 0; round < 8; round++) {
      const failed = single.sql.begin(async (tx) => {
        const [me] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
        await handle.sql`select pg_terminate_backend(${me!.pid})`;
        await tx`select 2`;
      });
      await expect(within(5_000, failed)).rejects.toThrow(/CONNECTION_CLOSED|terminating connection/);
      // Nothing of the dead session reaches the next one: neither its server's last error, nor
      // its ROLLBACK, nor a growing reconnect delay.
      expect([await answer(round), await answer(round + 1)]).toEqual([String(round), String(round + 1)]);
    }
  } finally {
    await single.close();
  }
}, 60_000);

test("a lost connection is UNAVAILABLE (retry), seen through drizzle's wrapping too; a failing statement is not", async () => {
  const lost = await handle.db.execute(sql`select pg_terminate_backend(pg_backend_pid())`).then(() => undefined, (err: unknown) => err);
  expect(lost).toBeDefined();
  expect(unavailableIfConnectionLost(lost)).toMatchObject({ code: "UNAVAILABLE", status: 503 });
  const failing = await handle.db.execute(sql`select 1 / 0`).then(() => undefined, (err: unknown) => err);
  expect(failing).toBeDefined();
  expect(unavailableIfConnectionLost(failing)).toBeUndefined();
});
