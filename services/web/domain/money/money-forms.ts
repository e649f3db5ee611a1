import { isUuid } from "../../../../shared/ids.ts";
import { CATEGORIES } from "../../../../proto-like-schemas/transactions.ts";
import type { FormInput } from "../page/forms.ts";
import { parseDollars } from "./money.ts";
import type { FormErrors } from "../page/problem.ts";

/**
 * The money forms (deposit, send) as the server reads them. Every money form carries the
 * Idempotency-Key it was rendered with, so sending it twice (a double click, a retry, Back and
 * submit again) replays the first payment instead of making a second one.
 */

export type Category = (typeof CATEGORIES)[number];
export const CATEGORY_LABELS: Record<Category, string> = { FOOD: "Food", TRANSPORT: "Transport", ENTERTAINMENT: "Entertainment", UTILITIES: "Utilities", OTHER: "Other" };

/** The API's own ceiling on a transaction's description. */
export const NOTE_MAX = 500;

/** What the person typed, echoed back when the form is shown again. */
export interface DepositInput {
  amount: string;
  note: string;
}

export interface SendInput extends DepositInput {
  /** The chosen recipient's e-mail (the search results' radio values). */
  recipient: string;
  /** The recipient search as typed. */
  q: string;
  category: string;
}

export interface Deposit {
  amountCents: number;
  note: string | null;
}

export interface Send extends Deposit {
  recipientEmail: string;
  category: Category | null;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

/** The form's key when it is one the server could have rendered; undefined for a missing or forged one. */
export const formKey = (input: FormInput): string | undefined => {
  const key = (input.idempotency_key ?? "").trim().toLowerCase();
  return isUuid(key) ? key : undefined;
};

const note = (input: FormInput) => (input.note ?? "").trim();

export const depositInput = (input: FormInput): DepositInput => ({ amount: (input.amount ?? "").trim(), note: note(input) });

export const sendInput = (input: FormInput): SendInput => ({
  ...depositInput(input),
  recipient: (input.recipient ?? "").trim().toLowerCase(),
  q: (input.q ?? "").trim(),
  category: (input.category ?? "").trim().toUpperCase(),
});

function checkCommon(input: DepositInput, fields: Record<string, string>): Deposit | undefined {
  const amount = parseDollars(input.amount);
  if (!amount.ok) fields.amount = amount.message;
  if (input.note.length > NOTE_MAX) fields.note = `Use at most ${NOTE_MAX} characters.`;
  return amount.ok ? { amountCents: amount.cents, note: input.note === "" ? null : input.note } : undefined;
}

export function checkDeposit(input: DepositInput): Checked<Deposit> {
  const fields: Record<string, string> = {};
  const value = checkCommon(input, fields);
  return value && Object.keys(fields).length === 0 ? { ok: true, value } : { ok: false, errors: { fields } };
}

const isCategory = (c: string): c is Category => (CATEGORIES as readonly string[]).includes(c);

export function checkSend(input: SendInput): Checked<Send> {
  const fields: Record<string, string> = {};
  const common = checkCommon(input, fields);
  if (input.recipient === "") fields.recipient = input.q === "" ? "Search for the person you're paying by their e-mail, then choose them." : "Choose who you're paying from the list.";
  if (input.category !== "" && !isCategory(input.category)) fields.category = "Choose one of the categories, or none.";
  if (!common || Object.keys(fields).length > 0) return { ok: false, errors: { fields } };
  return { ok: true, value: { ...common, recipientEmail: input.recipient, category: input.category === "" ? null : (input.category as Category) } };
}

/** The shortest search the directory answers (an e-mail prefix). */
export const SEARCH_MIN = 3;
