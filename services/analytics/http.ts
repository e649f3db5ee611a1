import { createRoute, z } from "@hono/zod-openapi";
import { amountCents } from "../../proto-like-schemas/money.ts";
import { createRouter } from "../../shared/http/app.ts";
import { knownFieldsOnly } from "../../shared/http/known-fields.ts";
import { requireAuth, type TokenVerifier } from "../../shared/http/auth.ts";
import type { Budgets } from "./budgets.ts";
import type { Clock } from "./clock.ts";
import { CATEGORIES } from "./domain/categories.ts";
import { YEAR_MONTH, yearMonthOf } from "./domain/month.ts";
import type { InsightsReader } from "./insights.ts";
import { problem, json } from "../../shared/http/openapi.ts";

const PREFIX = "/api/v1/analytics";
const MAX_MERCHANTS = 50;


const category = z.enum(CATEGORIES, { error: `must be one of ${CATEGORIES.join(", ")}` });
const month = z
  .string()
  .regex(YEAR_MONTH, "must be a UTC month as YYYY-MM")
  .optional()
  .openapi({ description: "UTC month, YYYY-MM (default: the current month)", example: "2030-06" });
const monthQuery = z.object({ month });
const merchantsQuery = z.object({
  month,
  limit: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(MAX_MERCHANTS, `must be at most ${MAX_MERCHANTS}`).default(10),
});
const budgetBody = knownFieldsOnly({
  category,
  limitCents: amountCents,
  /** An inactive budget is kept but raises no alerts. */
  active: z.boolean().optional(),
});

const budgetResponse = z.object({
  id: z.string(),
  userId: z.string(),
  category,
  limitCents: z.number().int(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  yearMonth: z.string(),
  spentCents: z.number().int(),
  remainingCents: z.number().int(),
  percentUsed: z.number(),
});
const insightsResponse = z.object({
  yearMonth: z.string(),
  total: z.number().int(),
  count: z.number().int(),
  categories: z.array(z.object({ category, total: z.number().int(), count: z.number().int(), percentage: z.number() })),
});
const summaryResponse = z.object({ yearMonth: z.string(), totalSpend: z.number().int(), transactionCount: z.number().int(), totalReceived: z.number().int(), receivedCount: z.number().int() });
const topMerchantsResponse = z.object({ yearMonth: z.string(), merchants: z.array(z.object({ merchant: z.string(), total: z.number().int(), count: z.number().int() })) });


export interface AnalyticsHttpDeps {
  verifier: TokenVerifier;
  insights: InsightsReader;
  budgets: Budgets;
  clock: Clock;
}

/** The caller's own spending insights and budgets; nothing here writes spend (only events do). */
export function buildAnalyticsHttp({ verifier, insights, budgets, clock }: AnalyticsHttpDeps) {
  const app = createRouter();
  const authed = requireAuth(verifier);
  const monthOr = (m: string | undefined) => m ?? yearMonthOf(clock.now());

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/insights`,
      middleware: [authed],
      description: "Spending of the month by category, largest first, with each category's share of the month in percent.",
      request: { query: monthQuery },
      responses: { 200: json(insightsResponse, "The month's spending by category"), 400: problem, 401: problem },
    }),
    async (c) => c.json(await insights.insights(c.get("user").id, monthOr(c.req.valid("query").month)), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/summary`,
      middleware: [authed],
      description: "Totals of the month: spent (and how many payments), received (and how many).",
      request: { query: monthQuery },
      responses: { 200: json(summaryResponse, "The month's totals"), 400: problem, 401: problem },
    }),
    async (c) => c.json(await insights.summary(c.get("user").id, monthOr(c.req.valid("query").month)), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/top-merchants`,
      middleware: [authed],
      description: `Merchants the caller paid most in the month (merchant names grouped regardless of case), at most \`limit\` (1–${MAX_MERCHANTS}, default 10).`,
      request: { query: merchantsQuery },
      responses: { 200: json(topMerchantsResponse, "Top merchants"), 400: problem, 401: problem },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(await insights.topMerchants(c.get("user").id, monthOr(q.month), q.limit), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/budgets`,
      middleware: [authed],
      description: "The caller's budgets (active or not) with their usage in the month.",
      request: { query: monthQuery },
      responses: { 200: json(z.object({ items: z.array(budgetResponse) }), "Budgets"), 400: problem, 401: problem },
    }),
    async (c) => c.json({ items: await budgets.list(c.get("user").id, monthOr(c.req.valid("query").month)) }, 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${PREFIX}/budgets`,
      middleware: [authed],
      description:
        "Sets the monthly budget of a category (one per category: a second POST replaces the limit). Alerts at 80 % and 100 % are raised once per category and month; saving looks at this month's spending at once, and raising the limit re-arms the thresholds the month no longer reaches.",
      request: { body: { content: { "application/json": { schema: budgetBody } }, required: true } },
      responses: { 200: json(budgetResponse, "Updated"), 201: json(budgetResponse, "Created"), 400: problem, 401: problem, 415: problem },
    }),
    async (c) => {
      const { created, budget: saved } = await budgets.upsert(c.get("user").id, c.req.valid("json"));
      return created ? c.json(saved, 201) : c.json(saved, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: `${PREFIX}/budgets/{id}`,
      middleware: [authed],
      description: "Deletes one of the caller's budgets; 404 for anyone else's.",
      request: { params: z.object({ id: z.string() }) },
      responses: { 200: json(budgetResponse, "The deleted budget"), 401: problem, 404: problem },
    }),
    async (c) => c.json(await budgets.remove(c.get("user").id, c.req.valid("param").id), 200),
  );

  return app;
}
