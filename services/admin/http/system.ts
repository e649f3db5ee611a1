import { createRoute, z } from "@hono/zod-openapi";
import { MAX_AMOUNT_CENTS } from "../../../proto-like-schemas/money.ts";
import type { AdminDeps } from "../setup.ts";
import { tierLimitsView } from "../views/shapes.ts";
import { body, json, knownFieldsOnly, PREFIX, problem, reason, type Guard, type Router } from "./common.ts";

const cents = z
  .number({ error: "must be a whole number of cents" })
  .int("must be a whole number of cents")
  .min(1, "must be at least 1 cent")
  .max(MAX_AMOUNT_CENTS, `must be at most ${MAX_AMOUNT_CENTS} cents`);

const tierChange = knownFieldsOnly({
  perTransactionCents: cents.optional(),
  dailyCents: cents.optional(),
  monthlyCents: cents.optional(),
  depositPerTransactionCents: cents.optional(),
  depositDailyCents: cents.optional(),
});

const limitsBody = knownFieldsOnly({
  tiers: knownFieldsOnly({ UNVERIFIED: tierChange.optional(), BASIC: tierChange.optional(), VERIFIED: tierChange.optional() }),
  reason,
});

const limitsView = z
  .object({ tiers: z.object({ UNVERIFIED: tierLimitsView, BASIC: tierLimitsView, VERIFIED: tierLimitsView }), currency: z.literal("USD") })
  .openapi("LimitsTable");

export function systemRoutes(app: Router, guard: Guard, deps: AdminDeps) {
  const { limits, recorder } = deps;

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/system/limits`,
      middleware: guard,
      description: "The limits of each KYC tier in cents: one transfer, a UTC day and a UTC month of transfers, one top-up and a day of top-ups.",
      responses: { 200: json(limitsView, "The table"), 401: problem, 403: problem, 503: problem },
    }),
    async (c) => c.json({ tiers: await limits.table(), currency: "USD" as const }, 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: `${PREFIX}/system/limits`,
      middleware: guard,
      description:
        "Changes tier limits: the tiers and fields given (others keep their value). Every value is a positive whole number of cents, and per-transaction ≤ daily ≤ monthly (deposits: per-transaction ≤ daily); errors name the field (`tiers.BASIC.dailyCents`) and change nothing. The next payment in every replica uses the new limits. Recorded once (admin.limits_changed).",
      request: body(limitsBody),
      responses: { 200: json(limitsView, "The table as it now is"), 400: problem, 401: problem, 403: problem, 503: problem },
    }),
    async (c) => {
      const { tiers, reason: why } = c.req.valid("json");
      const outcome = await limits.change(c.get("user").id, tiers, why);
      if (outcome.record) await recorder.record(outcome.record);
      return c.json({ tiers: outcome.result, currency: "USD" as const }, 200);
    },
  );
}
