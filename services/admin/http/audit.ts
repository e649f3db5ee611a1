import { createRoute, z } from "@hono/zod-openapi";
import { auditCursor, auditEventType, auditTime, MAX_AUDIT_PAGE, verifyReport } from "../../../proto-like-schemas/audit.ts";
import { orNull } from "../../../proto-like-schemas/admin.ts";
import { isUuid } from "../../../shared/ids.ts";
import { traceUrl } from "../domain/trace.ts";
import type { AdminDeps } from "../setup.ts";
import { json, PREFIX, problem, strictQuery, userRef, type Guard, type Router } from "./common.ts";


const listQuery = strictQuery({
  actorId: z.string().min(1).max(64).optional().openapi({ description: "Who acted (a user id)" }),
  type: auditEventType.optional().openapi({ description: "An event type, e.g. admin.transaction_reversed" }),
  targetUserId: z.string().min(1).max(64).optional().openapi({ description: "Entries concerning this user" }),
  from: auditTime.optional(),
  to: auditTime.optional(),
  cursor: auditCursor.optional(),
  limit: z.coerce
    .number({ error: `must be a whole number from 1 to ${MAX_AUDIT_PAGE}` })
    .int(`must be a whole number from 1 to ${MAX_AUDIT_PAGE}`)
    .min(1, `must be a whole number from 1 to ${MAX_AUDIT_PAGE}`)
    .max(MAX_AUDIT_PAGE, `must be a whole number from 1 to ${MAX_AUDIT_PAGE}`)
    .default(50),
});

const entryView = z
  .object({
    seq: z.number().int(),
    eventId: z.string(),
    type: z.string(),
    producer: z.string(),
    actor: orNull(userRef).meta({ description: "Who acted; the id alone when it is not a user (a service)" }),
    subjects: z.array(userRef),
    traceId: z.string().nullable(),
    traceUrl: z.string().nullable().openapi({ description: "The trace in the trace viewer (TRACE_UI_URL)" }),
    occurredAt: z.string(),
    recordedAt: z.string(),
    payload: z.unknown(),
    hash: z.string(),
  })
  .openapi("AuditEntry");

export function auditRoutes(app: Router, guard: Guard, deps: AdminDeps & { traceUi: string | undefined }) {
  const { down, people, traceUi } = deps;

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/audit`,
      middleware: guard,
      description:
        "The audit log, newest first: every event of every service and one entry per admin action or view. Filters: actorId, type, targetUserId (entries concerning that user), from/to (recorded time, inclusive; a bare date is a whole UTC day). Each entry links its trace.",
      request: { query: listQuery },
      responses: { 200: json(z.object({ entries: z.array(entryView), nextCursor: z.string().nullable() }), "One page"), 400: problem, 401: problem, 403: problem, 503: problem },
    }),
    async (c) => {
      const { targetUserId, ...filters } = c.req.valid("query");
      const page = await down.audit.list({ ...filters, subjectUserId: targetUserId });
      const names = await people.names(page.entries.flatMap((e) => [e.actorId, ...e.subjectUserIds]));
      const actor = (id: string | null) => (id === null ? null : isUuid(id) ? names.of(id) : { id, name: null, email: null });
      return c.json(
        {
          entries: page.entries.map((e) => ({
            seq: e.seq,
            eventId: e.eventId,
            type: e.type,
            producer: e.producer,
            actor: actor(e.actorId),
            subjects: e.subjectUserIds.map((id) => actor(id)!),
            traceId: e.traceId,
            traceUrl: traceUrl(traceUi, e.traceId),
            occurredAt: e.occurredAt,
            recordedAt: e.recordedAt,
            payload: e.payload,
            hash: e.hash,
          })),
          nextCursor: page.nextCursor,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/audit/verify`,
      middleware: guard,
      description: "Walks the hash chain from its first row and reports the first broken row (removed, altered or re-hashed), or ok with the head.",
      responses: { 200: json(verifyReport, "The report"), 401: problem, 403: problem, 503: problem },
    }),
    async (c) => c.json(await down.audit.verify({}, { timeoutMs: 10_000 }), 200),
  );
}
