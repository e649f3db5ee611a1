/**
 * How a transaction reads to the person looking at it: which way the money went for them, a
 * title, the other party's name, the status in words (never colour alone), and each step of its
 * history with what it means for them.
 */
import { dateTime, timeOfDay } from "./days.ts";
import { formatCents } from "../money/money.ts";

export interface TxnLike {
  type: string;
  status: string;
  /** Only the sender is told why (FRAUD_REVIEW, INSUFFICIENT_FUNDS, …); null for the recipient. */
  statusReason: string | null;
  amount: number;
  senderId: string;
  recipientId: string | null;
  description: string | null;
  counterparty?: { id: string; name: string | null; email: string | null } | null;
}

/** For the viewer: money added from outside, sent to someone, or received from someone. */
export type Flow = "deposit" | "sent" | "received";

export function flowOf(t: Pick<TxnLike, "type" | "senderId">, viewerId: string): Flow {
  if (t.type === "TOPUP") return "deposit";
  return t.senderId === viewerId ? "sent" : "received";
}

/** The amount as it changes the viewer's money: negative when they sent it. */
export const signedCents = (t: Pick<TxnLike, "type" | "senderId" | "amount">, viewerId: string): number => (flowOf(t, viewerId) === "sent" ? -t.amount : t.amount);

export const TYPE_LABEL: Record<string, string> = {
  TOPUP: "Deposit",
  TRANSFER: "Transfer",
  REQUEST_PAYMENT: "Request payment",
  SPLIT_PAYMENT: "Split payment",
};
export const typeLabel = (type: string) => TYPE_LABEL[type] ?? "Transaction";

export const STATUS_LABEL: Record<string, string> = {
  PENDING: "Pending",
  PROCESSING: "Processing",
  COMPLETED: "Completed",
  FAILED: "Failed",
  CANCELLED: "Cancelled",
  REVERSED: "Reversed",
};

export const FLOW_LABEL: Record<Flow, string> = { deposit: "Deposit", sent: "Sent", received: "Received" };

/**
 * The other party's name; the e-mail when they have no name; and when the directory could not
 * say, a plain statement of that (never their id).
 */
export function counterpartyName(cp: TxnLike["counterparty"]): string {
  return cp?.name?.trim() || cp?.email || "Name unavailable";
}

/** The row's title: the description when there is one, else what kind of movement it was. */
export function transactionTitle(t: TxnLike, viewerId: string): string {
  const description = t.description?.trim();
  if (description) return description;
  const flow = flowOf(t, viewerId);
  if (t.type === "TOPUP") return "Deposit";
  if (t.type === "REQUEST_PAYMENT") return flow === "sent" ? "Paid a money request" : "Money request paid";
  if (t.type === "SPLIT_PAYMENT") return flow === "sent" ? "Paid a bill-split share" : "Bill-split share received";
  return flow === "sent" ? "Money sent" : "Money received";
}

/** "To Ada Lovelace", "From Ada Lovelace", or "Added to your wallet" for a deposit. */
export function counterpartyLine(t: TxnLike, viewerId: string): string {
  const flow = flowOf(t, viewerId);
  if (flow === "deposit") return "Added to your wallet";
  return `${flow === "sent" ? "To" : "From"} ${counterpartyName(t.counterparty)}`;
}

export type Tone = "success" | "warning" | "danger" | "muted";

/** The status in words, with a tone for its colour. A transfer held for fraud review says so. */
export function statusBadge(t: Pick<TxnLike, "status" | "statusReason">): { label: string; tone: Tone } {
  switch (t.status) {
    case "COMPLETED":
      return { label: "Completed", tone: "success" };
    case "PENDING":
      return t.statusReason === "FRAUD_REVIEW" ? { label: "Held for review", tone: "warning" } : { label: "Pending", tone: "warning" };
    case "PROCESSING":
      return { label: "Processing", tone: "warning" };
    case "FAILED":
      return { label: "Failed", tone: "danger" };
    case "CANCELLED":
      return { label: "Cancelled", tone: "muted" };
    case "REVERSED":
      return { label: "Reversed", tone: "muted" };
    default:
      return { label: t.status, tone: "muted" };
  }
}

