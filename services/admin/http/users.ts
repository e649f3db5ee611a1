import { createRoute, z } from "@hono/zod-openapi";
import { userSummary } from "../../../proto-like-schemas/auth.ts";
import { roleSchema } from "../../../proto-like-schemas/events/auth.ts";
import { AppError } from "../../../shared/errors.ts";
import type { AdminDeps } from "../setup.ts";
import { needsSecondAdmin } from "../domain/dual-control.ts";
import { actionViews, pendingActionView } from "../views/actions.ts";
import { walletView } from "../views/shapes.ts";
import { userList, userListEntry, userPicture, userPictureView } from "../views/users.ts";
import { accepted, body, cursor, json, knownFieldsOnly, limit, pageOf, PREFIX, problem, reason, strictQuery, userIdParam, type Guard, type Router } from "./common.ts";

const listQuery = strictQuery({
  q: z.string().trim().max(254, "must be at most 254 characters").optional().openapi({ description: "An e-mail prefix, or the start of a word of the name; empty lists everyone" }),
  cursor,
  limit: limit(20),
});

const reasonBody = knownFieldsOnly({ reason });
const roleBody = knownFieldsOnly({ role: roleSchema, reason });
const walletChanged = json(z.object({ wallet: walletView }), "The wallet as it now is (a repeat answers it unchanged)");

export function userRoutes(app: Router, guard: Guard, deps: AdminDeps) {
  const { down, users, recorder, approvals, people, clock } = deps;

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/users`,
      middleware: guard,
      description: "Users by e-mail prefix or name (every user when `q` is empty), by e-mail, with their wallet.",
      request: { query: listQuery },
      responses: { 200: json(pageOf(userListEntry), "One page"), 400: problem, 401: problem, 403: problem, 503: problem },
    }),
    async (c) => c.json(await userList(down, c.req.valid("query")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/users/{userId}`,
      middleware: guard,
      description: "Everything about one user: identity and role, wallet with balance and holds, KYC tier and limits, recent transactions, open fraud cases, sanction, a pending role change. Each view is recorded in the audit log (admin.user_viewed).",
      request: { params: userIdParam },
      responses: { 200: json(userPictureView, "The user's picture"), 400: problem, 401: problem, 403: problem, 404: problem, 503: problem },
    }),
    async (c) => {
      const { userId } = c.req.valid("param");
      const picture = await userPicture(deps, userId);
      await recorder.record({ type: "admin.user_viewed", data: { userId }, actorId: c.get("user").id, subjectUserIds: [userId] });
      return c.json(picture, 200);
    },
  );

  for (const action of ["freeze", "unfreeze"] as const) {
    app.openapi(
      createRoute({
        method: "post",
        path: `${PREFIX}/users/{userId}/${action}`,
        middleware: guard,
        description:
          action === "freeze"
            ? "Freezes the user's wallet: every payment in or out is refused until it is unfrozen. The user is notified (without the reason, which stays internal). Recorded once (admin.user_frozen)."
            : "Unfreezes the user's wallet; the user is notified. Recorded once (admin.user_unfrozen).",
        request: { params: userIdParam, ...body(reasonBody) },
        responses: { 200: walletChanged, 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 503: problem },
      }),
      async (c) => {
        const { userId } = c.req.valid("param");
        const adminId = c.get("user").id;
        const { reason: why } = c.req.valid("json");
        const outcome = action === "freeze" ? await users.freeze(adminId, userId, why) : await users.unfreeze(adminId, userId, why);
        await recorder.record(outcome.record!);
        return c.json({ wallet: outcome.result }, 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: "put",
      path: `${PREFIX}/users/{userId}/role`,
      middleware: guard,
      description:
        "Sets a user's role. A demotion runs at once (an admin cannot change their own role, and the last admin cannot be demoted: auth refuses with 409). A promotion to ADMIN waits for a second admin: 202 with the pending action.",
      request: { params: userIdParam, ...body(roleBody) },
      responses: {
        200: json(z.object({ user: userSummary, previousRole: roleSchema, changed: z.boolean() }), "Done (changed: false when the user already had the role)"),
        202: accepted(pendingActionView),
        400: problem,
        401: problem,
        403: problem,
        404: problem,
        409: problem,
        503: problem,
      },
    }),
    async (c) => {
      const { userId } = c.req.valid("param");
      const { role, reason: why } = c.req.valid("json");
      const adminId = c.get("user").id;
      if (userId === adminId) throw new AppError("FAILED_PRECONDITION", "Admins cannot change their own role");
      const user = await down.auth.getUser({ userId });
      if (user.role !== role && needsSecondAdmin({ kind: "SET_ROLE", role }, 0)) {
        const { action } = await approvals.request({ kind: "PROMOTE", targetId: userId, targetUserIds: [userId], amount: null, params: { role }, reason: why, requestedBy: adminId });
        const [view] = await actionViews([action], people, clock);
        return c.json(view!, 202);
      }
      const outcome = await users.setRole(adminId, userId, role, why);
      if (outcome.record) await recorder.record(outcome.record);
      return c.json(outcome.result, 200);
    },
  );
}
