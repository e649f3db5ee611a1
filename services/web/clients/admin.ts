import { z } from "zod";
import { userListItem, userSummary } from "../../../proto-like-schemas/auth.ts";
import { verifyReport } from "../../../proto-like-schemas/audit.ts";
import { PENDING_ACTION_KINDS } from "../../../proto-like-schemas/events/admin.ts";
import { roleSchema } from "../../../proto-like-schemas/events/auth.ts";
import { firedRule, fraudCase } from "../../../proto-like-schemas/fraud.ts";
import { documentSummary, kycStatus } from "../../../proto-like-schemas/kyc.ts";
import { kycTier } from "../../../proto-like-schemas/money.ts";
import { statusStep, transaction } from "../../../proto-like-schemas/transactions.ts";
import { movementKind, walletStatus } from "../../../proto-like-schemas/wallet.ts";
import type { Problem } from "../domain/page/problem.ts";
import { createServiceClient, type RequestMeta } from "./http.ts";

/*
 * The admin API's answers (services/admin: /admin/*, its /openapi.json), validated here so a page
 * renders only what it understands. Every call carries the signed-in admin's own token: the admin
 * service decides what they may do.
 */

/** A person as every answer names them (name and e-mail null when auth does not know the id). */
export const userRef = z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() });
export type UserRef = z.infer<typeof userRef>;

const count = z.number().int();

export const walletView = z.object({
  id: z.string(),
  status: walletStatus,
  balance: count,
  heldAmount: count,
  availableBalance: count,
  owedAmount: count,
  currency: z.literal("USD"),
  updatedAt: z.string(),
});
export type AdminWallet = z.infer<typeof walletView>;

export const tierLimits = z.object({
  perTransactionCents: count,
  dailyCents: count,
  monthlyCents: count,
  depositPerTransactionCents: count,
  depositDailyCents: count,
});
export type AdminTierLimits = z.infer<typeof tierLimits>;

const kycProfile = z.object({
  profileId: z.string(),
  tier: kycTier,
  status: kycStatus,
  submittedAt: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  rejectionReason: z.string().nullable(),
  reviewedBy: userRef.nullable(),
  reviewedAt: z.string().nullable(),
  documents: z.array(documentSummary),
});
export type AdminKycProfile = z.infer<typeof kycProfile>;
export type AdminDocument = z.infer<typeof documentSummary>;

export const adminTransaction = transaction.extend({ sender: userRef, recipient: userRef.nullable() });
export type AdminTransaction = z.infer<typeof adminTransaction>;
const userTransaction = adminTransaction.extend({ direction: z.enum(["IN", "OUT"]), counterparty: userRef.nullable() });
export type UserTransaction = z.infer<typeof userTransaction>;

export const PENDING_ACTION_STATUSES = ["PENDING", "APPROVED", "EXECUTED", "FAILED", "REJECTED", "EXPIRED"] as const;
export type PendingActionStatus = (typeof PENDING_ACTION_STATUSES)[number];

