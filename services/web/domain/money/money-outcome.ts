import { formatCents } from "./money.ts";
import { type FormErrors, type Problem, problemMessage } from "../page/problem.ts";

/**
 * What became of a deposit or a transfer, said as it is: completed, held for review, or refused
 * (declined by fraud screening, over a limit, frozen, short of funds, unknown recipient), and
 * whether the answer is a replay of what the same form already did.
 */

export type MoneyKind = "deposit" | "transfer";

/** The answer of POST /topup or /transfer as the client returns it. */
export type MoneyAnswer = { ok: true; status: number; replayed: boolean } | { ok: false; status: number; problem: Problem };

export interface MoneyContext {
  kind: MoneyKind;
  amountCents: number;
  /** Who is paid (transfers): a name, or an e-mail when they have no name. */
  recipient?: string;
}

export type MoneyOutcome =
  | { kind: "completed"; replayed: boolean; message: string }
  | { kind: "held"; replayed: boolean; message: string }
  | {
      kind: "refused";
      /** The form's messages: next to the fields they concern, else for the whole form. */
      errors: FormErrors;
      /**
       * Keep the form's Idempotency-Key: nothing was recorded under it (bad input, a request still
       * at work, an outage), so sending the same form again is safe and cannot pay twice. Every
       * other answer is stored under the key, so the form needs a new one before it may be sent
       * with other details.
       */
      keepKey: boolean;
      /** The status to answer the browser with. */
      status: number;
    };

const amountOf = (ctx: MoneyContext) => formatCents(ctx.amountCents);
const to = (ctx: MoneyContext) => (ctx.recipient ? ` to ${ctx.recipient}` : "");

const WINDOW_WORDS: Record<string, { name: string; period: string; resets: string }> = {
  DAILY: { name: "daily", period: "today", resets: "it starts again at midnight UTC" },
  MONTHLY: { name: "monthly", period: "this month", resets: "it starts again on the 1st (UTC)" },
};

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isSafeInteger(v) ? v : undefined);

/** "That's over your daily transfer limit of $2,000.00: you've used $1,900.00 today and $100.00 is left (…)". */
export function limitMessage(kind: MoneyKind, problem: Problem): string {
  const e = problem.extensions ?? {};
  const what = kind === "deposit" ? "deposit" : "transfer";
  const limit = num(e.limit);
  const used = num(e.used);
  const remaining = num(e.remaining);
  if (e.window === "PER_TRANSACTION" && limit !== undefined) {
    return `That's over your ${what} limit of ${formatCents(limit)} per transaction. ${kind === "deposit" ? "Deposit" : "Send"} at most ${formatCents(limit)} at a time.`;
  }
  const words = typeof e.window === "string" ? WINDOW_WORDS[e.window] : undefined;
  if (words && limit !== undefined && used !== undefined && remaining !== undefined) {
    const left = remaining > 0 ? `${formatCents(remaining)} is left` : "nothing is left";
    return `That's over your ${words.name} ${what} limit of ${formatCents(limit)}: you've used ${formatCents(used)} ${words.period} and ${left} (${words.resets}).`;
  }
  return problem.detail ?? `That's over one of your ${what} limits.`;
}

/** API field → form field. */
const FIELD_OF: Record<string, string> = { amount: "amount", recipientId: "recipient", description: "note", category: "category" };
const KEY_FIELD = "idempotency-key";

const refused = (status: number, errors: FormErrors, keepKey = false): MoneyOutcome => ({ kind: "refused", errors, keepKey, status });
const formError = (status: number, message: string, keepKey = false) => refused(status, { fields: {}, form: message }, keepKey);
const fieldError = (status: number, field: string, message: string) => refused(status, { fields: { [field]: message } });

