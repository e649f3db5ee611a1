import { sql, type SQL, type WithSubquery } from "drizzle-orm";
import { QueryBuilder } from "drizzle-orm/pg-core";
import type { Executor } from "../../shared/db/connect.ts";
import { merchantAggregates, monthlyAggregates, spendEvents } from "./db/schema.ts";

/**
 * Statements that add the counted (not reversed) rows of the CTE `source` (spend events just
 * inserted) to their aggregates, as CTEs of that insert: one statement for a whole batch. Only a
 * sender's SPEND has a merchant aggregate. The merchant's spelling kept is the least one,
 * byte-wise, which depends neither on the order events arrive in nor on the database's collation,
 * so a rebuild finds the same.
 */
export function aggregateClauses(source: string): WithSubquery[] {
  const from = sql.identifier(source);
  const monthly = sql`
    insert into ${monthlyAggregates} (user_id, year_month, direction, category, total_cents, count)
    select user_id, year_month, direction, category, sum(amount_cents), count(*)
    from ${from} where reversed_at is null
    group by user_id, year_month, direction, category
    on conflict (user_id, year_month, direction, category) do update
      set total_cents = ${monthlyAggregates}.total_cents + excluded.total_cents, count = ${monthlyAggregates}.count + excluded.count
    returning 1 as n`;
  const merchants = sql`
    insert into ${merchantAggregates} (user_id, year_month, merchant_key, merchant, total_cents, count)
    select user_id, year_month, merchant_key, min(merchant collate "C"), sum(amount_cents), count(*)
    from ${from} where reversed_at is null and direction = 'SPEND' and merchant_key is not null
    group by user_id, year_month, merchant_key
    on conflict (user_id, year_month, merchant_key) do update
      set merchant = least(${merchantAggregates}.merchant collate "C", excluded.merchant collate "C"),
          total_cents = ${merchantAggregates}.total_cents + excluded.total_cents, count = ${merchantAggregates}.count + excluded.count
    returning 1 as n`;
  const qb = new QueryBuilder();
  return [qb.$with("monthly_added", { n: sql<number>`n`.as("n") }).as(monthly), qb.$with("merchants_added", { n: sql<number>`n`.as("n") }).as(merchants)];
}

/**
 * The aggregates the stored spend events that still count add up to, as selects in the column
 * order of their tables. The rebuild, the recomputation of a few user-months (after a reversal)
 * and the reconciliation all use these, so the incremental path above is checked against one
 * definition.
 */
export const derivedCategoryAggregates = (filter: SQL) => sql`
  select user_id, year_month, direction, category, sum(amount_cents)::bigint as total_cents, count(*)::int as count
  from ${spendEvents}
  where reversed_at is null and ${filter}
  group by user_id, year_month, direction, category`;

export const derivedMerchantAggregates = (filter: SQL) => sql`
  select user_id, year_month, merchant_key, min(merchant collate "C") as merchant, sum(amount_cents)::bigint as total_cents, count(*)::int as count
  from ${spendEvents}
  where reversed_at is null and direction = 'SPEND' and merchant_key is not null and ${filter}
  group by user_id, year_month, merchant_key`;

async function deriveAggregates(tx: Executor, filter: SQL): Promise<void> {
  await tx.execute(sql`insert into ${monthlyAggregates} (user_id, year_month, direction, category, total_cents, count) ${derivedCategoryAggregates(filter)}`);
  await tx.execute(sql`insert into ${merchantAggregates} (user_id, year_month, merchant_key, merchant, total_cents, count) ${derivedMerchantAggregates(filter)}`);
}

/** Recomputes every aggregate of one user's month from its spend events. */
export async function recomputeUserMonth(tx: Executor, userId: string, yearMonth: string): Promise<void> {
  await tx.execute(sql`delete from ${monthlyAggregates} where user_id = ${userId} and year_month = ${yearMonth}`);
  await tx.execute(sql`delete from ${merchantAggregates} where user_id = ${userId} and year_month = ${yearMonth}`);
  await deriveAggregates(tx, sql`user_id = ${userId} and year_month = ${yearMonth}`);
}

export interface RebuildResult {
  /** Spend events that count (not reversed). */
  events: number;
  categoryRows: number;
  merchantRows: number;
  /** Aggregate rows that differed from the recomputed ones (added, removed or changed). */
  drifted: number;
}

const snapshot = async (tx: Executor): Promise<Map<string, string>> => {
  const rows = await tx.execute<{ k: string; v: string }>(sql`
    select 'c|' || user_id || '|' || year_month || '|' || direction || '|' || category as k, total_cents || '|' || count as v from ${monthlyAggregates}
    union all
    select 'm|' || user_id || '|' || year_month || '|' || merchant_key as k, merchant || '|' || total_cents || '|' || count as v from ${merchantAggregates}`);
  return new Map(rows.map((r) => [r.k, r.v]));
};

/**
 * Throws away every aggregate and derives them again from the spend events, in the caller's
 * transaction. Writers of spend events wait for it (SHARE lock) so nothing is counted twice or
 * missed; it reports how many rows it had to correct.
 */
export async function rebuildAggregates(tx: Executor): Promise<RebuildResult> {
  await tx.execute(sql`lock table ${spendEvents} in share mode`);
  await tx.execute(sql`lock table ${monthlyAggregates}, ${merchantAggregates} in access exclusive mode`);
  const before = await snapshot(tx);
  await tx.execute(sql`truncate ${monthlyAggregates}, ${merchantAggregates}`);
  await deriveAggregates(tx, sql`true`);
  const after = await snapshot(tx);
  let drifted = 0;
  for (const [k, v] of after) if (before.get(k) !== v) drifted++;
  for (const k of before.keys()) if (!after.has(k)) drifted++;
  const [counted] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from ${spendEvents} where reversed_at is null`);
  return {
    events: counted!.n,
    categoryRows: [...after.keys()].filter((k) => k.startsWith("c|")).length,
    merchantRows: [...after.keys()].filter((k) => k.startsWith("m|")).length,
    drifted,
  };
}
