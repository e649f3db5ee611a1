import { Hono } from "hono";
import { AuditPage, type AuditResult, AuditVerify, type VerifyState } from "@mint/views/pages/admin/audit.tsx";
import { eventCatalog } from "../../../../proto-like-schemas/events/index.ts";
import type { C, WebEnv } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { view as h } from "../../app/render.tsx";
import type { SignedIn } from "../../app/session.ts";
import { parseAuditFilters, queryOf } from "../../domain/admin/filters.ts";
import type { UserHandle } from "../../domain/admin/forms.ts";
import { adminZone, cursorParam, onFilters, refusalText, resolveUser, rowsOf } from "./common.ts";

const ACTIVE = "/app-admin/audit";
const PAGE_SIZE = 50;
const CURSOR = /^[1-9][0-9]{0,15}$/;
/** Every event type there is, for the type filter. */
const EVENT_TYPES = Object.keys(eventCatalog).sort();

/**
 * /app-admin/audit: the tamper-evident log with filters (actor, type, target user, dates) and
 * paging, each entry's payload and trace link, and the chain verification.
 */
export function auditPage(kit: Kit) {
  const app = new Hono<WebEnv>();
  const admin = kit.clients.admin;

  async function verify(c: C, s: SignedIn): Promise<VerifyState> {
    const r = await admin.verifyAudit(c.get("meta"), s.accessToken);
    return r.ok ? { kind: "report", report: r.data } : { kind: "unavailable", message: refusalText(r.problem) };
  }

  app.get(
    "/",
    kit.adminPage(ACTIVE, async (c, s) => {
      const tz = adminZone(c);
      const url = new URL(c.req.url);
      const filters = parseAuditFilters(url.searchParams, tz);
      const query = queryOf(filters.values);
      const cursor = cursorParam(c, CURSOR);
      const verifying = url.searchParams.get("verify") === "1" ? verify(c, s) : Promise.resolve<VerifyState>({ kind: "none" });
      const render = async (result: AuditResult, status = 200) => {
        c.status(status as 200);
        return h(AuditPage, { filters, types: EVENT_TYPES, result, verify: await verifying, query, tz });
      };
      if (!filters.api) return render({ kind: "invalid" }, 422);
      const resolve = (handle: UserHandle | undefined) => (handle ? resolveUser(kit, c, s, handle) : Promise.resolve(undefined));
      const [actor, target] = await Promise.all([resolve(filters.actor), resolve(filters.target)]);
      if (actor && !actor.ok) filters.errors.actor = actor.message;
      if (target && !target.ok) filters.errors.target = target.message;
      if ((actor && !actor.ok) || (target && !target.ok)) return render({ kind: "invalid" }, 422);
      const r = await admin.audit(c.get("meta"), s.accessToken, {
        ...filters.api,
        actorId: actor?.ok ? actor.id : undefined,
        targetUserId: target?.ok ? target.id : undefined,
        cursor,
        limit: PAGE_SIZE,
      });
      if (!r.ok) {
        if (onFilters(r, filters.errors, (field) => (field === "actorId" ? "actor" : field === "targetUserId" ? "target" : field === "type" || field === "from" || field === "to" ? field : undefined))) {
          return render({ kind: "invalid" }, 422);
        }
        kit.log.warn("audit log unavailable", { status: r.status, requestId: c.get("requestId") });
        return render({ kind: "unavailable" });
      }
      return render(rowsOf({ items: r.data.entries, nextCursor: r.data.nextCursor }, cursor, (next) => `${ACTIVE}${queryOf(filters.values, { cursor: next })}`));
    }),
  );

  app.get(
    "/parts/verify",
    kit.adminAction(async (c, s) => {
      const filters = parseAuditFilters(new URL(c.req.url).searchParams, adminZone(c));
      return c.html(h(AuditVerify, { state: await verify(c, s), query: queryOf(filters.values), tz: adminZone(c) }));
    }),
  );

  return app;
}
