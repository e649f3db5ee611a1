import { createRoute, z } from "@hono/zod-openapi";
import { amountCents } from "../../../proto-like-schemas/money.ts";
import { transactionStatus, transactionType, type Transaction } from "../../../proto-like-schemas/transactions.ts";
import { needsSecondAdmin } from "../domain/dual-control.ts";
import type { AdminDeps } from "../setup.ts";
import { actionViews, pendingActionView } from "../views/actions.ts";
import { transactionView, withParties } from "../views/shapes.ts";
import { transactionDetail, transactionDetailView, transactionList } from "../views/transactions.ts";
import { accepted, body, cursor, json, knownFieldsOnly, limit, pageOf, PREFIX, problem, reason, strictQuery, uuid, type Guard, type Router } from "./common.ts";

const isoDateOrTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: "must be an ISO date (YYYY-MM-DD) or date-time" });
const queryAmount = z.coerce.number({ error: "must be a number of cents" }).pipe(amountCents);

const listQuery = strictQuery({
  userId: uuid("a user id").optional().openapi({ description: "Transactions in which this user pays or is paid" }),
  type: transactionType.optional(),
  status: transactionStatus.optional(),
  from: isoDateOrTime.optional().openapi({ description: "Created at or after (a bare date: from 00:00 UTC)" }),
  to: isoDateOrTime.optional().openapi({ description: "Created at or before (a bare date: the whole UTC day)" }),
  minAmount: queryAmount.optional(),
  maxAmount: queryAmount.optional(),
  q: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters").optional().openapi({ description: "Words of the description or merchant" }),
  cursor,
  limit: limit(20),
});

const idParam = z.object({ transactionId: uuid("a transaction id") });
const done = json(z.object({ transaction: transactionView }), "Done (a repeat answers the transaction as it is)");

export function transactionRoutes(app: Router, guard: Guard, deps: AdminDeps & { dualControlCents: number; traceUi: string | undefined }) {
  const { down, money, recorder, approvals, people, clock, dualControlCents } = deps;

  const answer = async (t: Transaction) => withParties(t, await people.names([t.senderId, t.recipientId]));
  const parties = (t: Transaction) => [t.senderId, ...(t.recipientId ? [t.recipientId] : [])];

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/transactions`,
      middleware: guard,
      description: "Every transaction, newest first, with the filters of the user's own list plus user, status, type and amount range.",
      request: { query: listQuery },
      responses: { 200: json(pageOf(transactionView), "One page"), 400: problem, 401: problem, 403: problem, 503: problem },
    }),
    async (c) => c.json(await transactionList(deps, c.req.valid("query")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/transactions/{transactionId}`,
      middleware: guard,
      description: "One transaction with its status history, ledger movements, audited events with trace links, and any action waiting on it.",
      request: { params: idParam },
      responses: { 200: json(transactionDetailView, "The transaction"), 400: problem, 401: problem, 403: problem, 404: problem, 503: problem },
    }),
    async (c) => c.json(await transactionDetail(deps, c.req.valid("param").transactionId), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${PREFIX}/transactions/{transactionId}/reverse`,
      middleware: guard,
      description: `Reverses a COMPLETED transaction: the payee pays the amount back. Without \`force\` it is refused (422 INSUFFICIENT_FUNDS) when the payee no longer holds the money; with it the payee's balance may go negative (shown as owed). Above ADMIN_DUAL_CONTROL_CENTS it waits for a second admin (202). Recorded once (admin.transaction_reversed).`,
      request: { params: idParam, ...body(knownFieldsOnly({ reason, force: z.boolean({ error: "must be true or false" }).default(false) })) },
      responses: { 200: done, 202: accepted(pendingActionView), 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem, 503: problem },
    }),
    async (c) => {
      const { transactionId } = c.req.valid("param");
      const { reason: why, force } = c.req.valid("json");
      const adminId = c.get("user").id;
      const t = await down.transactions.get({ transactionId });
      if (t.status === "COMPLETED" && needsSecondAdmin({ kind: "REVERSE", amountCents: t.amount }, dualControlCents)) {
        const { action } = await approvals.request({ kind: "REVERSE", targetId: t.id, targetUserIds: parties(t), amount: t.amount, params: { force }, reason: why, requestedBy: adminId });
        return c.json((await actionViews([action], people, clock))[0]!, 202);
      }
      const outcome = await money.reverse(adminId, t.id, why, force);
      await recorder.record(outcome.record!);
      return c.json({ transaction: await answer(outcome.result) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${PREFIX}/transactions/{transactionId}/force-complete`,
      middleware: guard,
      description:
        "Settles a transaction stuck in PENDING or PROCESSING by asking the wallet what happened: COMPLETED if the money moved, otherwise FAILED (or CANCELLED when its hold was released); nothing is assumed and nothing moves again. A transfer held for fraud review is refused (decide the case instead). Above ADMIN_DUAL_CONTROL_CENTS it waits for a second admin (202). Recorded once (admin.transaction_force_completed).",
      request: { params: idParam, ...body(knownFieldsOnly({ reason })) },
      responses: { 200: done, 202: accepted(pendingActionView), 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 503: problem },
    }),
    async (c) => {
      const { transactionId } = c.req.valid("param");
      const { reason: why } = c.req.valid("json");
      const adminId = c.get("user").id;
      const t = await down.transactions.get({ transactionId });
      // A transfer held for review is the reviewer's: the transactions service refuses it at once, with the reason.
      const unsettled = (t.status === "PENDING" && t.statusReason !== "FRAUD_REVIEW") || t.status === "PROCESSING";
      if (unsettled && needsSecondAdmin({ kind: "FORCE_COMPLETE", amountCents: t.amount }, dualControlCents)) {
        const { action } = await approvals.request({ kind: "FORCE_COMPLETE", targetId: t.id, targetUserIds: parties(t), amount: t.amount, params: {}, reason: why, requestedBy: adminId });
        return c.json((await actionViews([action], people, clock))[0]!, 202);
      }
      const outcome = await money.forceComplete(adminId, t.id, why);
      await recorder.record(outcome.record!);
      return c.json({ transaction: await answer(outcome.result) }, 200);
    },
  );
}
