import { z } from "zod";
import { userListItem, userSummary } from "./auth.ts";
import { PENDING_ACTION_KINDS } from "./events/admin.ts";
import { firedRule, fraudCase } from "./fraud.ts";
import { documentSummary, kycStatus } from "./kyc.ts";
import { kycTier } from "./money.ts";
import { statusStep, transaction } from "./transactions.ts";
import { movementKind, walletStatus } from "./wallet.ts";

/**
 * The admin API's answers (`/admin/*`), shared by the admin service that sends them and the
 * console's client that reads them. The admin service has no RPC contract: these are its HTTP shapes.
 *
 * A shape's `id` is its name among the components of the admin service's /openapi.json. It sits
 * here, on the one instance every answer nests, so each nested use is written as a reference to it.
 */

const count = z.number().int();

/**
 * A named shape that may be absent. Written as a union rather than `.nullable()`: the OpenAPI
 * generator takes a component's type from the first place it meets it, and a `.nullable()` use
 * would make the component itself "object or null" wherever it is referenced.
 */
export const orNull = <T extends z.ZodType>(shape: T) => z.union([shape, z.null()]);

/** A person as every answer names them: id with name and e-mail (null when auth does not know the id). */
export const userRef = z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }).meta({ id: "UserRef" });
export type UserRef = z.infer<typeof userRef>;

/** A page of a list; `extra` adds fields such as a queue's `total`. */
export const pageOf = <T extends z.ZodType, E extends z.ZodRawShape = {}>(item: T, extra: E = {} as E) => z.object({ items: z.array(item), nextCursor: z.string().nullable(), ...extra });

export const adminWallet = z
  .object({ id: z.string(), status: walletStatus, balance: count, heldAmount: count, availableBalance: count, owedAmount: count, currency: z.literal("USD"), updatedAt: z.string() })
  .meta({ id: "Wallet" });
export type AdminWallet = z.infer<typeof adminWallet>;

export const tierLimits = z
  .object({ perTransactionCents: count, dailyCents: count, monthlyCents: count, depositPerTransactionCents: count, depositDailyCents: count })
  .meta({ id: "TierLimits" });
export type AdminTierLimits = z.infer<typeof tierLimits>;

/** A tier's limits with the tier they belong to. */
const limitsOfTier = tierLimits.extend({ tier: kycTier });

export const kycProfile = z
  .object({
    profileId: z.string(),
    tier: kycTier,
    status: kycStatus,
    submittedAt: z.string().nullable(),
    verifiedAt: z.string().nullable(),
    rejectionReason: z.string().nullable(),
    reviewedBy: orNull(userRef),
    reviewedAt: z.string().nullable(),
    documents: z.array(documentSummary),
  })
  .meta({ id: "KycProfile" });
export type AdminKycProfile = z.infer<typeof kycProfile>;

export const adminTransaction = transaction.extend({ sender: userRef, recipient: orNull(userRef) }).meta({ id: "AdminTransaction" });
export type AdminTransaction = z.infer<typeof adminTransaction>;

/** A transaction seen from one user's side: which way the money went and who the other party was. */
export const userTransaction = adminTransaction.extend({ direction: z.enum(["IN", "OUT"]), counterparty: orNull(userRef) }).meta({ id: "UserTransaction" });
export type UserTransaction = z.infer<typeof userTransaction>;

export const PENDING_ACTION_STATUSES = ["PENDING", "APPROVED", "EXECUTED", "FAILED", "REJECTED", "EXPIRED"] as const;
export type PendingActionStatus = (typeof PENDING_ACTION_STATUSES)[number];

/** An action waiting for (or decided by) a second admin: dual control. */
export const pendingAction = z
  .object({
    id: z.string(),
    kind: z.enum(PENDING_ACTION_KINDS).meta({ description: "REVERSE or FORCE_COMPLETE a transaction above the threshold, or PROMOTE a user to ADMIN" }),
    status: z.enum(PENDING_ACTION_STATUSES).meta({ description: "PENDING (waiting), APPROVED (running), EXECUTED, FAILED (the owning service refused it), REJECTED, EXPIRED" }),
    target: z.object({ type: z.enum(["transaction", "user"]), id: z.string() }),
    targetUsers: z.array(userRef),
    amountCents: count.nullable(),
    params: z.record(z.string(), z.unknown()),
    reason: z.string(),
    requestedBy: userRef,
    requestedAt: z.string(),
    expiresAt: z.string(),
    decidedBy: orNull(userRef),
    decidedAt: z.string().nullable(),
    rejectionReason: z.string().nullable(),
    executedAt: z.string().nullable(),
    result: z.unknown().meta({ description: "What the owning service answered (EXECUTED)" }),
    error: z.object({ code: z.string(), message: z.string() }).nullable().meta({ description: "Why it FAILED" }),
    lastError: z.string().nullable().meta({ description: "APPROVED: the outage it is waiting out (it runs again)" }),
  })
  .meta({ id: "PendingAction" });
export type PendingAction = z.infer<typeof pendingAction>;

export const ledgerCheck = z
  .object({ ok: z.boolean(), problems: z.array(z.string()), movementsChecked: count, walletsChecked: count, totalUserBalanceCents: count, checkedAt: z.string() })
  .meta({ id: "LedgerCheck" });
export type LedgerCheck = z.infer<typeof ledgerCheck>;

