import postgres from "postgres";
import { percentile } from "./stats.ts";

/**
 * The floor any ledger pays: one PostgreSQL transaction per transfer that locks two accounts in
 * id order, debits, credits and writes two ledger rows. Run at the same concurrency as the mesh.
 */
export async function plainPostgresTransfers(serverUrl: string, concurrency: number, seconds: number, accounts = 2_000) {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const name = `mint_bench_baseline_${process.pid}`;
  await admin.unsafe(`drop database if exists ${name}`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const sql = postgres(url.toString(), { max: concurrency, onnotice: () => {} });
  await sql`create table accounts (id int primary key, balance bigint not null check (balance >= 0))`;
  await sql`create table ledger (id bigserial primary key, account_id int not null, txn uuid not null, delta bigint not null, balance_after bigint not null, unique (txn, account_id))`;
  await sql`insert into accounts select g, 1000000000 from generate_series(1, ${accounts}) g`;

  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const a = 1 + Math.floor(Math.random() * accounts);
        let b = 1 + Math.floor(Math.random() * accounts);
        if (b === a) b = (b % accounts) + 1;
        const [first, second] = a < b ? [a, b] : [b, a];
        const txn = crypto.randomUUID();
        const t0 = performance.now();
        await sql.begin(async (tx) => {
          await tx`select id from accounts where id in (${first}, ${second}) order by id for update`;
          const [from] = await tx`update accounts set balance = balance - 100 where id = ${a} returning balance`;
          const [to] = await tx`update accounts set balance = balance + 100 where id = ${b} returning balance`;
          await tx`insert into ledger (account_id, txn, delta, balance_after) values (${a}, ${txn}, -100, ${from!.balance}), (${b}, ${txn}, 100, ${to!.balance})`;
        });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await sql.end();
  const cleanup = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await cleanup.unsafe(`drop database if exists ${name}`);
  await cleanup.end();
  latencies.sort((x, y) => x - y);
  return { perSecond: latencies.length / elapsed, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), count: latencies.length };
}
