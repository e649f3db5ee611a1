import { createRoute, z } from "@hono/zod-openapi";
import { AppError } from "../../../shared/errors.ts";
import type { AdminDeps } from "../setup.ts";
import { fraudCaseDetail, fraudCaseDetailOf, fraudDecisionView, fraudQueue, fraudQueueEntry, withNames } from "../views/fraud.ts";
import { withParties } from "../views/shapes.ts";
import { body, json, knownFieldsOnly, limit, nextOffset, notes, offsetCursor, pageOf, PREFIX, problem, reason, strictQuery, userIdParam, userRef, uuid, type Guard, type Router } from "./common.ts";

const queueQuery = strictQuery({ cursor: offsetCursor, limit: limit(20) });
const caseParam = z.object({ caseId: uuid("a case id") });
const sanctionView = z.object({ user: userRef, reason: z.string(), addedBy: userRef, addedAt: z.string() }).openapi("Sanction");

export function fraudRoutes(app: Router, guard: Guard, deps: AdminDeps) {
  const { down, reviews, recorder, people } = deps;

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/fraud/queue`,
      middleware: guard,
      description: "Fraud cases waiting for review (transfers whose funds are held), oldest first, with score, rules fired and both parties.",
      request: { query: queueQuery },
      responses: { 200: json(pageOf(fraudQueueEntry, { total: z.number().int() }), "One page"), 400: problem, 401: problem, 403: problem, 503: problem },
    }),
    async (c) => {
      const { cursor: offset = 0, limit: size } = c.req.valid("query");
      const page = await fraudQueue(deps, offset, size);
      return c.json({ ...page, nextCursor: nextOffset(offset, page.items.length, page.total) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/fraud/cases/{caseId}`,
      middleware: guard,
      description: "One case with its transfer and the sender's recent history.",
      request: { params: caseParam },
      responses: { 200: json(fraudCaseDetail, "The case"), 400: problem, 401: problem, 403: problem, 404: problem, 503: problem },
    }),
    async (c) => c.json(await fraudCaseDetailOf(deps, c.req.valid("param").caseId), 200),
  );

  for (const [action, outcome] of [
    ["approve", "APPROVE"],
    ["block", "BLOCK"],
  ] as const) {
    app.openapi(
      createRoute({
        method: "post",
        path: `${PREFIX}/fraud/cases/{caseId}/${action}`,
        middleware: guard,
        description:
          action === "approve"
            ? "Approves the held transfer: its funds are captured and it completes. The case leaves the queue. Recorded once (admin.fraud_case_approved)."
            : "Blocks the held transfer: its funds are released and it is cancelled. The case leaves the queue. Recorded once (admin.fraud_case_blocked).",
        request: { params: caseParam, ...body(knownFieldsOnly({ notes })) },
        responses: { 200: json(fraudDecisionView, "Decided (the same decision again answers the same)"), 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 503: problem },
      }),
      async (c) => {
        const outcomeOf = await reviews.reviewFraudCase(c.get("user").id, c.req.valid("param").caseId, outcome, c.req.valid("json").notes);
        await recorder.record(outcomeOf.record!);
        const decided = outcomeOf.result;
        const t = await down.transactions.get({ transactionId: decided.transactionId }).catch((err) => {
          if (err instanceof AppError && err.code === "NOT_FOUND") return null;
          throw err;
        });
        const names = await people.names([decided.userId, decided.recipientId, decided.reviewedBy]);
        return c.json({ case: withNames(decided, names), transaction: t && withParties(t, names) }, 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/fraud/sanctions`,
      middleware: guard,
      description: "The sanctions list: a transfer to a listed user is blocked.",
      responses: { 200: json(z.object({ items: z.array(sanctionView) }), "Every entry, oldest first"), 401: problem, 403: problem, 503: problem },
    }),
    async (c) => {
      const { items } = await down.fraud.sanctionsList({});
      const names = await people.names(items.flatMap((s) => [s.userId, s.addedBy]));
      return c.json({ items: items.map((s) => ({ user: names.of(s.userId)!, reason: s.reason, addedBy: names.of(s.addedBy)!, addedAt: s.addedAt })) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${PREFIX}/fraud/sanctions`,
      middleware: guard,
      description: "Lists a user (transfers to them are blocked from now on). Listing a listed user answers the existing entry. Recorded once (admin.sanction_added).",
      request: body(knownFieldsOnly({ userId: uuid("a user id"), reason })),
      responses: { 201: json(z.object({ sanction: sanctionView }), "Listed"), 400: problem, 401: problem, 403: problem, 404: problem, 503: problem },
    }),
    async (c) => {
      const { userId, reason: why } = c.req.valid("json");
      const outcome = await reviews.addSanction(c.get("user").id, userId, why);
      await recorder.record(outcome.record!);
      const s = outcome.result;
      const names = await people.names([s.userId, s.addedBy]);
      return c.json({ sanction: { user: names.of(s.userId)!, reason: s.reason, addedBy: names.of(s.addedBy)!, addedAt: s.addedAt } }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: `${PREFIX}/fraud/sanctions/{userId}`,
      middleware: guard,
      description: "Takes a user off the list, with the reason (a JSON body). 404 when the user is not listed. Recorded once (admin.sanction_removed).",
      request: { params: userIdParam, ...body(knownFieldsOnly({ reason })) },
      responses: { 200: json(z.object({ removed: sanctionView }), "Removed"), 400: problem, 401: problem, 403: problem, 404: problem, 503: problem },
    }),
    async (c) => {
      const outcome = await reviews.removeSanction(c.get("user").id, c.req.valid("param").userId, c.req.valid("json").reason);
      await recorder.record(outcome.record!);
      const s = outcome.result;
      const names = await people.names([s.userId, s.addedBy]);
      return c.json({ removed: { user: names.of(s.userId)!, reason: s.reason, addedBy: names.of(s.addedBy)!, addedAt: s.addedAt } }, 200);
    },
  );
}