/** The dashboard's figures; a service that did not answer leaves its figures null and is named in `unavailable`. */
export const overview = z
  .object({
    users: z.object({ total: count, active: count, admins: count }).nullable(),
    kyc: z.object({ pendingReviews: count }).nullable(),
    fraud: z.object({ openCases: count }).nullable(),
    approvals: z.object({ pending: count }),
    today: z
      .object({ since: z.string(), transfers: count, completedTransfers: count, volumeCents: count, topups: count, topupVolumeCents: count, heldForReview: count, unsettled: count })
      .nullable()
      .meta({ description: "Since 00:00 UTC; heldForReview and unsettled are counted now, whenever created" }),
    funds: z.object({ heldCents: count, openHolds: count, wallets: count, frozenWallets: count }).nullable(),
    ledger: orNull(ledgerCheck),
    unavailable: z.array(z.string()),
  })
  .meta({ id: "Overview" });
export type Overview = z.infer<typeof overview>;

export const userListEntry = userListItem.extend({ wallet: orNull(adminWallet) }).meta({ id: "UserListEntry" });
export type UserListEntry = z.infer<typeof userListEntry>;

/** Everything about one user, each part from the service that owns it. */
export const userPicture = z
  .object({
    user: userSummary,
    wallet: orNull(adminWallet),
    holds: z.array(z.object({ transactionId: z.string(), direction: z.enum(["OUT", "IN"]), counterparty: userRef, amount: count, createdAt: z.string() })),
    kyc: kycProfile,
    limits: limitsOfTier,
    recentTransactions: z.array(userTransaction),
    openFraudCases: z.array(z.object({ caseId: z.string(), transactionId: z.string(), recipient: userRef, amount: count, score: count, rulesFired: z.array(firedRule), createdAt: z.string() })),
    sanction: z.object({ reason: z.string(), addedBy: userRef, addedAt: z.string() }).nullable(),
    pendingAction: orNull(pendingAction),
  })
  .meta({ id: "UserPicture" });
export type UserPicture = z.infer<typeof userPicture>;

export const kycQueueEntry = z
  .object({ profileId: z.string(), user: userRef, tier: kycTier, submittedAt: z.string(), waitingSeconds: count.meta({ description: "Since submission" }) })
  .meta({ id: "KycQueueEntry" });
export type KycQueueEntry = z.infer<typeof kycQueueEntry>;

export const kycReview = z.object({ user: userSummary, profile: kycProfile, limits: limitsOfTier }).meta({ id: "KycReview" });
export type KycReview = z.infer<typeof kycReview>;

export const documentLink = z
  .object({
    document: documentSummary,
    url: z.string().meta({ description: "Same-origin, short-lived link that serves the file inline (img src or object data); needs no other credential" }),
    expiresAt: z.string(),
  })
  .meta({ id: "DocumentLink" });
export type DocumentLink = z.infer<typeof documentLink>;

export const fraudQueueEntry = z
  .object({
    caseId: z.string(),
    transactionId: z.string(),
    sender: userRef,
    recipient: userRef,
    amount: count,
    score: count,
    rulesFired: z.array(firedRule),
    createdAt: z.string(),
    waitingSeconds: count,
  })
  .meta({ id: "FraudQueueEntry" });
export type FraudQueueEntry = z.infer<typeof fraudQueueEntry>;

/** A fraud case with its parties and reviewer named. */
export const fraudCaseView = fraudCase.extend({ sender: userRef, recipient: userRef, reviewedBy: orNull(userRef) }).meta({ id: "FraudCase" });
export type FraudCaseView = z.infer<typeof fraudCaseView>;

export const fraudCaseDetail = z
  .object({
    case: fraudCaseView,
    transaction: orNull(adminTransaction),
    senderHistory: z.array(userTransaction).meta({ description: "The sender's most recent transactions, newest first" }),
  })
  .meta({ id: "FraudCaseDetail" });
export type FraudCaseDetail = z.infer<typeof fraudCaseDetail>;

export const fraudDecision = z.object({ case: fraudCaseView, transaction: orNull(adminTransaction) }).meta({ id: "FraudDecision" });
export type FraudDecision = z.infer<typeof fraudDecision>;

const ledgerEntry = z.object({
  wallet: z.string(),
  account: orNull(userRef).meta({ description: "The user whose wallet it is; null for a system account" }),
  systemAccount: z.string().nullable(),
  deltaCents: count,
  balanceAfterCents: count,
});
const auditedEvent = z.object({ type: z.string(), recordedAt: z.string(), actor: orNull(userRef), traceId: z.string().nullable(), traceUrl: z.string().nullable() });

/** One transaction with its status history, its ledger movements, its audited events with their traces, and any action waiting on it. */
export const transactionDetail = z
  .object({
    transaction: adminTransaction,
    statusDetail: z.string().nullable(),
    reversedBy: orNull(userRef),
    history: z.array(statusStep.extend({ by: orNull(userRef) })),
    ledger: z
      .array(z.object({ movementId: z.string(), kind: movementKind, amountCents: count, createdAt: z.string(), entries: z.array(ledgerEntry) }))
      .meta({ description: "The wallet's movements for it, each balanced (entries sum to zero)" }),
    events: z.array(auditedEvent).meta({ description: "Its events in the audit log, oldest first, each with a link to its trace" }),
    traceUrl: z.string().nullable().meta({ description: "The trace of the request that created it (TRACE_UI_URL)" }),
    pendingAction: orNull(pendingAction),
  })
  .meta({ id: "TransactionDetail" });
export type AdminTransactionDetail = z.infer<typeof transactionDetail>;
