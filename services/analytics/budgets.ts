import { and, asc, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import type { Database } from "../../shared/db/connect.ts";
import { AppError } from "../../shared/errors.ts";
import { isUuid } from "../../shared/ids.ts";
import type { BudgetAlerts } from "./alerts.ts";
import type { Clock } from "./clock.ts";
import { budgets, monthlyAggregates } from "./db/schema.ts";
import type { Category } from "./domain/categories.ts";
import { yearMonthOf } from "./domain/month.ts";
import { percentOf } from "./domain/shares.ts";

type BudgetRow = typeof budgets.$inferSelect;

export interface BudgetView {
  id: string;
  userId: string;
  category: Category;
  limitCents: number;
  active: boolean;
  createdAt: string;
  updatedAt: string;
  /** Usage in `yearMonth`, from the same aggregates as the insights (so alerts and progress agree, G-50). */
  yearMonth: string;
  spentCents: number;
  /** Negative once the budget is overspent. */
  remainingCents: number;
  percentUsed: number;
}

export interface BudgetInput {
  category: Category;
  limitCents: number;
  active?: boolean;
}

export interface Budgets {
  list(userId: string, yearMonth?: string): Promise<BudgetView[]>;
  /** Creates the category's budget or replaces its limit; `created` tells which. */
  upsert(userId: string, input: BudgetInput): Promise<{ created: boolean; budget: BudgetView }>;
  /** Deletes one of the caller's budgets; anyone else's (or none) is NOT_FOUND. */
  remove(userId: string, id: string): Promise<BudgetView>;
}

const notFound = () => new AppError("NOT_FOUND", "Budget not found");

async function spendByCategory(db: Database, userId: string, yearMonth: string, categories: string[]): Promise<Map<string, number>> {
  if (categories.length === 0) return new Map();
  const rows = await db
    .select({ category: monthlyAggregates.category, total: monthlyAggregates.totalCents })
    .from(monthlyAggregates)
    .where(and(eq(monthlyAggregates.userId, userId), eq(monthlyAggregates.yearMonth, yearMonth), eq(monthlyAggregates.direction, "SPEND"), inArray(monthlyAggregates.category, categories)));
  return new Map(rows.map((r) => [r.category, r.total]));
}

function view(row: BudgetRow, yearMonth: string, spentCents: number): BudgetView {
  return {
    id: row.id,
    userId: row.userId,
    category: row.category as Category,
    limitCents: row.limitCents,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    yearMonth,
    spentCents,
    remainingCents: row.limitCents - spentCents,
    percentUsed: percentOf(spentCents, row.limitCents),
  };
}

/**
 * Monthly budgets, one per user and category. Saving a budget looks at this month's spending at
 * once: a budget set below what was already spent alerts right away rather than at the next
 * payment, and a raised limit re-arms the thresholds the month no longer reaches.
 */
export function createBudgets(deps: { db: Database; alerts: BudgetAlerts; clock: Clock }): Budgets {
  const { db, alerts, clock } = deps;

  const withUsage = async (userId: string, rows: BudgetRow[], yearMonth: string) => {
    const spent = await spendByCategory(db, userId, yearMonth, rows.map((r) => r.category));
    return rows.map((r) => view(r, yearMonth, spent.get(r.category) ?? 0));
  };

  return {
    async list(userId, yearMonth = yearMonthOf(clock.now())) {
      const rows = await db.select().from(budgets).where(eq(budgets.userId, userId)).orderBy(asc(budgets.category));
      return withUsage(userId, rows, yearMonth);
    },

    async upsert(userId, input) {
      const yearMonth = yearMonthOf(clock.now());
      const active = input.active ?? true;
      const { row, created } = await db.transaction(async (tx) => {
        const [saved] = await tx
          .insert(budgets)
          .values({ id: Bun.randomUUIDv7(), userId, category: input.category, limitCents: input.limitCents, active })
          .onConflictDoUpdate({
            target: [budgets.userId, budgets.category],
            set: { limitCents: input.limitCents, active, updatedAt: sql`now()` },
          })
          // xmax = 0 only for a freshly inserted row.
          .returning({ ...getTableColumns(budgets), inserted: sql<boolean>`xmax = 0` });
        const scope = { userId, category: input.category, yearMonth };
        await alerts.serialise(tx, [scope]);
        if (active) {
          await alerts.rearm(tx, scope, input.limitCents);
          await alerts.check(tx, [scope]);
        }
        const { inserted, ...row } = saved!;
        return { row, created: inserted };
      });
      const [budget] = await withUsage(userId, [row], yearMonth);
      return { created, budget: budget! };
    },

    async remove(userId, id) {
      if (!isUuid(id)) throw notFound();
      const [row] = await db.delete(budgets).where(and(eq(budgets.id, id.toLowerCase()), eq(budgets.userId, userId))).returning();
      if (!row) throw notFound();
      const [budget] = await withUsage(userId, [row], yearMonthOf(clock.now()));
      return budget!;
    },
  };
}
