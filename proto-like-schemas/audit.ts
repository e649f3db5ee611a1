import { z } from "zod";
import { defineContract, method } from "../shared/rpc/contract.ts";
import { id, isoTime } from "./money.ts";

/** One event as the audit log keeps it. `seq` is its position in the hash chain. */
export const auditEntry = z.object({
  seq: z.number().int().min(1),
  eventId: z.string(),
  type: z.string(),
  producer: z.string(),
  actorId: z.string().nullable(),
  subjectUserIds: z.array(z.string()),
  /** The W3C trace id of the request that caused the event, when the producer had one. */
  traceId: z.string().nullable(),
  /** The producer's clock. */
  occurredAt: isoTime,
  /** The audit service's (database's) clock when the row was appended. */
  recordedAt: isoTime,
  payload: z.unknown(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const MAX_AUDIT_PAGE = 200;

export const auditEventType = z.string().regex(/^[a-z]+\.[a-z_]+$/, "must be an event type such as transaction.completed");
export const auditCursor = z.string().regex(/^[1-9][0-9]{0,15}$/, "is not a cursor from this list");
export const auditTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: "must be an ISO date (YYYY-MM-DD) or date-time" });

/**
 * Filters of the audit listing; all given ones apply. `from` and `to` bound the recorded time and are both inclusive;
 * a bare date (UTC) covers the whole day. Entries come newest first; `cursor` is the
 * `nextCursor` of the previous page.
 */
export const auditFilterShape = {
  actorId: id.optional(),
  type: auditEventType.optional(),
  /** Entries concerning this user (one of the event's subjects). */
  subjectUserId: id.optional(),
  /** Entries about this transaction (events whose data names it). */
  transactionId: id.optional(),
  from: auditTime.optional(),
  to: auditTime.optional(),
  cursor: auditCursor.optional(),
  limit: z.number().int().min(1).max(MAX_AUDIT_PAGE).default(50),
};
export const auditFilters = z.object(auditFilterShape);
export type AuditFilters = z.output<typeof auditFilters>;

export const auditPage = z.object({ entries: z.array(auditEntry), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof auditPage>;

export const CHAIN_BREAK_REASONS = ["SEQUENCE_GAP", "LINK_BROKEN", "HASH_MISMATCH", "UNREADABLE"] as const;

/** The result of walking the whole hash chain from its first row. */
export const verifyReport = z.object({
  ok: z.boolean(),
  /** Rows found intact, from seq 1 up to the first broken one (or the head). */
  checkedRows: z.number().int().min(0),
  /** The last intact row: keep its hash elsewhere to detect later removal of rows at the end. */
  head: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
  firstBroken: z.object({ seq: z.number().int(), eventId: z.string(), reason: z.enum(CHAIN_BREAK_REASONS), detail: z.string() }).nullable(),
  verifiedAt: isoTime,
});
export type VerifyReport = z.infer<typeof verifyReport>;

/** For the admin service: the same listing and verification as GET /internal/audit and /internal/audit/verify. */
export const auditContract = defineContract("audit", {
  list: method({ request: auditFilters, response: auditPage, idempotent: true }),
  verify: method({ request: z.object({}), response: verifyReport, idempotent: true }),
});
