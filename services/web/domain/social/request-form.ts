import type { FormInput } from "../page/forms.ts";
import { SEARCH_MIN } from "../money/money-forms.ts";
import { parseDollars } from "../money/money.ts";
import type { FormErrors } from "../page/problem.ts";

/**
 * The "Request money" form as the server reads it. The person asked is chosen from an e-mail
 * search (radio values are e-mail addresses); the server finds them again by that address when the
 * form is sent, so a name shown in the form always comes from the directory, never from the form.
 */

/** The social API's limit on a request's note. */
export const REQUEST_NOTE_MAX = 255;

export interface RequestInput {
  /** The search as typed. */
  q: string;
  /** The chosen person's e-mail. */
  recipient: string;
  amount: string;
  note: string;
}

export interface CheckedRequest {
  recipientEmail: string;
  amountCents: number;
  note: string | null;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

export const requestInput = (input: FormInput): RequestInput => ({
  q: (input.q ?? "").trim(),
  recipient: (input.recipient ?? "").trim().toLowerCase(),
  amount: (input.amount ?? "").trim(),
  note: (input.note ?? "").trim(),
});

export function checkRequest(input: RequestInput): Checked<CheckedRequest> {
  const fields: Record<string, string> = {};
  const amount = parseDollars(input.amount);
  if (!amount.ok) fields.amount = amount.message;
  if (input.note.length > REQUEST_NOTE_MAX) fields.note = `Use at most ${REQUEST_NOTE_MAX} characters.`;
  if (input.recipient === "") {
    fields.recipient = input.q.length < SEARCH_MIN ? `Search for the person by their e-mail (at least ${SEARCH_MIN} characters), then choose them.` : "Choose who you're asking from the list.";
  }
  if (!amount.ok || Object.keys(fields).length > 0) return { ok: false, errors: { fields } };
  return { ok: true, value: { recipientEmail: input.recipient, amountCents: amount.cents, note: input.note === "" ? null : input.note } };
}
