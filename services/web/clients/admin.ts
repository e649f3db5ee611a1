import { z } from "zod";
import {
  adminTransaction,
  adminWallet,
  documentLink,
  fraudCaseDetail,
  fraudDecision,
  fraudQueueEntry,
  kycProfile,
  kycQueueEntry,
  kycReview,
  overview,
  pageOf,
  pendingAction,
  tierLimits,
  transactionDetail,
  userListEntry,
  userPicture,
  userRef,
} from "../../../proto-like-schemas/admin.ts";
import { userSummary } from "../../../proto-like-schemas/auth.ts";
import { verifyReport } from "../../../proto-like-schemas/audit.ts";
import { roleSchema } from "../../../proto-like-schemas/events/auth.ts";
import type { documentSummary } from "../../../proto-like-schemas/kyc.ts";
import type { AdminTierLimits, PendingAction, PendingActionStatus } from "../../../proto-like-schemas/admin.ts";
import type { Problem } from "../domain/page/problem.ts";
import { createServiceClient, type RequestMeta } from "./http.ts";

/*
 * The admin API's answers (services/admin: /admin/*, its /openapi.json), validated here so a page
 * renders only what it understands. The shapes themselves are declared once, in proto-like-schemas/admin.ts,
 * which the admin service sends. Every call carries the signed-in admin's own token: the admin
 * service decides what they may do.
 */

export { PENDING_ACTION_STATUSES } from "../../../proto-like-schemas/admin.ts";
export type {
  AdminKycProfile,
  AdminTierLimits,
  AdminTransaction,
  AdminTransactionDetail,
  AdminWallet,
  DocumentLink,
  FraudCaseDetail,
  FraudCaseView,
  FraudQueueEntry,
  KycQueueEntry,
  KycReview,
  Overview,
  PendingAction,
  PendingActionStatus,
  UserListEntry,
  UserPicture,
  UserRef,
  UserTransaction,
} from "../../../proto-like-schemas/admin.ts";
export type AdminDocument = z.infer<typeof documentSummary>;

const count = z.number().int();

const roleChanged = z.object({ user: userSummary, previousRole: roleSchema, changed: z.boolean() });

const sanction = z.object({ user: userRef, reason: z.string(), addedBy: userRef, addedAt: z.string() });
export type Sanction = z.infer<typeof sanction>;

const transactionDone = z.object({ transaction: adminTransaction });

export const TIER_NAMES = ["UNVERIFIED", "BASIC", "VERIFIED"] as const;
export type TierName = (typeof TIER_NAMES)[number];
const limitsTable = z.object({ tiers: z.object({ UNVERIFIED: tierLimits, BASIC: tierLimits, VERIFIED: tierLimits }), currency: z.literal("USD") });
export type LimitsTable = z.infer<typeof limitsTable>;

const auditEntry = z.object({
  seq: count,
  eventId: z.string(),
  type: z.string(),
  producer: z.string(),
  actor: userRef.nullable(),
  subjects: z.array(userRef),
  traceId: z.string().nullable(),
  traceUrl: z.string().nullable(),
  occurredAt: z.string(),
  recordedAt: z.string(),
  payload: z.unknown(),
  hash: z.string(),
});
export type AuditEntryView = z.infer<typeof auditEntry>;
const auditPage = z.object({ entries: z.array(auditEntry), nextCursor: z.string().nullable() });
export type AuditVerifyReport = z.infer<typeof verifyReport>;

/** An action that may wait for a second admin: done at once (200), or a pending action (202). */
export type MaybePending<T> = { ok: true; pending: false; data: T } | { ok: true; pending: true; action: PendingAction } | { ok: false; status: number; problem: Problem };

export interface TransactionQuery {
  userId?: string;
  type?: string;
  status?: string;
  from?: string;
  to?: string;
  minAmount?: number;
  maxAmount?: number;
  q?: string;
  cursor?: string;
  limit?: number;
}

