import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { amountCents } from "../../../proto-like-schemas/money.ts";
import type { createRouter } from "../../../shared/http/app.ts";
import type { SharePayments } from "../share-payments.ts";
import type { Splits } from "../splits.ts";
import { body, expectNoBody, json, knownFieldsOnly, pageOf, pageQuery, PREFIX, problem, usd, userId } from "./common.ts";

const MAX_PARTICIPANTS = 50;

const share = z.object({
  id: z.string(),
  splitId: z.string(),
  userId: z.string(),
  name: z.string().nullable().openapi({ description: "null when the directory could not say" }),
  email: z.string().nullable(),
  amountCents: z.number().int(),
  status: z.enum(["PENDING", "PAID"]),
  transactionId: z.string().nullable(),
  awaitingReview: z.boolean(),
  paidAt: z.string().nullable(),
});
const head = {
  id: z.string(),
  creatorId: z.string(),
  creator: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }).openapi({ description: "Who created the split; name and email are null when the directory could not say" }),
  title: z.string(),
  totalCents: z.number().int(),
  currency: z.literal("USD"),
  status: z.enum(["OPEN", "SETTLED"]),
  settledAt: z.string().nullable(),
  createdAt: z.string(),
};
const split = z.object({ ...head, participants: z.array(share) });
const summary = z.object({ ...head, participantCount: z.number().int(), paidCount: z.number().int(), myShare: z.object({ amountCents: z.number().int(), status: z.enum(["PENDING", "PAID"]) }).nullable() });
const payResult = z.object({ outcome: z.enum(["paid", "already_paid", "held"]), share, splitStatus: z.enum(["OPEN", "SETTLED"]) });

const createBody = knownFieldsOnly({
  title: z.string().trim().min(1, "must not be empty").max(255, "must be at most 255 characters"),
  totalCents: amountCents,
  currency: usd,
  participants: z
    .array(knownFieldsOnly({ userId, amountCents }))
    .min(1, "at least one participant is required")
    .max(MAX_PARTICIPANTS, `at most ${MAX_PARTICIPANTS} participants`),
});

const idParam = { params: z.object({ id: z.string() }) };

/** The transfer endpoint's replay header: the answer is an earlier call's payment. */
const REPLAYED_HEADER = "Idempotent-Replayed";
const replayedHeader = z.object({ [REPLAYED_HEADER]: z.literal("true").optional().openapi({ description: "Present when an earlier call made the payment this answer shows" }) });

export function splitRoutes(app: ReturnType<typeof createRouter>, authed: MiddlewareHandler<any>, splits: Splits, sharePayments: SharePayments) {
  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/splits`,
      middleware: [authed],
      description: "Splits the caller created or has a share in, newest first.",
      request: { query: z.object(pageQuery) },
      responses: { 200: json(pageOf(summary), "One page"), 400: problem, 401: problem },
    }),
    async (c) => c.json(await splits.list(c.get("user").id, c.req.valid("query")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${PREFIX}/splits`,
      middleware: [authed],
      description:
        "Splits a bill: the shares (whole cents, at least 1 each) must add up exactly to the total, each participant once, every participant an active user. The creator may list themself: their own share counts as paid at once (nobody pays themself).",
      request: body(createBody),
      responses: { 201: json(split, "Created"), 400: problem, 401: problem, 404: problem, 409: problem, 503: problem },
    }),
    async (c) => {
      const b = c.req.valid("json");
      return c.json(await splits.create(c.get("user").id, { title: b.title, totalCents: b.totalCents, participants: b.participants }), 201);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: `${PREFIX}/splits/{id}`, middleware: [authed], description: "One split the caller created or has a share in, with every share.", request: idParam, responses: { 200: json(split, "The split"), 401: problem, 404: problem } }),
    async (c) => c.json(await splits.get(c.get("user").id, c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${PREFIX}/splits/{id}/pay`,
      middleware: [authed],
      description:
        "Pays the caller's share: a transfer of the share to the creator, made now with the caller's limits and fraud checks. 201: this call paid. 200 with `Idempotent-Replayed: true`: an earlier call paid, and this answer is that payment (nothing moves again). 202: held for fraud review (the share is paid when the review approves it), with `Idempotent-Replayed: true` when an earlier call's payment is the one held. 409 while another call's payment of the share is still in flight. Calls at the same moment move the money once and exactly one answers 201. A share whose payment an admin reversed is unpaid again, and paying it makes a new payment. No body: the transfer is made here, never taken from the client.",
      request: idParam,
      responses: {
        200: { ...json(payResult, "Already paid by an earlier call"), headers: replayedHeader },
        201: json(payResult, "Paid by this call"),
        202: { ...json(payResult, "Held for review"), headers: replayedHeader },
        401: problem,
        403: problem,
        404: problem,
        409: problem,
        422: problem,
        503: problem,
        504: problem,
      },
    }),
    async (c) => {
      await expectNoBody(c);
      const user = c.get("user");
      const { result, replayed } = await sharePayments.pay(user.id, c.req.valid("param").id);
      if (replayed) c.header(REPLAYED_HEADER, "true");
      // The share is always the caller's own: their name and e-mail are the token's.
      const answer = { ...result, share: { ...result.share, name: user.name, email: user.email } };
      return c.json(answer, result.outcome === "paid" ? 201 : result.outcome === "held" ? 202 : 200);
    },
  );
}
