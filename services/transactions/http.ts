import { createRoute, z } from "@hono/zod-openapi";
import type { authContract } from "../../proto-like-schemas/auth.ts";
import { amountCents, kycTier } from "../../proto-like-schemas/money.ts";
import { category, statusStep, transaction, transactionStatus, transactionType } from "../../proto-like-schemas/transactions.ts";
import { AppError } from "../../shared/errors.ts";
import { createRouter } from "../../shared/http/app.ts";
import { knownFieldsOnly } from "../../shared/http/known-fields.ts";
import type { Database } from "../../shared/db/connect.ts";
import { requireAuth, type TokenVerifier } from "../../shared/http/auth.ts";
import type { Logger } from "../../shared/log.ts";
import type { RpcClient } from "../../shared/rpc/client.ts";
import { isUuid } from "../../shared/ids.ts";
import { allowanceFor } from "./allowance.ts";
import { withCounterparties } from "./counterparties.ts";
import { completedCounts } from "./counts.ts";
import { partyHistory } from "./domain/history.ts";
import type { Idempotency } from "./idempotency.ts";
import type { LimitsCache } from "./limits-cache.ts";
import { listPage } from "./listing.ts";
import { assertNotSelf, type Payments } from "./payments.ts";
import { runIdempotent } from "./respond.ts";
import { loadTransaction } from "./store.ts";
import { toTransaction } from "./view.ts";
import { problem, json, body } from "../../shared/http/openapi.ts";

const PREFIX = "/api/v1/transactions";

const usd = z.literal("USD", { error: "only USD is supported" }).optional();
const optionalText = (max: number) => z.string().max(max, `must be at most ${max} characters`).nullish();

const transferBody = knownFieldsOnly({
  recipientId: z.uuid({ error: "must be a user id (UUID)" }),
  amount: amountCents,
  currency: usd,
  description: optionalText(500),
  category: category.nullish(),
  merchant: optionalText(255),
});

const topupBody = knownFieldsOnly({ amount: amountCents, currency: usd, description: optionalText(500) });

const isoDateOrTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: "must be an ISO date (YYYY-MM-DD) or date-time" });
const queryAmount = z.coerce.number({ error: "must be a number of cents" }).pipe(amountCents);

const listQuery = z.object({
  type: transactionType.optional(),
  status: transactionStatus.optional(),
  direction: z.enum(["sent", "received", "all"]).default("all"),
  from: isoDateOrTime.optional(),
  to: isoDateOrTime.optional(),
  minAmount: queryAmount.optional(),
  maxAmount: queryAmount.optional(),
  q: z.string().min(1).max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const idempotencyHeader = z.object({ "idempotency-key": z.string().openapi({ description: "A UUID; the same key with the same body replays the first answer", example: "0b6f1b5e-1c1e-4a53-9f0b-2f8c0d9a6c11" }) });

const notFound = () => new AppError("NOT_FOUND", "Transaction not found");

/** The caller's transaction with the other party's name (null for a top-up). */
const withCounterparty = transaction.extend({
  counterparty: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }).nullable().openapi({ description: "The other party (null for a top-up); name and e-mail are null when the directory cannot say" }),
});

/** One transaction with what happened to it, as a party reads it (no admin's id or note). */
const withHistory = withCounterparty.extend({
  history: z.array(statusStep.pick({ status: true, step: true, at: true, reason: true })).openapi({ description: "Each status step with its time and reason code, oldest first; the recipient does not see the sender's fraud screening" }),
});

const limitWindow = z.object({
  window: z.enum(["PER_TRANSACTION", "DAILY", "MONTHLY"]),
  limit: z.number().int(),
  used: z.number().int(),
  remaining: z.number().int(),
  resetsAt: z.string().nullable(),
});
const allowance = z.object({
  windows: z.array(limitWindow),
  available: z.number().int().openapi({ description: "The largest amount that passes the limit check now, in cents" }),
});
const allowanceResponse = z.object({ tier: kycTier, currency: z.literal("USD"), transfer: allowance, deposit: allowance });
const countsResponse = z.object({ deposits: z.number().int(), sent: z.number().int(), received: z.number().int() });

export interface TransactionsHttpDeps {
  db: Database;
  verifier: TokenVerifier;
  payments: Payments;
  idempotency: Idempotency;
  /** The tier limits the payments check, read by the allowance too. */
  limits: LimitsCache;
  /** The user directory, for the names of the other parties. */
  auth: RpcClient<typeof authContract>;
  log: Logger;
}

