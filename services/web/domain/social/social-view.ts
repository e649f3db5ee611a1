/**
 * How the social page words people, money requests and split shares: names (never ids), each
 * status in words with a tone (never colour alone), and dates in the reader's time zone.
 */
import { isValidTimeZone } from "../page/greeting.ts";
import { formatCents } from "../money/money.ts";

export type Tone = "success" | "warning" | "danger" | "info" | "muted";

export interface Named {
  name: string | null;
  email: string | null;
}

/** The person's name; their e-mail when they have none; "Unknown user" when the directory could not say. */
export function personName(p: Named | null | undefined): string {
  return p?.name?.trim() || p?.email || "Unknown user";
}

const zoneOrUtc = (tz: string | undefined): string => (isValidTimeZone(tz) ? tz : "UTC");

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string, kind: "month" | "date"): Intl.DateTimeFormat {
  const key = `${kind}|${tz}`;
  let f = formatters.get(key);
  if (!f) {
    if (formatters.size > 500) formatters.clear();
    f = new Intl.DateTimeFormat("en-US", kind === "month" ? { timeZone: tz, month: "short", year: "numeric" } : { timeZone: tz, month: "short", day: "numeric", year: "numeric" });
    formatters.set(key, f);
  }
  return f;
}

/** "Since Mar 2026", in the reader's zone. */
export const sinceMonth = (iso: string, tz: string | undefined): string => `Since ${formatter(zoneOrUtc(tz), "month").format(new Date(iso))}`;

/** "Mar 3, 2026", in the reader's zone. */
export const shortDate = (iso: string, tz: string | undefined): string => formatter(zoneOrUtc(tz), "date").format(new Date(iso));

/** "3 pending" (capped like the unread badge), or nothing when none are waiting. */
export function pendingText(count: number, more = false): string {
  if (count <= 0) return "";
  return count > 99 || (more && count >= 99) ? "99+ pending" : `${count} pending`;
}

export interface RequestLike {
  direction: "incoming" | "outgoing";
  status: string;
  counterparty: Named;
  failureCode: string | null;
  failureReason: string | null;
}

export interface StatusView {
  label: string;
  tone: Tone;
  /** One sentence saying what the status means for the reader, when the label alone would not. */
  detail?: string;
}

/** Why a request's payment failed, as either party should read it. */
function failureText(r: RequestLike): string {
  const payer = r.direction === "incoming" ? "your" : `${personName(r.counterparty)}'s`;
  switch (r.failureCode) {
    case "INSUFFICIENT_FUNDS":
      return `There wasn't enough money in ${payer} wallet. No money moved.`;
    case "LIMIT_EXCEEDED":
      return `The amount was over ${payer} transfer limit. No money moved.`;
    case "FRAUD_BLOCK":
      return "The payment was blocked by our fraud checks. No money moved.";
    case "WALLET_FROZEN":
    case "FROZEN":
      return "A wallet in this payment is frozen. No money moved.";
    default:
      return `${(r.failureReason ?? "").trim() || "The payment did not go through"}${/[.!?]$/.test((r.failureReason ?? "").trim()) ? "" : "."} No money moved.`;
  }
}

/**
 * A request's status as it really is: accepting starts a payment, so an accepted request is
 * "Paying…" until the payment ends PAID or FAILED (with the reason); never "paid" before it is.
 */
export function requestStatus(r: RequestLike): StatusView {
  const other = personName(r.counterparty);
  const incoming = r.direction === "incoming";
  switch (r.status) {
    case "PENDING":
      return { label: "Pending", tone: "warning", detail: incoming ? "Waiting for your answer." : `Waiting for ${other} to answer.` };
    case "ACCEPTED":
      return {
        label: "Paying…",
        tone: "info",
        detail: incoming ? "Your payment is being made. This updates when it completes." : `${other} accepted; the payment is being made. This updates when it completes.`,
      };
    case "PAID":
      return { label: "Paid", tone: "success", detail: incoming ? `You paid ${other}.` : `${other} paid you.` };
    case "FAILED":
      return { label: "Payment failed", tone: "danger", detail: failureText(r) };
    case "REVERSED":
      return {
        label: "Payment reversed",
        tone: "muted",
        detail: incoming ? "Your payment was reversed by Mint; the money went back to your wallet." : `The payment from ${other} was reversed by Mint; the money went back to them.`,
      };
    case "DECLINED":
      return { label: "Declined", tone: "muted", detail: incoming ? "You declined this request." : `${other} declined this request.` };
    case "CANCELLED":
      return { label: "Cancelled", tone: "muted", detail: incoming ? `${other} cancelled this request.` : "You cancelled this request." };
    case "EXPIRED":
      return { label: "Expired", tone: "muted", detail: "Nobody answered in time." };
    default:
      return { label: r.status.charAt(0) + r.status.slice(1).toLowerCase(), tone: "muted" };
  }
}

/** How long after Pay a page keeps asking for the outcome on its own (besides the live events). */
export const PAYMENT_WATCH_MS = 120_000;

/**
 * Whether a request was accepted a moment ago and its payment has not ended yet. The page then
 * asks again every few seconds, so the outcome shows even if it arrived before the page's own
 * answer to Pay (which would otherwise leave "Paying…" on screen until the next event).
 */
export function paymentInFlight(requests: readonly { status: string; acceptedAt: string | null }[], now: Date): boolean {
  return requests.some((r) => r.status === "ACCEPTED" && r.acceptedAt !== null && now.getTime() - new Date(r.acceptedAt).getTime() < PAYMENT_WATCH_MS);
}

/** "Ann asks you for $12.00" / "You asked Ann for $12.00". */
export function requestTitle(r: RequestLike & { amount: number }): string {
  const other = personName(r.counterparty);
  return r.direction === "incoming" ? `${other} asks you for ${formatCents(r.amount)}` : `You asked ${other} for ${formatCents(r.amount)}`;
}

export interface ShareLike {
  status: "PENDING" | "PAID";
  awaitingReview: boolean;
}

/** A split share: paid, held for a reviewer, or not paid (again, if its payment was reversed). */
export function shareStatus(s: ShareLike): StatusView {
  if (s.status === "PAID") return { label: "Paid", tone: "success" };
  if (s.awaitingReview) return { label: "Held for review", tone: "info", detail: "The payment is held while a reviewer checks it; the share is paid once they approve it." };
  return { label: "Pending", tone: "warning" };
}

export function splitStatus(status: "OPEN" | "SETTLED"): StatusView {
  return status === "SETTLED" ? { label: "Settled", tone: "success", detail: "Every share is paid." } : { label: "Open", tone: "warning", detail: "Waiting for shares to be paid." };
}