export const pendingAction = z.object({
  id: z.string(),
  kind: z.enum(PENDING_ACTION_KINDS),
  status: z.enum(PENDING_ACTION_STATUSES),
  target: z.object({ type: z.enum(["transaction", "user"]), id: z.string() }),
  targetUsers: z.array(userRef),
  amountCents: count.nullable(),
  params: z.record(z.string(), z.unknown()),
  reason: z.string(),
  requestedBy: userRef,
  requestedAt: z.string(),
  expiresAt: z.string(),
  decidedBy: userRef.nullable(),
  decidedAt: z.string().nullable(),
  rejectionReason: z.string().nullable(),
  executedAt: z.string().nullable(),
  result: z.unknown(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  lastError: z.string().nullable(),
});
export type PendingAction = z.infer<typeof pendingAction>;

const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
const countedPage = <T extends z.ZodType>(item: T) => page(item).extend({ total: count });

const ledgerCheck = z.object({
  ok: z.boolean(),
  problems: z.array(z.string()),
  movementsChecked: count,
  walletsChecked: count,
  totalUserBalanceCents: count,
  checkedAt: z.string(),
});
const overview = z.object({
  users: z.object({ total: count, active: count, admins: count }).nullable(),
  kyc: z.object({ pendingReviews: count }).nullable(),
  fraud: z.object({ openCases: count }).nullable(),
  approvals: z.object({ pending: count }),
  today: z
    .object({ since: z.string(), transfers: count, completedTransfers: count, volumeCents: count, topups: count, topupVolumeCents: count, heldForReview: count, unsettled: count })
    .nullable(),
  funds: z.object({ heldCents: count, openHolds: count, wallets: count, frozenWallets: count }).nullable(),
  ledger: ledgerCheck.nullable(),
  unavailable: z.array(z.string()),
});
export type Overview = z.infer<typeof overview>;

const userListEntry = userListItem.extend({ wallet: walletView.nullable() });
export type UserListEntry = z.infer<typeof userListEntry>;

const userPicture = z.object({
  user: userSummary,
  wallet: walletView.nullable(),
  holds: z.array(z.object({ transactionId: z.string(), direction: z.enum(["OUT", "IN"]), counterparty: userRef, amount: count, createdAt: z.string() })),
  kyc: kycProfile,
  limits: tierLimits.extend({ tier: kycTier }),
  recentTransactions: z.array(userTransaction),
  openFraudCases: z.array(z.object({ caseId: z.string(), transactionId: z.string(), recipient: userRef, amount: count, score: count, rulesFired: z.array(firedRule), createdAt: z.string() })),
  sanction: z.object({ reason: z.string(), addedBy: userRef, addedAt: z.string() }).nullable(),
  pendingAction: pendingAction.nullable(),
});
export type UserPicture = z.infer<typeof userPicture>;

const roleChanged = z.object({ user: userSummary, previousRole: roleSchema, changed: z.boolean() });

const kycQueueEntry = z.object({ profileId: z.string(), user: userRef, tier: kycTier, submittedAt: z.string(), waitingSeconds: count });
export type KycQueueEntry = z.infer<typeof kycQueueEntry>;
const kycReview = z.object({ user: userSummary, profile: kycProfile, limits: tierLimits.extend({ tier: kycTier }) });
export type KycReview = z.infer<typeof kycReview>;
const documentLink = z.object({ document: documentSummary, url: z.string(), expiresAt: z.string() });
export type DocumentLink = z.infer<typeof documentLink>;

const fraudQueueEntry = z.object({
  caseId: z.string(),
  transactionId: z.string(),
  sender: userRef,
  recipient: userRef,
  amount: count,
  score: count,
  rulesFired: z.array(firedRule),
  createdAt: z.string(),
  waitingSeconds: count,
});
export type FraudQueueEntry = z.infer<typeof fraudQueueEntry>;
const caseView = fraudCase.extend({ sender: userRef, recipient: userRef, reviewedBy: userRef.nullable() });
export type FraudCaseView = z.infer<typeof caseView>;
const fraudCaseDetail = z.object({ case: caseView, transaction: adminTransaction.nullable(), senderHistory: z.array(userTransaction) });
export type FraudCaseDetail = z.infer<typeof fraudCaseDetail>;
const fraudDecision = z.object({ case: caseView, transaction: adminTransaction.nullable() });
const sanction = z.object({ user: userRef, reason: z.string(), addedBy: userRef, addedAt: z.string() });
export type Sanction = z.infer<typeof sanction>;

const ledgerEntry = z.object({ wallet: z.string(), account: userRef.nullable(), systemAccount: z.string().nullable(), deltaCents: count, balanceAfterCents: count });
const transactionDetail = z.object({
  transaction: adminTransaction,
  statusDetail: z.string().nullable(),
  reversedBy: userRef.nullable(),
  history: z.array(statusStep.extend({ by: userRef.nullable() })),
  ledger: z.array(z.object({ movementId: z.string(), kind: movementKind, amountCents: count, createdAt: z.string(), entries: z.array(ledgerEntry) })),
  events: z.array(z.object({ type: z.string(), recordedAt: z.string(), actor: userRef.nullable(), traceId: z.string().nullable(), traceUrl: z.string().nullable() })),
  traceUrl: z.string().nullable(),
  pendingAction: pendingAction.nullable(),
});
export type AdminTransactionDetail = z.infer<typeof transactionDetail>;
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

    users: (meta: RequestMeta, token: string, q: { q?: string; cursor?: string; limit?: number }) => call("GET", "/users", page(userListEntry), meta, { token, query: q }),
    /** A user's whole picture (each view is recorded in the audit log). */
    user: (meta: RequestMeta, token: string, userId: string) => call("GET", `/users/${seg(userId)}`, userPicture, meta, { token }),
    freeze: (meta: RequestMeta, token: string, userId: string, reason: string) => call("POST", `/users/${seg(userId)}/freeze`, z.object({ wallet: walletView }), meta, { token, body: { reason } }),
    unfreeze: (meta: RequestMeta, token: string, userId: string, reason: string) => call("POST", `/users/${seg(userId)}/unfreeze`, z.object({ wallet: walletView }), meta, { token, body: { reason } }),
    setRole: (meta: RequestMeta, token: string, userId: string, role: "USER" | "ADMIN", reason: string) => maybePending("PUT", `/users/${seg(userId)}/role`, roleChanged, meta, token, { role, reason }),

    kycQueue: (meta: RequestMeta, token: string, q: { cursor?: string; limit?: number } = {}) => call("GET", "/kyc/queue", countedPage(kycQueueEntry), meta, { token, query: q }),
    /** A user's KYC profile and documents (each view is recorded in the audit log). */
    kycReview: (meta: RequestMeta, token: string, userId: string) => call("GET", `/kyc/${seg(userId)}`, kycReview, meta, { token }),
    /** A short-lived same-origin link to a document's file (each link handed out is recorded). */
    documentLink: (meta: RequestMeta, token: string, userId: string, documentId: string) => call("GET", `/kyc/${seg(userId)}/documents/${seg(documentId)}`, documentLink, meta, { token }),
    approveKyc: (meta: RequestMeta, token: string, userId: string, notes: string | undefined) =>
      call("POST", `/kyc/${seg(userId)}/approve`, z.object({ profile: kycProfile }), meta, { token, body: notes ? { notes } : {} }),
    rejectKyc: (meta: RequestMeta, token: string, userId: string, reason: string) => call("POST", `/kyc/${seg(userId)}/reject`, z.object({ profile: kycProfile }), meta, { token, body: { reason } }),

    fraudQueue: (meta: RequestMeta, token: string, q: { cursor?: string; limit?: number } = {}) => call("GET", "/fraud/queue", countedPage(fraudQueueEntry), meta, { token, query: q }),
    fraudCase: (meta: RequestMeta, token: string, caseId: string) => call("GET", `/fraud/cases/${seg(caseId)}`, fraudCaseDetail, meta, { token }),
    decideCase: (meta: RequestMeta, token: string, caseId: string, decision: "approve" | "block", notes: string) => call("POST", `/fraud/cases/${seg(caseId)}/${decision}`, fraudDecision, meta, { token, body: { notes } }),
    sanctions: (meta: RequestMeta, token: string) => call("GET", "/fraud/sanctions", z.object({ items: z.array(sanction) }), meta, { token }),
    addSanction: (meta: RequestMeta, token: string, userId: string, reason: string) => call("POST", "/fraud/sanctions", z.object({ sanction }), meta, { token, body: { userId, reason } }),
    removeSanction: (meta: RequestMeta, token: string, userId: string, reason: string) => call("DELETE", `/fraud/sanctions/${seg(userId)}`, z.object({ removed: sanction }), meta, { token, body: { reason } }),

    transactions: (meta: RequestMeta, token: string, q: TransactionQuery) => call("GET", "/transactions", page(adminTransaction), meta, { token, query: { ...q } }),
    transaction: (meta: RequestMeta, token: string, id: string) => call("GET", `/transactions/${seg(id)}`, transactionDetail, meta, { token }),
    reverse: (meta: RequestMeta, token: string, id: string, reason: string, force: boolean) => maybePending("POST", `/transactions/${seg(id)}/reverse`, transactionDone, meta, token, { reason, force }),
    forceComplete: (meta: RequestMeta, token: string, id: string, reason: string) => maybePending("POST", `/transactions/${seg(id)}/force-complete`, transactionDone, meta, token, { reason }),

    limits: (meta: RequestMeta, token: string) => call("GET", "/system/limits", limitsTable, meta, { token }),
    setLimits: (meta: RequestMeta, token: string, tiers: LimitsChange, reason: string) => call("PUT", "/system/limits", limitsTable, meta, { token, body: { tiers, reason } }),

    audit: (meta: RequestMeta, token: string, q: AuditQuery) => call("GET", "/audit", auditPage, meta, { token, query: { ...q } }),
    verifyAudit: (meta: RequestMeta, token: string) => call("GET", "/audit/verify", verifyReport, meta, { token, timeoutMs: 15_000 }),

    approvals: (meta: RequestMeta, token: string, q: { status?: PendingActionStatus; cursor?: string; limit?: number } = {}) => call("GET", "/approvals", page(pendingAction), meta, { token, query: q }),
    approval: (meta: RequestMeta, token: string, id: string) => call("GET", `/approvals/${seg(id)}`, pendingAction, meta, { token }),
    approve: (meta: RequestMeta, token: string, id: string) => call("POST", `/approvals/${seg(id)}/approve`, pendingAction, meta, { token, timeoutMs: 15_000 }),
    reject: (meta: RequestMeta, token: string, id: string, reason: string) => call("POST", `/approvals/${seg(id)}/reject`, pendingAction, meta, { token, body: { reason } }),
  };
}

export type AdminClient = ReturnType<typeof createAdminClient>;