export function moneyOutcome(answer: MoneyAnswer, ctx: MoneyContext): MoneyOutcome {
  if (answer.ok) {
    if (answer.status === 202) {
      const lead = answer.replayed ? "Already submitted: your" : "Your";
      return {
        kind: "held",
        replayed: answer.replayed,
        message:
          `${lead} transfer of ${amountOf(ctx)}${to(ctx)} is held for review. The money is reserved in your wallet while a reviewer checks the transfer; ` +
          `you'll get a notification when they decide. If they decline it, the money is released back to you.`,
      };
    }
    const message =
      ctx.kind === "deposit"
        ? answer.replayed
          ? `Already done: your deposit of ${amountOf(ctx)} went through when this form was first sent. Nothing was added twice.`
          : `Deposited ${amountOf(ctx)} into your wallet.`
        : answer.replayed
          ? `Already sent: ${amountOf(ctx)}${to(ctx)} went through when this form was first sent. Nothing was sent twice.`
          : `Sent ${amountOf(ctx)}${to(ctx)}.`;
    return { kind: "completed", replayed: answer.replayed, message };
  }

  const { problem, status } = answer;
  const code = problem.code ?? "";
  const fieldsOf = (problem.errors ?? []).map((e) => e.field.split(".").pop() ?? "");

  if (status === 0 || status >= 500) {
    const pending = typeof problem.extensions?.transactionId === "string";
    return formError(
      503,
      pending
        ? "We're still confirming what happened to this payment. Send the same form again in a moment: it will show the outcome, and it can't pay twice."
        : "We couldn't reach Mint to finish this. Nothing moved twice: send the same form again in a moment.",
      true,
    );
  }
  if (status === 401) return formError(401, "Your session has expired. Sign in again, then send the form once more.", true);
  if (status === 429) return formError(429, problemMessage(problem), true);
  if (code === "CONFLICT" && fieldsOf.some((f) => f.toLowerCase() === KEY_FIELD)) {
    return formError(409, "This form was sent a moment ago and is still being processed. Check your recent activity in a moment before sending it again.", true);
  }
  if (fieldsOf.some((f) => f.toLowerCase() === KEY_FIELD)) {
    // Another body under the same key (Back, change the amount, send), or a key the API refused.
    return formError(422, "This form was already sent with other details, so nothing was sent this time. Check the details and send it again.");
  }
  if (code === "LIMIT_EXCEEDED") return fieldError(422, "amount", limitMessage(ctx.kind, problem));
  if (code === "INSUFFICIENT_FUNDS") return fieldError(422, "amount", "You don't have enough available money for this. No money moved.");
  if (status === 403 || code === "PERMISSION_DENIED") {
    return formError(403, "Declined by fraud screening: this transfer was stopped and no money moved. If you think this is a mistake, contact support.");
  }
  if (code === "FROZEN") {
    if (fieldsOf.includes("recipientId")) return fieldError(409, "recipient", "This person's wallet is frozen, so they can't receive money right now.");
    if ((problem.detail ?? "").startsWith("Your wallet")) return formError(409, "Your wallet is frozen, so no money can move. Contact support to find out why.");
    return formError(409, "A wallet in this transfer is frozen, so no money moved.");
  }
  if (code === "NOT_FOUND" && ctx.kind === "transfer") return fieldError(404, "recipient", "We couldn't find this person. Search again and choose from the list.");
  if (status === 400 || status === 422) {
    const fields: Record<string, string> = {};
    const leftovers: string[] = [];
    for (const e of problem.errors ?? []) {
      const field = FIELD_OF[e.field.split(".").pop() ?? ""];
      if (field) fields[field] ??= `${field === "note" ? "Note" : field === "recipient" ? "Recipient" : field === "category" ? "Category" : "Amount"} ${e.message}.`;
      else leftovers.push(e.message);
    }
    const form = leftovers.length > 0 ? leftovers.join(" ") : Object.keys(fields).length === 0 ? problemMessage(problem) : undefined;
    // A 400 is refused before the key is claimed: the same form may be sent again once corrected.
    return refused(422, form === undefined ? { fields } : { fields, form }, status === 400);
  }
  if (fieldsOf.includes("recipientId")) return fieldError(status, "recipient", problem.detail ?? "This person can't receive money right now.");
  return formError(status, problemMessage(problem));
}
