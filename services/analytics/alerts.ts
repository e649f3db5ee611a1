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
  serialise(tx: Executor, scope: Omit<AlertScope, "yearMonth">): Promise<void>;
  /** Raises the thresholds the month's spending has reached against the active budget, each once. */
  check(tx: Executor, scope: AlertScope): Promise<void>;
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
    async serialise(tx, scope) {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`analytics-budget|${scope.userId}|${scope.category}`}, 0))`);
    },

    async check(tx, scope) {
      const [budget] = await tx
        .select()
        .from(budgets)
        .where(and(eq(budgets.userId, scope.userId), eq(budgets.category, scope.category), eq(budgets.active, true)));
      if (!budget) return;
      const used = await spentInMonth(tx, scope);
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
