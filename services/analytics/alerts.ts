import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../../shared/db/connect.ts";
import type { ServiceContext } from "../../shared/service.ts";
import { budgetAlerts, budgets, monthlyAggregates } from "./db/schema.ts";
import type { Category } from "./domain/categories.ts";
import { ALERT_THRESHOLDS, reachedThresholds } from "./domain/thresholds.ts";

export interface AlertScope {
  userId: string;
  category: Category | string;
  yearMonth: string;
}

export interface BudgetAlerts {
  /**
   * Serialises, until the transaction ends, everything that changes a (user, category)'s spending
   * or budget. Without it a payment and a budget saved at the same moment could each miss the
   * other's uncommitted write, and a threshold reached by both together would never fire.
   */
  serialise(tx: Executor, scopes: Omit<AlertScope, "yearMonth">[]): Promise<void>;
  /** Raises the thresholds each month's spending has reached against the active budget, each once. */
  check(tx: Executor, scopes: AlertScope[]): Promise<void>;
  /** After a limit change: thresholds the month no longer reaches may fire again (G-50). */
  rearm(tx: Executor, scope: AlertScope, limitCents: number): Promise<void>;
}

/** The month's counted spending in a category (the same aggregate the user sees). */
export async function spentInMonth(tx: Executor, scope: AlertScope): Promise<number> {
  const [row] = await tx
    .select({ total: monthlyAggregates.totalCents })
    .from(monthlyAggregates)
    .where(and(eq(monthlyAggregates.userId, scope.userId), eq(monthlyAggregates.yearMonth, scope.yearMonth), eq(monthlyAggregates.direction, "SPEND"), eq(monthlyAggregates.category, scope.category)));
  return row?.total ?? 0;
}

/**
 * Budget alerts. A threshold is claimed by inserting its (user, category, month, threshold) row;
 * only the transaction that inserts it writes the event to the outbox, in the same transaction,
 * so an alert is sent once however often events are redelivered or replicas race.
 */
export function createBudgetAlerts(emit: ServiceContext<unknown>["emit"]): BudgetAlerts {
  return {
    async serialise(tx, scopes) {
      // Taken in one order by everyone, so two writers that need several never deadlock.
      const keys = [...new Set(scopes.map((s) => `analytics-budget|${s.userId}|${s.category}`))].sort();
      if (keys.length === 0) return;
      const list = sql.join(
        keys.map((k) => sql`(${k}::text)`),
        sql`, `,
      );
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(k, 0)) from (select k from (values ${list}) as v(k) order by k) as ordered`);
    },

    async check(tx, scopes) {
      if (scopes.length === 0) return;
      const wanted = sql.join(
        scopes.map((s) => sql`(${s.userId}::text, ${s.category}::text, ${s.yearMonth}::text)`),
        sql`, `,
      );
      // Every scope's active budget and the month's spending, in one statement.
      const found = await tx.execute<{ id: string; category: string; limit_cents: string | number; user_id: string; year_month: string; used: string | number }>(sql`
        select b.id, b.category, b.limit_cents, s.user_id, s.year_month, coalesce(a.total_cents, 0) as used
        from (select distinct * from (values ${wanted}) as w(user_id, category, year_month)) as s
        join ${budgets} b on b.user_id = s.user_id and b.category = s.category and b.active
        left join ${monthlyAggregates} a on a.user_id = s.user_id and a.year_month = s.year_month and a.direction = 'SPEND' and a.category = s.category`);
      for (const row of found) {
        const scope = { userId: row.user_id, category: row.category, yearMonth: row.year_month };
        const budget = { id: row.id, category: row.category, limitCents: Number(row.limit_cents) };
        const used = Number(row.used);
        for (const thresholdPercent of reachedThresholds(used, budget.limitCents)) {
          const eventId = Bun.randomUUIDv7();
          const claimed = await tx
            .insert(budgetAlerts)
            .values({ userId: scope.userId, category: scope.category, yearMonth: scope.yearMonth, thresholdPercent, budgetId: budget.id, usedCents: used, limitCents: budget.limitCents, eventId })
            .onConflictDoNothing()
            .returning({ eventId: budgetAlerts.eventId });
          if (claimed.length === 0) continue;
          const data = { userId: scope.userId, budgetId: budget.id, category: budget.category as Category, used, limit: budget.limitCents, yearMonth: scope.yearMonth };
          const options = { id: eventId, actorId: scope.userId, subjectUserIds: [scope.userId] };
          if (thresholdPercent === 80) await emit(tx, "analytics.budget_warning", { ...data, thresholdPercent }, options);
          else await emit(tx, "analytics.budget_exceeded", { ...data, thresholdPercent }, options);
        }
      }
    },

    async rearm(tx, scope, limitCents) {
      const stillReached = reachedThresholds(await spentInMonth(tx, scope), limitCents);
      const released = ALERT_THRESHOLDS.filter((t) => !stillReached.includes(t));
      if (released.length === 0) return;
      await tx
        .delete(budgetAlerts)
        .where(
          and(
            eq(budgetAlerts.userId, scope.userId),
            eq(budgetAlerts.category, scope.category),
            eq(budgetAlerts.yearMonth, scope.yearMonth),
            inArray(budgetAlerts.thresholdPercent, released),
          ),
        );
    },
  };
}