const REASON_TEXT: Record<string, string> = {
  FRAUD_REVIEW: "Our fraud screening holds the money in your wallet until a reviewer decides. It has not been sent yet.",
  FRAUD_BLOCK: "Declined by fraud screening. No money was sent.",
  FRAUD_UNAVAILABLE: "Fraud screening was unavailable, so nothing was sent. You can try again.",
  INSUFFICIENT_FUNDS: "There was not enough money in the wallet. Nothing was sent.",
  WALLET_FROZEN: "A wallet involved is frozen, so nothing moved.",
  WALLET_NOT_FOUND: "A wallet involved could not be found, so nothing moved.",
  WALLET_REJECTED: "The wallet refused the payment, so nothing moved.",
  ABANDONED: "It could not be finished, so nothing moved.",
  NOT_SETTLED: "Nothing moved, so it was closed.",
  REVIEW_APPROVED: "A reviewer approved it and the money was sent.",
  REVIEW_BLOCKED: "A reviewer stopped it. The held money is available in your wallet again.",
  HOLD_RELEASED: "The hold was released. The money is available in your wallet again.",
  ADMIN_REVERSAL: "Mint support reversed it. Contact support if you have questions.",
};

/** What a reason code means for the person, or null for one this page does not know. */
export const reasonText = (code: string | null | undefined): string | null => (code ? (REASON_TEXT[code] ?? null) : null);

export interface StepLike {
  step: string;
  status: string;
  at: string;
  reason: string | null;
}

/** One step of the history as a title and, when it helps, a sentence. */
export function stepText(s: StepLike, flow: Flow): { title: string; text: string | null } {
  switch (s.step) {
    case "CREATED":
      return { title: "Created", text: null };
    case "HELD":
      return { title: "Held for review", text: reasonText("FRAUD_REVIEW") };
    case "PROCESSING":
      return { title: "Processing", text: null };
    case "COMPLETED":
      return s.reason === "REVIEW_APPROVED" ? { title: "Approved after review", text: reasonText(s.reason) } : { title: "Completed", text: null };
    case "FAILED":
      return { title: s.reason === "FRAUD_BLOCK" ? "Declined" : "Failed", text: reasonText(s.reason) };
    case "CANCELLED":
      return s.reason === "REVIEW_BLOCKED" ? { title: "Blocked after review", text: reasonText(s.reason) } : { title: "Cancelled", text: reasonText(s.reason) };
    case "REVERSED": {
      const back = flow === "received" ? "The money was taken back from your wallet." : flow === "sent" ? "The money is back in your wallet." : "The money was removed from your wallet.";
      return { title: "Reversed", text: s.reason === "ADMIN_REVERSAL" ? `${back} ${reasonText(s.reason)}` : back };
    }
    default:
      return { title: STATUS_LABEL[s.status] ?? s.step, text: reasonText(s.reason) };
  }
}

/**
 * The steps worth showing: "processing" is a moment between two others, so it is shown only
 * while the transaction is still there.
 */
export function visibleSteps<S extends StepLike>(steps: readonly S[]): S[] {
  return steps.filter((s, i) => s.step !== "PROCESSING" || i === steps.length - 1);
}

/** What a list row shows, worked out here so the view only lays it out. */
export interface TransactionRowView {
  id: string;
  flow: Flow;
  /** "Sent", "Received", "Deposit": said to screen readers with the icon. */
  flowLabel: string;
  title: string;
  /** "To Ada Lovelace", "From Ada Lovelace", "Added to your wallet". */
  party: string;
  /** ISO 8601, for <time datetime>. */
  at: string;
  /** "3:04 PM" under a day heading, "Mar 3, 2026, 3:04 PM" elsewhere. */
  when: string;
  status: { label: string; tone: Tone };
  /** "+$12.34" or "−$5.00". */
  amount: string;
  direction: "in" | "out";
  /** Money that never moved (failed, cancelled) or moved back (reversed). */
  void: boolean;
}

