import { sql } from "drizzle-orm";
import type { Database } from "../../shared/db/connect.ts";
import type { Logger } from "../../shared/log.ts";
import { derivedCategoryAggregates, derivedMerchantAggregates, recomputeUserMonth } from "./aggregates.ts";
import type { Clock } from "./clock.ts";
import { merchantAggregates, monthlyAggregates } from "./db/schema.ts";
import { previousYearMonth, yearMonthOf } from "./domain/month.ts";

export interface UserMonth {
  userId: string;
  yearMonth: string;
}

/**
 * The user-months among `yearMonths` whose stored aggregates (by category, by merchant) differ
 * from what their counted spend events add up to. One snapshot reads both sides, and ingestion
 * writes an event and its aggregates in one statement, so a settled month is never reported.
 */
export async function driftedUserMonths(db: Database, yearMonths: string[]): Promise<UserMonth[]> {
  const inMonths = sql`year_month = any(${`{${yearMonths.join(",")}}`}::text[])`;
  const rows = await db.execute<{ user_id: string; year_month: string }>(sql`
    with derived_categories as (${derivedCategoryAggregates(inMonths)}),
    stored_categories as (select user_id, year_month, direction, category, total_cents::bigint, count from ${monthlyAggregates} where ${inMonths}),
    derived_merchants as (${derivedMerchantAggregates(inMonths)}),
    stored_merchants as (select user_id, year_month, merchant_key, merchant collate "C" as merchant, total_cents::bigint, count from ${merchantAggregates} where ${inMonths})
    select coalesce(d.user_id, s.user_id) as user_id, coalesce(d.year_month, s.year_month) as year_month
    from derived_categories d full join stored_categories s using (user_id, year_month, direction, category)
    where (d.total_cents, d.count) is distinct from (s.total_cents, s.count)
    union
    select coalesce(d.user_id, s.user_id), coalesce(d.year_month, s.year_month)
    from derived_merchants d full join stored_merchants s using (user_id, year_month, merchant_key)
    where (d.merchant, d.total_cents, d.count) is distinct from (s.merchant, s.total_cents, s.count)`);
  return rows.map((r) => ({ userId: r.user_id, yearMonth: r.year_month }));
}

export type Reconciler = ReturnType<typeof createReconciler>;

/**
 * Checks the aggregates of this month and the last (late events and reversals still change
 * them) against the stored spend events, and recomputes each user-month that drifted, one
 * transaction apiece, so ingestion never waits long and nothing is locked table-wide. Drift means
 * a defect or a hand edit, so each repair is logged; the full `analytics:rebuild` stays for
 * older months.
 */
export function createReconciler(deps: { db: Database; clock: Clock; log: Logger }) {
  const { db, clock, log } = deps;
  return {
    async run(): Promise<UserMonth[]> {
      const current = yearMonthOf(clock.now());
      const drifted = await driftedUserMonths(db, [previousYearMonth(current), current]);
      for (const { userId, yearMonth } of drifted) {
        await db.transaction((tx) => recomputeUserMonth(tx, userId, yearMonth));
        log.warn("analytics aggregates drifted from their spend events; recomputed", { userId, yearMonth });
      }
      return drifted;
    },
  };
}