export function buildTransactionsHttp({ db, verifier, payments, idempotency, limits, auth, log }: TransactionsHttpDeps) {
  const app = createRouter();
  const authed = requireAuth(verifier);
  const moneyResponses = {
    201: json(transaction, "Completed"),
    400: problem,
    401: problem,
    403: problem,
    404: problem,
    409: problem,
    422: problem,
    503: problem,
    504: problem,
  };

  app.openapi(
    createRoute({
      method: "post",
      path: `${PREFIX}/transfer`,
      middleware: [authed],
      description: "Sends money to another user. 202: held for fraud review.",
      request: { headers: idempotencyHeader.partial(), ...body(transferBody) },
      responses: { ...moneyResponses, 202: json(transaction, "Held for fraud review") },
    }),
    async (c) => {
      const b = c.req.valid("json");
      const input = {
        senderId: c.get("user").id,
        recipientId: b.recipientId.toLowerCase(),
        amount: b.amount,
        description: b.description ?? null,
        category: b.category ?? null,
        merchant: b.merchant ?? null,
      };
      assertNotSelf(input.senderId, input.recipientId);
      // The status is decided at run time (or replayed), so the response is built untyped.
      return runIdempotent(c, idempotency, log, {
        path: `${PREFIX}/transfer`,
        body: { ...input, currency: "USD" },
        run: (claim) => payments.transfer({ ...input, country: c.get("clientCountry") }, claim),
      }) as never;
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${PREFIX}/topup`,
      middleware: [authed],
      description: "Adds money to the caller's wallet.",
      request: { headers: idempotencyHeader.partial(), ...body(topupBody) },
      responses: moneyResponses,
    }),
    async (c) => {
      const b = c.req.valid("json");
      const input = { userId: c.get("user").id, amount: b.amount, description: b.description ?? null };
      return runIdempotent(c, idempotency, log, {
        path: `${PREFIX}/topup`,
        body: { ...input, currency: "USD" },
        run: (claim) => payments.topup(input, claim),
      }) as never;
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: PREFIX,
      middleware: [authed],
      description: "The caller's sent and received transactions, newest first, each with the other party's name.",
      request: { query: listQuery },
      responses: { 200: json(z.object({ items: z.array(withCounterparty), nextCursor: z.string().nullable() }), "One page"), 400: problem, 401: problem },
    }),
    async (c) => {
      const { direction, ...filters } = c.req.valid("query");
      const userId = c.get("user").id;
      const page = await listPage(db, filters, { party: { userId, direction, hideFailedIncoming: true }, viewerId: userId, what: "Query" });
      return c.json({ items: await withCounterparties(auth, log, page.items, userId), nextCursor: page.nextCursor }, 200);
    },
  );

  // Before /{id}, which would otherwise take these paths for ids.
  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/limits`,
      middleware: [authed],
      description:
        "The caller's tier limits with what is used and left of each window (UTC day and month), for transfers and for deposits, computed exactly as the limit check of a payment computes them. `available` is the largest amount that passes now.",
      responses: { 200: json(allowanceResponse, "The caller's allowance"), 401: problem, 409: problem, 503: problem },
    }),
    async (c) => {
      const a = await allowanceFor(db, limits, c.get("user").id);
      const windows = (w: (typeof a)["transfer"]) => ({ available: w.available, windows: w.windows.map((x) => ({ ...x, resetsAt: x.resetsAt?.toISOString() ?? null })) });
      return c.json({ tier: a.tier, currency: "USD" as const, transfer: windows(a.transfer), deposit: windows(a.deposit) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/counts`,
      middleware: [authed],
      description: "How many of the caller's deposits, sent transfers and received transfers completed.",
      responses: { 200: json(countsResponse, "Counts of completed transactions"), 401: problem },
    }),
    async (c) => c.json(await completedCounts(db, c.get("user").id), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/{id}`,
      middleware: [authed],
      description: "One transaction the caller sent or received, with its status history; 404 for anyone else's.",
      request: { params: z.object({ id: z.string() }) },
      responses: { 200: json(withHistory, "The transaction"), 401: problem, 404: problem },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const userId = c.get("user").id;
      if (!isUuid(id)) throw notFound();
      const row = await loadTransaction(db, id.toLowerCase());
      // A sender's failed attempt is the sender's business; existence is never revealed to others.
      const visible = row && (row.senderId === userId || (row.recipientId === userId && row.status !== "FAILED"));
      if (!visible) throw notFound();
      const [shown] = await withCounterparties(auth, log, [toTransaction(row, userId)], userId);
      return c.json({ ...shown!, history: partyHistory(row, { isSender: row.senderId === userId }) }, 200);
    },
  );

  return app;
}
