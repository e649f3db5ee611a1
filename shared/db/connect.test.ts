import { afterAll, beforeAll, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { testDatabase } from "../../tests/harness/database.ts";
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
