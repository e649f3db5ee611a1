import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "../../shared/db/connect.ts";
import { merchantAggregates, monthlyAggregates, spendEvents } from "./db/schema.ts";

/** What one counted spend event adds to the aggregates. */
export interface CountedSpend {
  userId: string;
  yearMonth: string;
  direction: "SPEND" | "RECEIVE";
  category: string;
  amountCents: number;
  merchant: string | null;
  merchantKey: string | null;
}

/**
 * Adds counted spend events to their aggregates (in the caller's transaction, with the events'
 * rows), one statement per kind of aggregate. Only a sender's SPEND has a merchant aggregate. The
 * merchant's spelling kept is the least one, byte-wise, which depends neither on the order events
 * arrive in nor on the database's collation, so a rebuild finds the same. Events given together
 * must not share an aggregate row (the two sides of one transfer never do).
 */
export async function addToAggregates(tx: Executor, spends: CountedSpend[]): Promise<void> {
  if (spends.length === 0) return;
  await tx
    .insert(monthlyAggregates)
    .values(spends.map((s) => ({ userId: s.userId, yearMonth: s.yearMonth, direction: s.direction, category: s.category, totalCents: s.amountCents, count: 1 })))
    .onConflictDoUpdate({
      target: [monthlyAggregates.userId, monthlyAggregates.yearMonth, monthlyAggregates.direction, monthlyAggregates.category],
      set: { totalCents: sql`${monthlyAggregates.totalCents} + excluded.total_cents`, count: sql`${monthlyAggregates.count} + 1` },
    });
  const atMerchants = spends.filter((s) => s.direction === "SPEND" && s.merchant !== null && s.merchantKey !== null);
  if (atMerchants.length === 0) return;
  await tx
    .insert(merchantAggregates)
    .values(atMerchants.map((s) => ({ userId: s.userId, yearMonth: s.yearMonth, merchantKey: s.merchantKey!, merchant: s.merchant!, totalCents: s.amountCents, count: 1 })))
    .onConflictDoUpdate({
      target: [merchantAggregates.userId, merchantAggregates.yearMonth, merchantAggregates.merchantKey],
      set: {
        merchant: sql`least(${merchantAggregates.merchant} collate "C", excluded.merchant collate "C")`,
        totalCents: sql`${merchantAggregates.totalCents} + excluded.total_cents`,
        count: sql`${merchantAggregates.count} + 1`,
      },
    });
}

/**
 * Derives aggregates from the stored spend events that still count. The same statements serve
 * the rebuild (no filter) and the recomputation of a few user-months (after a reversal), so the
 * incremental path above is checked against one definition.
 */
async function deriveAggregates(tx: Executor, filter: SQL): Promise<void> {
  await tx.execute(sql`
    insert into ${monthlyAggregates} (user_id, year_month, direction, category, total_cents, count)
    select user_id, year_month, direction, category, sum(amount_cents), count(*)
    from ${spendEvents}
    where reversed_at is null and ${filter}
    group by user_id, year_month, direction, category`);
  await tx.execute(sql`
    insert into ${merchantAggregates} (user_id, year_month, merchant_key, merchant, total_cents, count)
    select user_id, year_month, merchant_key, min(merchant collate "C"), sum(amount_cents), count(*)
    from ${spendEvents}
    where reversed_at is null and direction = 'SPEND' and merchant_key is not null and ${filter}
    group by user_id, year_month, merchant_key`);
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