const MOVED = new Set(["COMPLETED", "PENDING", "PROCESSING"]);

/**
 * A transaction as a row for `viewerId` in zone `tz` (already checked). `when`: "time" when rows
 * are grouped under a day heading, "dateTime" otherwise.
 */
export function transactionRowView(t: TxnLike & { id: string; createdAt: string }, viewerId: string, tz: string, when: "time" | "dateTime" = "dateTime"): TransactionRowView {
  const flow = flowOf(t, viewerId);
  const cents = signedCents(t, viewerId);
  const at = new Date(t.createdAt);
  return {
    id: t.id,
    flow,
    flowLabel: FLOW_LABEL[flow],
    title: transactionTitle(t, viewerId),
    party: counterpartyLine(t, viewerId),
    at: at.toISOString(),
    when: when === "time" ? timeOfDay(at, tz) : dateTime(at, tz),
    status: statusBadge(t),
    amount: `${cents < 0 ? "−" : "+"}${formatCents(Math.abs(cents))}`,
    direction: cents < 0 ? "out" : "in",
    void: !MOVED.has(t.status),
  };
}

const CATEGORY_LABEL: Record<string, string> = { FOOD: "Food", TRANSPORT: "Transport", ENTERTAINMENT: "Entertainment", UTILITIES: "Utilities", OTHER: "Other" };
export const categoryLabel = (c: string | null | undefined): string | null => (c ? (CATEGORY_LABEL[c] ?? c) : null);

export interface DetailTransaction extends TxnLike {
  id: string;
  createdAt: string;
  completedAt: string | null;
  category: string | null;
  merchant: string | null;
  history: StepLike[];
}

/** Everything the detail panel shows, in words, for `viewerId` in zone `tz`. */
export interface TransactionDetailView {
  id: string;
  title: string;
  amount: string;
  direction: "in" | "out";
  void: boolean;
  flowLabel: string;
  status: { label: string; tone: Tone };
  /** What the current status means for the viewer, when there is more to say than its name. */
  statusText: string | null;
  /** The other party (null for a deposit). */
  party: { role: "To" | "From"; name: string; email: string | null } | null;
  type: string;
  category: string | null;
  /** The note the sender wrote. */
  note: string | null;
  merchant: string | null;
  created: { at: string; when: string };
  steps: { title: string; text: string | null; at: string; when: string }[];
}

export function transactionDetailView(t: DetailTransaction, viewerId: string, tz: string): TransactionDetailView {
  const row = transactionRowView(t, viewerId, tz);
  const flow = row.flow;
  const current = t.history.at(-1);
  const statusText = current && current.step !== "CREATED" ? stepText(current, flow).text : t.status === "PENDING" ? reasonText(t.statusReason) : null;
  const steps = visibleSteps(t.history).map((s) => ({ ...stepText(s, flow), at: new Date(s.at).toISOString(), when: dateTime(new Date(s.at), tz) }));
  // The explanation of where it stands is shown once, above the facts, not again under its step.
  const last = steps.at(-1);
  if (last && statusText && last.text === statusText) last.text = null;
  return {
    id: t.id,
    title: row.title,
    amount: row.amount,
    direction: row.direction,
    void: row.void,
    flowLabel: row.flowLabel,
    status: row.status,
    statusText,
    party: flow === "deposit" ? null : { role: flow === "sent" ? "To" : "From", name: counterpartyName(t.counterparty), email: t.counterparty?.email ?? null },
    type: typeLabel(t.type),
    category: categoryLabel(t.category),
    note: t.description?.trim() || null,
    merchant: t.merchant?.trim() || null,
    created: { at: row.at, when: row.when },
    steps,
  };
}