export interface AuditQuery {
  actorId?: string;
  type?: string;
  targetUserId?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

export type LimitsChange = Partial<Record<TierName, Partial<AdminTierLimits>>>;

/** The admin service's public API (/admin), as the console uses it. */
export function createAdminClient(baseUrl: string) {
  const client = createServiceClient({ service: "admin", baseUrl: baseUrl.replace(/\/+$/, "") + "/admin" });
  const { call } = client;
  const seg = encodeURIComponent;

  const unexpected = { ok: false as const, status: 502, problem: { status: 502, code: "UNAVAILABLE", title: "The admin service is unavailable", detail: "Unexpected answer from the admin service" } };

  /** 202 is a pending action (dual control); anything else successful is the action's own answer. */
  async function maybePending<S extends z.ZodType>(method: "POST" | "PUT", path: string, done: S, meta: RequestMeta, token: string, body: unknown): Promise<MaybePending<z.infer<S>>> {
    const r = await call(method, path, z.union([pendingAction, done]), meta, { token, body });
    if (!r.ok) return r;
    if (r.status === 202) {
      const action = pendingAction.safeParse(r.data);
      if (action.success) return { ok: true, pending: true, action: action.data };
      return unexpected;
    }
    const parsed = done.safeParse(r.data);
    if (!parsed.success) return unexpected;
    return { ok: true, pending: false, data: parsed.data };
  }

  return {
    client,
    overview: (meta: RequestMeta, token: string) => call("GET", "/overview", overview, meta, { token }),

    users: (meta: RequestMeta, token: string, q: { q?: string; cursor?: string; limit?: number }) => call("GET", "/users", pageOf(userListEntry), meta, { token, query: q }),
    /** A user's whole picture (each view is recorded in the audit log). */
    user: (meta: RequestMeta, token: string, userId: string) => call("GET", `/users/${seg(userId)}`, userPicture, meta, { token }),
    freeze: (meta: RequestMeta, token: string, userId: string, reason: string) => call("POST", `/users/${seg(userId)}/freeze`, z.object({ wallet: adminWallet }), meta, { token, body: { reason } }),
    unfreeze: (meta: RequestMeta, token: string, userId: string, reason: string) => call("POST", `/users/${seg(userId)}/unfreeze`, z.object({ wallet: adminWallet }), meta, { token, body: { reason } }),
    setRole: (meta: RequestMeta, token: string, userId: string, role: "USER" | "ADMIN", reason: string) => maybePending("PUT", `/users/${seg(userId)}/role`, roleChanged, meta, token, { role, reason }),

    kycQueue: (meta: RequestMeta, token: string, q: { cursor?: string; limit?: number } = {}) => call("GET", "/kyc/queue", pageOf(kycQueueEntry, { total: count }), meta, { token, query: q }),
    /** A user's KYC profile and documents (each view is recorded in the audit log). */
    kycReview: (meta: RequestMeta, token: string, userId: string) => call("GET", `/kyc/${seg(userId)}`, kycReview, meta, { token }),
    /** A short-lived same-origin link to a document's file (each link handed out is recorded). */
    documentLink: (meta: RequestMeta, token: string, userId: string, documentId: string) => call("GET", `/kyc/${seg(userId)}/documents/${seg(documentId)}`, documentLink, meta, { token }),
    approveKyc: (meta: RequestMeta, token: string, userId: string, notes: string | undefined) =>
      call("POST", `/kyc/${seg(userId)}/approve`, z.object({ profile: kycProfile }), meta, { token, body: notes ? { notes } : {} }),
    rejectKyc: (meta: RequestMeta, token: string, userId: string, reason: string) => call("POST", `/kyc/${seg(userId)}/reject`, z.object({ profile: kycProfile }), meta, { token, body: { reason } }),

    fraudQueue: (meta: RequestMeta, token: string, q: { cursor?: string; limit?: number } = {}) => call("GET", "/fraud/queue", pageOf(fraudQueueEntry, { total: count }), meta, { token, query: q }),
    fraudCase: (meta: RequestMeta, token: string, caseId: string) => call("GET", `/fraud/cases/${seg(caseId)}`, fraudCaseDetail, meta, { token }),
    decideCase: (meta: RequestMeta, token: string, caseId: string, decision: "approve" | "block", notes: string) => call("POST", `/fraud/cases/${seg(caseId)}/${decision}`, fraudDecision, meta, { token, body: { notes } }),
    sanctions: (meta: RequestMeta, token: string) => call("GET", "/fraud/sanctions", z.object({ items: z.array(sanction) }), meta, { token }),
    addSanction: (meta: RequestMeta, token: string, userId: string, reason: string) => call("POST", "/fraud/sanctions", z.object({ sanction }), meta, { token, body: { userId, reason } }),
    removeSanction: (meta: RequestMeta, token: string, userId: string, reason: string) => call("DELETE", `/fraud/sanctions/${seg(userId)}`, z.object({ removed: sanction }), meta, { token, body: { reason } }),

    transactions: (meta: RequestMeta, token: string, q: TransactionQuery) => call("GET", "/transactions", pageOf(adminTransaction), meta, { token, query: { ...q } }),
    transaction: (meta: RequestMeta, token: string, id: string) => call("GET", `/transactions/${seg(id)}`, transactionDetail, meta, { token }),
    reverse: (meta: RequestMeta, token: string, id: string, reason: string, force: boolean) => maybePending("POST", `/transactions/${seg(id)}/reverse`, transactionDone, meta, token, { reason, force }),
    forceComplete: (meta: RequestMeta, token: string, id: string, reason: string) => maybePending("POST", `/transactions/${seg(id)}/force-complete`, transactionDone, meta, token, { reason }),

    limits: (meta: RequestMeta, token: string) => call("GET", "/system/limits", limitsTable, meta, { token }),
    setLimits: (meta: RequestMeta, token: string, tiers: LimitsChange, reason: string) => call("PUT", "/system/limits", limitsTable, meta, { token, body: { tiers, reason } }),

    audit: (meta: RequestMeta, token: string, q: AuditQuery) => call("GET", "/audit", auditPage, meta, { token, query: { ...q } }),
    verifyAudit: (meta: RequestMeta, token: string) => call("GET", "/audit/verify", verifyReport, meta, { token, timeoutMs: 15_000 }),

    approvals: (meta: RequestMeta, token: string, q: { status?: PendingActionStatus; cursor?: string; limit?: number } = {}) => call("GET", "/approvals", pageOf(pendingAction), meta, { token, query: q }),
    approval: (meta: RequestMeta, token: string, id: string) => call("GET", `/approvals/${seg(id)}`, pendingAction, meta, { token }),
    approve: (meta: RequestMeta, token: string, id: string) => call("POST", `/approvals/${seg(id)}/approve`, pendingAction, meta, { token, timeoutMs: 15_000 }),
    reject: (meta: RequestMeta, token: string, id: string, reason: string) => call("POST", `/approvals/${seg(id)}/reject`, pendingAction, meta, { token, body: { reason } }),
  };
}

export type AdminClient = ReturnType<typeof createAdminClient>;
