/**
 * How the console says things: people by name, statuses in words (never a colour alone), waiting
 * times, fraud rules and dual-control actions. Pure, so every page says them the same way.
 */
import { formatCents } from "../money/money.ts";

export interface PersonRef {
  id: string;
  name: string | null;
  email: string | null;
}

/** A person's name; their e-mail when they have none; a plain statement when nobody could say. */
export function personName(p: PersonRef | null | undefined): string {
  return p?.name?.trim() || p?.email || "Unknown user";
}

/** "just now", "4 min", "2 h 5 min", "3 days 4 h": how long something has waited. */
export function waitingText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return "less than a minute";
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return `${days} day${days === 1 ? "" : "s"}${rest ? ` ${rest} h` : ""}`;
}

/** Seconds from `fromIso` to `now` (never negative). */
export const secondsSince = (fromIso: string, now: Date): number => Math.max(0, Math.floor((now.getTime() - Date.parse(fromIso)) / 1000));

export type Tone = "success" | "warning" | "danger" | "muted" | "info";

export interface StatusWords {
  label: string;
  tone: Tone;
  /** One sentence saying what the status means, where it helps. */
  text?: string;
}

export function walletStatusWords(status: string | null | undefined): StatusWords {
  switch (status) {
    case "ACTIVE":
      return { label: "Active", tone: "success", text: "Payments in and out are allowed." };
    case "FROZEN":
      return { label: "Frozen", tone: "danger", text: "Every payment in or out is refused until an admin unfreezes it." };
    case "CLOSED":
      return { label: "Closed", tone: "muted", text: "The wallet is closed." };
    default:
      return { label: "No wallet", tone: "muted", text: "This user has no wallet yet." };
  }
}

/** A KYC review's state; nothing submitted is said so whatever the tier's own status is. */
export function kycStatusWords(status: string, submittedAt: string | null = null): StatusWords {
  if (!submittedAt && status !== "PENDING_REVIEW") return { label: "No documents submitted", tone: "muted" };
  switch (status) {
    case "PENDING_REVIEW":
      return { label: "Waiting for review", tone: "warning" };
    case "APPROVED":
      return { label: "Approved", tone: "success" };
    case "REJECTED":
      return { label: "Rejected", tone: "danger" };
    default:
      return { label: "Nothing submitted", tone: "muted" };
  }
}

export const TIER_LABEL: Record<string, string> = { UNVERIFIED: "Unverified", BASIC: "Basic", VERIFIED: "Verified" };
export const tierLabel = (tier: string) => TIER_LABEL[tier] ?? tier;

export const DOCUMENT_LABEL: Record<string, string> = {
  PASSPORT: "Passport",
  DRIVERS_LICENSE: "Driver's license",
  SELFIE: "Selfie with ID",
  UTILITY_BILL: "Utility bill",
  OTHER: "Other document",
};
export const documentLabel = (type: string) => DOCUMENT_LABEL[type] ?? type;

const RULE_LABEL: Record<string, string> = {
  velocity_breach: "Many transfers in a short time",
  large_amount_deviation: "Far above the sender's usual amounts",
  new_recipient_large: "Large amount to someone new",
  geo_anomaly: "Unusual country",
  night_large: "Large amount at night",
  sanctioned_recipient: "Recipient on the sanctions list",
};
export const ruleLabel = (rule: string) => RULE_LABEL[rule] ?? rule.replaceAll("_", " ");

/** A fraud score in words: 0–49 low, 50–99 review, 100+ block (the default thresholds). */
export function scoreWords(score: number): StatusWords {
  if (score >= 100) return { label: `${score} · high`, tone: "danger" };
  if (score >= 50) return { label: `${score} · review`, tone: "warning" };
  return { label: `${score} · low`, tone: "muted" };
}

export function caseStatusWords(c: { status: string; outcome: string | null }): StatusWords {
  if (c.status === "OPEN") return { label: "Waiting for review", tone: "warning" };
  if (c.status === "CLOSED") return { label: "Closed (the transfer failed before review)", tone: "muted" };
  return c.outcome === "APPROVED" ? { label: "Approved", tone: "success" } : { label: "Blocked", tone: "danger" };
}

/** The dual-control action in the shape this module needs (see clients/admin.ts PendingAction). */
export interface ActionLike {
  kind: "REVERSE" | "FORCE_COMPLETE" | "PROMOTE";
  status: string;
  amountCents: number | null;
  params: Record<string, unknown>;
  targetUsers: PersonRef[];
  requestedBy: PersonRef;
  error: { code: string; message: string } | null;
  lastError: string | null;
}

/** "Reverse the $1,500.00 transfer from Ada Lovelace to Bob Builder", "Promote Gus Grant to admin". */
export function actionTitle(a: ActionLike): string {
  const amount = a.amountCents === null ? "" : ` ${formatCents(a.amountCents)}`;
  const [first, second] = a.targetUsers;
  switch (a.kind) {
    case "REVERSE":
      return `Reverse the${amount} transfer${second ? ` from ${personName(first)} to ${personName(second)}` : ""}${a.params.force === true ? " (forced)" : ""}`;
    case "FORCE_COMPLETE":
      return `Force-complete the${amount} transfer${second ? ` from ${personName(first)} to ${personName(second)}` : ""}`;
    case "PROMOTE":
      return `Promote ${personName(first)} to admin`;
  }
}

export function approvalStatusWords(status: string): StatusWords {
  switch (status) {
    case "PENDING":
      return { label: "Waiting for a second admin", tone: "warning" };
    case "APPROVED":
      return { label: "Approved, running", tone: "info", text: "A service it needs was down; it runs again shortly." };
    case "EXECUTED":
      return { label: "Approved and done", tone: "success" };
    case "FAILED":
      return { label: "Approved, but refused", tone: "danger" };
    case "REJECTED":
      return { label: "Rejected", tone: "muted" };
    case "EXPIRED":
      return { label: "Expired", tone: "muted", text: "Nobody decided within 24 hours; it never ran." };
    default:
      return { label: status, tone: "muted" };
  }
}

/** Whether this admin may approve or reject the action: it waits, and someone else asked for it. */
export const canDecide = (a: Pick<ActionLike, "status" | "requestedBy">, viewerId: string): boolean => a.status === "PENDING" && a.requestedBy.id !== viewerId;

const WHAT: Record<ActionLike["kind"], string> = { REVERSE: "reversal", FORCE_COMPLETE: "force-complete", PROMOTE: "promotion" };

/** The toast after a request that now waits for a second admin. */
export const pendingToast = (a: Pick<ActionLike, "kind">): string => `Waiting for a second admin: the ${WHAT[a.kind]} runs once another admin approves it on Approvals.`;

/** The toast after this admin approved an action: what really happened. */
export function approvedToast(a: ActionLike): { kind: "success" | "error" | "info"; message: string } {
  switch (a.status) {
    case "EXECUTED":
      return { kind: "success", message: `Approved: the ${WHAT[a.kind]} ran (${actionTitle(a)}).` };
    case "FAILED":
      return { kind: "error", message: `Approved, but the ${WHAT[a.kind]} was refused: ${(a.error?.message ?? "the service refused it").replace(/\.$/, "")}. Nothing changed.` };
    case "APPROVED":
      return { kind: "info", message: `Approved: the ${WHAT[a.kind]} will run as soon as the service it needs answers again.` };
    default:
      return { kind: "info", message: `Not approved: the action is ${approvalStatusWords(a.status).label.toLowerCase()}.` };
  }
}

/** A payload as readable JSON: two-space indentation, keys as they are. */
export function prettyJson(value: unknown): string {
  if (value === undefined) return "(none)";
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}
