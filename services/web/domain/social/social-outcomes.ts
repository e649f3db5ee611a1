/**
 * What the social page says after each action, as it really went: a request that is being paid
 * is "being paid", not "paid"; a share the API says an earlier call paid is "already paid", not
 * paid again; a payment held for review says what that means.
 */
import { formatCents } from "../money/money.ts";
import { type FormErrors, type Problem, problemMessage } from "../page/problem.ts";

/** A toast's kind and words (views/types.ts ToastMessage has the same shape). */
export interface ToastLike {
  kind: "success" | "error" | "info";
  message: string;
}

type Answer<T> = { ok: true; status: number; data: T; headers?: Headers } | { ok: false; status: number; problem: Problem };

const STATUS_WORDS: Record<string, string> = {
  PENDING: "waiting for an answer",
  ACCEPTED: "accepted and being paid",
  PAID: "paid",
  FAILED: "closed: its payment failed",
  REVERSED: "closed: its payment was reversed",
  DECLINED: "declined",
  CANCELLED: "cancelled",
  EXPIRED: "expired",
};

const outage = (p: Problem) => p.status === 0 || p.status >= 500;

/** After Pay, Decline or Cancel on a request. */
export function answerToast(action: "accept" | "decline" | "cancel", answer: Answer<unknown>, ctx: { name: string; amountCents: number }): ToastLike {
  const amount = formatCents(ctx.amountCents);
  if (answer.ok) {
    if (action === "accept") return { kind: "info", message: `Paying ${ctx.name} ${amount}… The request shows Paid once the payment completes, or why it failed.` };
    if (action === "decline") return { kind: "success", message: `Declined ${ctx.name}'s request for ${amount}.` };
    return { kind: "success", message: `Cancelled your request to ${ctx.name} for ${amount}.` };
  }
  const p = answer.problem;
  if (outage(p)) return { kind: "error", message: "We couldn't reach Mint just now, so nothing changed. Please try again in a moment." };
  if (p.status === 404) return { kind: "error", message: "This request no longer exists." };
  const now = typeof p.extensions?.requestStatus === "string" ? STATUS_WORDS[p.extensions.requestStatus] : undefined;
  if (now) return { kind: "info", message: `This request is already ${now}, so nothing changed.` };
  return { kind: "error", message: problemMessage(p) };
}

/** After "Pay my share": 201 paid by this call, 200 replayed (an earlier call paid), 202 held, 409 in flight. */
export function payShareToast(answer: Answer<unknown>, ctx: { title: string; amountCents: number | null; creator: string }): ToastLike {
  const share = ctx.amountCents === null ? "your share" : `your share (${formatCents(ctx.amountCents)})`;
  if (answer.ok) {
    const replayed = answer.headers?.get("idempotent-replayed") === "true";
    if (answer.status === 202) {
      return {
        kind: "info",
        message: `${replayed ? "Already submitted: " : ""}The payment of ${share} for “${ctx.title}” is held for review. The money is reserved in your wallet while a reviewer checks it; the share counts as paid once they approve it, and if they decline it the money is released back to you.`,
      };
    }
    if (answer.status === 201 && !replayed) return { kind: "success", message: `Paid ${share} of “${ctx.title}” to ${ctx.creator}.` };
    return { kind: "info", message: `Your share of “${ctx.title}” was already paid. Nothing was paid again.` };
  }
  const p = answer.problem;
  if (outage(p)) return { kind: "error", message: "We couldn't confirm the payment just now. Try again in a moment: it can't pay twice." };
  if (p.status === 409 && p.code === "CONFLICT") return { kind: "info", message: `A payment of ${share} is already in progress. Check again in a moment: it can't pay twice.` };
  if (p.code === "INSUFFICIENT_FUNDS") return { kind: "error", message: `You don't have enough available money to pay ${share}. No money moved.` };
  if (p.code === "LIMIT_EXCEEDED") return { kind: "error", message: `Paying ${share} would go over your transfer limit. No money moved.${p.detail ? ` (${p.detail})` : ""}` };
  if (p.status === 403) return { kind: "error", message: "Declined by fraud screening: this payment was stopped and no money moved. If you think this is a mistake, contact support." };
  if (p.code === "FROZEN") return { kind: "error", message: "A wallet in this payment is frozen, so no money moved." };
  if (p.status === 404) return { kind: "error", message: "This split no longer exists, or you are not in it." };
  return { kind: "error", message: problemMessage(p) };
}

/**
 * A refused request-money form: each message next to its field (the API's recipientId is the
 * form's recipient), the rest for the whole form.
 */
export function requestFormErrors(p: Problem, recipientName: string): FormErrors {
  if (outage(p)) return { fields: {}, form: "We couldn't reach Mint just now, so no request was sent. Please try again in a moment." };
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const e of p.errors ?? []) {
    const name = e.field.split(".").pop() ?? "";
    if (name === "amount") fields.amount ??= p.code === "LIMIT_EXCEEDED" ? `That's more than ${recipientName} can send in one transfer. Ask for less.` : `Amount ${e.message}.`;
    else if (name === "recipientId") fields.recipient ??= p.status === 409 ? `${recipientName}'s account is not active.` : p.status === 404 ? "We couldn't find this person. Search again and choose from the list." : `Recipient ${e.message}.`;
    else if (name === "note") fields.note ??= `Note ${e.message}.`;
    else rest.push(e.message);
  }
  if (rest.length > 0 || Object.keys(fields).length === 0) return { fields, form: rest.length > 0 ? rest.join(" ") : problemMessage(p) };
  return { fields };
}

/** A refused split: the title, the total, a participant, or the shares' sum. */
export function splitFormErrors(p: Problem, nameAt: (index: number) => string): FormErrors {
  if (outage(p)) return { fields: {}, form: "We couldn't reach Mint just now, so the split was not created. Please try again in a moment." };
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const e of p.errors ?? []) {
    const path = e.field.split(".");
    const name = path.at(-1) ?? "";
    if (name === "title") fields.title ??= `Title ${e.message}.`;
    else if (name === "totalCents") fields.total ??= `Total ${e.message}.`;
    else if (path[0] === "participants" && path.length === 3 && /^\d+$/.test(path[1]!)) {
      const i = Number(path[1]);
      if (name === "amountCents") fields[`p${i}_amount`] ??= `Share ${e.message}.`;
      else rest.push(`${nameAt(i)}: ${e.message}.`);
    } else if (path[0] === "participants") fields.shares ??= `${e.message.charAt(0).toUpperCase()}${e.message.slice(1)}.`;
    else rest.push(e.message);
  }
  if (rest.length > 0 || Object.keys(fields).length === 0) return { fields, form: rest.length > 0 ? rest.join(" ") : problemMessage(p) };
  return { fields };
}
