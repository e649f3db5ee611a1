import { z } from "zod";
import { cents, id } from "../money.ts";
import { category } from "../transactions.ts";

const budgetAlert = {
  userId: id,
  budgetId: id,
  category,
  /** Spent so far this month in the category, integer cents. */
  used: cents,
  /** The monthly budget, integer cents. */
  limit: cents,
  /** UTC month, "YYYY-MM". */
  yearMonth: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
};

/** Events of the analytics service (stream ANALYTICS); actorId is the user, sent once per budget and month. */
export const analyticsEvents = {
  /** Spending reached 80 % of the budget. */
  "analytics.budget_warning": z.object({ ...budgetAlert, thresholdPercent: z.literal(80) }),
  /** Spending reached 100 % of the budget. */
  "analytics.budget_exceeded": z.object({ ...budgetAlert, thresholdPercent: z.literal(100) }),
} as const;
