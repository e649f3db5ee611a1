import { createRoute, z } from "@hono/zod-openapi";
import { PENDING_ACTION_STATUSES } from "../db/schema.ts";
import type { AdminDeps } from "../setup.ts";
import { actionViews, pendingActionView } from "../views/actions.ts";
import { body, json, knownFieldsOnly, limit, pageOf, PREFIX, problem, reason, strictQuery, uuid, type Guard, type Router } from "./common.ts";

const listQuery = strictQuery({
  status: z.enum(PENDING_ACTION_STATUSES).optional().openapi({ description: "Only these; PENDING by default shows what waits for a decision" }),
  cursor: uuid("a cursor from this list").optional(),
  limit: limit(20),
});
const idParam = z.object({ actionId: uuid("an action id") });

export function approvalRoutes(app: Router, guard: Guard, deps: AdminDeps) {
  const { approvals, people, clock } = deps;
  const view = async (row: Parameters<typeof actionViews>[0][number]) => (await actionViews([row], people, clock))[0]!;

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/approvals`,
      middleware: guard,
      description: "Dual-control actions, newest first. A PENDING action past its deadline shows as EXPIRED.",
      request: { query: listQuery },
      responses: { 200: json(pageOf(pendingActionView), "One page"), 400: problem, 401: problem, 403: problem, 503: problem },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const page = await approvals.list(q);
      return c.json({ items: await actionViews(page.items, people, clock), nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/approvals/{actionId}`,
      middleware: guard,
      request: { params: idParam },
      responses: { 200: json(pendingActionView, "The action"), 400: problem, 401: problem, 403: problem, 404: problem, 503: problem },
    }),
    async (c) => c.json(await view(await approvals.load(c.req.valid("param").actionId)), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${PREFIX}/approvals/{actionId}/approve`,
      middleware: guard,
      description:
        "A second admin approves: the action runs now, once (two approvals racing run it once; the loser gets 409). The admin who asked cannot approve it (403); an expired one cannot be approved (409). The answer is EXECUTED, or FAILED with the owning service's refusal; if a service it needs is down, 503 and it runs again later (or when the same admin approves again). The audit entry names both admins.",
      request: { params: idParam },
      responses: { 200: json(pendingActionView, "Run"), 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 503: problem },
    }),
    async (c) => c.json(await view(await approvals.approve(c.req.valid("param").actionId, c.get("user").id)), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${PREFIX}/approvals/{actionId}/reject`,
      middleware: guard,
      description: "A second admin rejects the action with a reason; it never runs. Recorded once (admin.approval_rejected).",
      request: { params: idParam, ...body(knownFieldsOnly({ reason })) },
      responses: { 200: json(pendingActionView, "Rejected"), 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 503: problem },
    }),
    async (c) => c.json(await view(await approvals.reject(c.req.valid("param").actionId, c.get("user").id, c.req.valid("json").reason)), 200),
  );
}
