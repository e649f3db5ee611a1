/**
 * The console's forms as typed: a reason, notes, a user named by e-mail or id. Checked here so a
 * bad value gets its message next to its field before anything is sent; the admin API has the
 * final word and its refusals are shown as they are.
 */
import { isUuid } from "../../../../shared/ids.ts";
import type { FormInput } from "../page/forms.ts";

/** The admin API's longest reason (kept in the audit entry) and longest reviewer's notes. */
export const MAX_REASON = 500;
export const MAX_NOTES = 1000;

export type TextResult = { ok: true; value: string } | { ok: false; message: string };

/** A required text: a reason for an action, or a reviewer's notes. */
export function requiredText(input: string | undefined, what: "reason" | "notes", max = what === "reason" ? MAX_REASON : MAX_NOTES): TextResult {
  const value = (input ?? "").trim();
  if (value === "") return { ok: false, message: what === "reason" ? "Give a reason: it is kept in the audit log." : "Write a note: it is kept in the audit log." };
  if (value.length > max) return { ok: false, message: `Use at most ${max} characters (this has ${value.length}).` };
  return { ok: true, value };
}

/** Optional notes: empty is fine. */
export function optionalNotes(input: string | undefined): { ok: true; value: string | undefined } | { ok: false; message: string } {
  const value = (input ?? "").trim();
  if (value === "") return { ok: true, value: undefined };
  return requiredText(value, "notes");
}

/** A checkbox as forms send it: present ("on" or a value) means ticked. */
export const ticked = (form: FormInput, name: string): boolean => form[name] !== undefined && form[name] !== "" && form[name] !== "false";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** How an admin named a user in a form: by id, or by e-mail (looked up). */
export type UserHandle = { kind: "id"; id: string } | { kind: "email"; email: string };

export function parseUserHandle(input: string | undefined): { ok: true; handle: UserHandle } | { ok: false; message: string } | { ok: true; handle: undefined } {
  const value = (input ?? "").trim();
  if (value === "") return { ok: true, handle: undefined };
  if (isUuid(value)) return { ok: true, handle: { kind: "id", id: value.toLowerCase() } };
  if (value.length <= 254 && EMAIL.test(value)) return { ok: true, handle: { kind: "email", email: value.toLowerCase() } };
  return { ok: false, message: "Enter the user's e-mail address or id." };
}

/** The user of a search whose e-mail is exactly `email` (the search matches prefixes). */
export function exactEmail<T extends { email: string }>(items: readonly T[], email: string): T | undefined {
  const wanted = email.trim().toLowerCase();
  return items.find((u) => u.email.toLowerCase() === wanted);
}
