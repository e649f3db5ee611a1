import { isUuid } from "../../../../shared/ids.ts";
import type { FormInput } from "../page/forms.ts";
import { centsToInput, formatCents, parseDollars } from "../money/money.ts";
import type { FormErrors } from "../page/problem.ts";
import { splitEvenly } from "./split-evenly.ts";

/**
 * The "Split a bill" form. It works the same with and without JavaScript: the whole draft (title,
 * total, each participant with their share) travels in the form, and each button says what to do
 * with it (search, add someone, remove someone, split evenly, create). The server answers with the
 * draft changed, or creates the split once the shares add up to the total to the cent.
 */

export const SPLIT_TITLE_MAX = 255;
/** The social API's limit. */
export const SPLIT_PARTICIPANTS_MAX = 50;

export interface DraftParticipant {
  userId: string;
  /** For display only: the API checks the id, and the created split comes back with names from the directory. */
  name: string;
  email: string;
  /** The share as typed. */
  amount: string;
}

export interface SplitDraft {
  title: string;
  total: string;
  /** The people search as typed. */
  q: string;
  participants: DraftParticipant[];
}

export type SplitOp = { kind: "search" } | { kind: "add"; userId: string } | { kind: "remove"; userId: string } | { kind: "even" } | { kind: "create" };

export const field = {
  id: (i: number) => `p${i}_id`,
  name: (i: number) => `p${i}_name`,
  email: (i: number) => `p${i}_email`,
  amount: (i: number) => `p${i}_amount`,
};

const clip = (s: string | undefined, max: number) => (s ?? "").trim().slice(0, max);

/** A draft with only its creator in it (their share counts as paid at once). */
export function newSplitDraft(me: { id: string; name: string; email: string }): SplitDraft {
  return { title: "", total: "", q: "", participants: [{ userId: me.id, name: me.name, email: me.email, amount: "" }] };
}

/** The draft the form sent: participants p0…p49, each once (the first wins), ids that are no user id dropped. */
export function readSplitDraft(input: FormInput): SplitDraft {
  const participants: DraftParticipant[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < SPLIT_PARTICIPANTS_MAX; i++) {
    const id = (input[field.id(i)] ?? "").trim().toLowerCase();
    if (!isUuid(id) || seen.has(id)) continue;
    seen.add(id);
    participants.push({ userId: id, name: clip(input[field.name(i)], 200), email: clip(input[field.email(i)], 254), amount: clip(input[field.amount(i)], 40) });
  }
  return { title: (input.title ?? "").trim(), total: clip(input.total, 40), q: clip(input.q, 254), participants };
}

/** The button that sent the form; a form sent without one (Enter, a script) is a request to create. */
export function readSplitOp(value: string | undefined): SplitOp {
  const v = (value ?? "").trim();
  if (v === "search") return { kind: "search" };
  if (v === "even") return { kind: "even" };
  const [verb, id] = v.split(":", 2);
  if ((verb === "add" || verb === "remove") && id && isUuid(id)) return { kind: verb, userId: id.toLowerCase() };
  return { kind: "create" };
}

export interface Allocation {
  /** The total, when it reads as an amount. */
  totalCents: number | null;
  /** The sum of the shares that read as amounts. */
  allocatedCents: number;
  /** Every share reads as an amount and they add up to the total exactly. */
  balanced: boolean;
  /** "Allocated $60.00 of $90.00", and what is left or too much. */
  text: string;
}

export function allocation(draft: SplitDraft): Allocation {
  const total = parseDollars(draft.total);
  const shares = draft.participants.map((p) => parseDollars(p.amount));
  const allocatedCents = shares.reduce((sum, s) => sum + (s.ok ? s.cents : 0), 0);
  const totalCents = total.ok ? total.cents : null;
  const allRead = shares.length > 0 && shares.every((s) => s.ok);
  const balanced = totalCents !== null && allRead && allocatedCents === totalCents;
  let text = `Allocated ${formatCents(allocatedCents)}`;
  if (totalCents === null) text += " (enter the total)";
  else {
    text += ` of ${formatCents(totalCents)}`;
    if (allocatedCents < totalCents) text += `: ${formatCents(totalCents - allocatedCents)} left to allocate`;
    else if (allocatedCents > totalCents) text += `: ${formatCents(allocatedCents - totalCents)} too much`;
  }
  return { totalCents, allocatedCents, balanced, text };
}

export type Outcome = { draft: SplitDraft; errors: FormErrors };

/** Someone found by the search, added with an empty share (already in: nothing changes). */
export function addParticipant(draft: SplitDraft, person: { id: string; name: string | null; email: string }): Outcome {
  if (draft.participants.some((p) => p.userId === person.id)) return { draft, errors: { fields: { q: `${person.name || person.email} is already in this split.` } } };
  if (draft.participants.length >= SPLIT_PARTICIPANTS_MAX) return { draft, errors: { fields: { q: `A split can have at most ${SPLIT_PARTICIPANTS_MAX} people.` } } };
  const participants = [...draft.participants, { userId: person.id, name: person.name ?? "", email: person.email, amount: "" }];
  return { draft: { ...draft, q: "", participants }, errors: { fields: {} } };
}

export function removeParticipant(draft: SplitDraft, userId: string): SplitDraft {
  return { ...draft, participants: draft.participants.filter((p) => p.userId !== userId) };
}

/** Every share set to an equal part of the total, the odd cents to the first people. */
export function splitDraftEvenly(draft: SplitDraft): Outcome {
  const total = parseDollars(draft.total);
  if (!total.ok) return { draft, errors: { fields: { total: draft.total === "" ? "Enter the total first, then split it evenly." : total.message } } };
  if (draft.participants.length === 0) return { draft, errors: { fields: { q: "Add the people to split with first." } } };
  const shares = splitEvenly(total.cents, draft.participants.length);
  return { draft: { ...draft, participants: draft.participants.map((p, i) => ({ ...p, amount: centsToInput(shares[i]!) })) }, errors: { fields: {} } };
}

export interface CheckedSplit {
  title: string;
  totalCents: number;
  participants: { userId: string; amountCents: number }[];
}

/** The split to create, or every message at once: each by its field, the shares' sum by "shares". */
export function checkSplit(draft: SplitDraft, creatorId: string): { ok: true; value: CheckedSplit } | { ok: false; errors: FormErrors } {
  const fields: Record<string, string> = {};
  if (draft.title === "") fields.title = "Give the split a title, like “Dinner at Luigi's”.";
  else if (draft.title.length > SPLIT_TITLE_MAX) fields.title = `Use at most ${SPLIT_TITLE_MAX} characters.`;
  const total = parseDollars(draft.total);
  if (!total.ok) fields.total = total.message;
  const shares = draft.participants.map((p, i) => {
    const s = parseDollars(p.amount);
    if (!s.ok) fields[field.amount(i)] = p.amount === "" ? "Enter this person's share." : s.message;
    return s.ok ? s.cents : 0;
  });
  if (!draft.participants.some((p) => p.userId !== creatorId)) fields.q = "Add at least one other person to split with.";
  const sum = allocation(draft);
  if (total.ok && Object.keys(fields).every((k) => k === "title") && !sum.balanced) {
    fields.shares = `The shares must add up to the total to the cent. ${sum.text}.`;
  }
  if (Object.keys(fields).length > 0 || !total.ok) return { ok: false, errors: { fields } };
  return {
    ok: true,
    value: { title: draft.title, totalCents: total.cents, participants: draft.participants.map((p, i) => ({ userId: p.userId, amountCents: shares[i]! })) },
  };
}
