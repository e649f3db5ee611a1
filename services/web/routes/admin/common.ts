import { getCookie } from "hono/cookie";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { FormState } from "@mint/views/pages/admin/parts.tsx";
import type { ToastMessage } from "@mint/views/types.ts";
import type { C } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import type { JSX } from "../../app/render.tsx";
import { isHtmx, notFound, problemResponse, redirect } from "../../app/respond.ts";
import type { SignedIn } from "../../app/session.ts";
import { exactEmail, type UserHandle } from "../../domain/admin/forms.ts";
import { zoneOrUtc } from "../../domain/transactions/days.ts";
import type { Problem } from "../../domain/page/problem.ts";

/** The admin's time zone (app.js reports the browser's in mint_tz; UTC until it has). */
export const adminZone = (c: C): string => zoneOrUtc(getCookie(c, "mint_tz"));

/**
 * What the admin API's refusal means for the person who asked, in its own words: a 4xx carries
 * the reason (someone else decided first, the payee spent the money, an admin's own role); an
 * outage says nothing changed.
 */
export function refusalText(problem: Problem): string {
  if (problem.status === 0 || problem.status >= 500) {
    const what = problem.detail ?? problem.title ?? "A service the console needs did not answer";
    return `${what.replace(/\.$/, "")}. Nothing was changed; try again in a moment.`;
  }
  return problem.detail ?? problem.title ?? "The admin service refused this.";
}

/** The status a form answers with when the API refused it (422 for bad input, else the API's). */
export const refusalStatus = (problem: Problem): ContentfulStatusCode => (problem.status >= 400 && problem.status < 600 ? problem.status : 503) as ContentfulStatusCode;

/**
 * An action went through: the outcome rides to the page it concerns as a toast (post, redirect,
 * get; with htmx the browser is told to go there, and the toast shows on arrival).
 */
export function doneGoTo(kit: Kit, c: C, to: string, toast: ToastMessage): Response {
  kit.flash(c, toast);
  return redirect(c, to);
}

/**
 * A form that must be shown again (a message next to a field, or the API's refusal): its own
 * fragment for htmx, or its page (inside the shell) for a browser without JavaScript.
 */
export function formAgain(c: C, status: ContentfulStatusCode, form: JSX.Element, page: () => JSX.Element): JSX.Element {
  c.status(status);
  return isHtmx(c) ? form : page();
}

/**
 * The name a form carried for its own title when it is shown again (display only: the id in the
 * URL decides what is acted on), or `fallback`.
 */
export const subjectName = (value: string | undefined, fallback: string) => value?.trim().slice(0, 200) || fallback;

/** The user an admin named by e-mail or id, as an id (looked up by e-mail), or why not. */
export async function resolveUser(kit: Kit, c: C, s: SignedIn, handle: UserHandle): Promise<{ ok: true; id: string } | { ok: false; message: string; outage: boolean }> {
  if (handle.kind === "id") return { ok: true, id: handle.id };
  const r = await kit.clients.admin.users(c.get("meta"), s.accessToken, { q: handle.email, limit: 20 });
  if (!r.ok) return { ok: false, message: refusalText(r.problem), outage: r.status >= 500 };
  const user = exactEmail(r.data.items, handle.email);
  return user ? { ok: true, id: user.id } : { ok: false, message: `Nobody has the e-mail address ${handle.email}.`, outage: false };
}

/** The cursor the page was asked for, when it has the shape of the API's cursors (else the first page). */
export function cursorParam(c: C, isCursor: RegExp | ((value: string) => boolean)): string | undefined {
  const value = c.req.query("cursor") ?? "";
  const ok = isCursor instanceof RegExp ? isCursor.test(value) : isCursor(value);
  return ok ? value : undefined;
}

/** A page of rows as a list shows it; `link(cursor)` is the URL of another page, of the first without a cursor. */
export function rowsOf<T>(data: { items: T[]; nextCursor: string | null }, cursor: string | undefined, link: (cursor?: string) => string) {
  return { kind: "rows" as const, items: data.items, next: data.nextCursor ? link(data.nextCursor) : null, first: cursor ? link() : undefined };
}

/**
 * The answer when the one thing a page shows (a user, a case, a transaction) could not be had:
 * not found, or its service's refusal with a way to try again.
 */
export function unavailablePage(c: C, r: { status: number; problem: Problem }, title: string): Response | Promise<Response> {
  if (r.status === 404) return notFound(c);
  return problemResponse(c, r.status >= 500 ? 503 : r.status, title, refusalText(r.problem), { retryHref: c.req.url });
}

/**
 * The admin API's refusal of a list's filters (a 400 naming fields), each message put on the
 * filter it belongs to (`filterOf` maps the API's field to the form's); false for any other refusal.
 */
export function onFilters<K extends string>(r: { status: number; problem: Problem }, errors: Partial<Record<K, string>>, filterOf: (field: string) => K | undefined): boolean {
  if (r.status !== 400 || !r.problem.errors?.length) return false;
  for (const e of r.problem.errors) {
    const key = filterOf(e.field);
    if (key) errors[key] = e.message;
  }
  return true;
}

/** A form again after the API refused it: the message for `field` when the API named it, else the refusal for the whole form. */
export function refusedForm(problem: Problem, values: Record<string, string>, field: string): FormState {
  const error = problem.errors?.find((e) => e.field.endsWith(field));
  return { values, errors: error ? { [field]: error.message } : {}, form: error ? undefined : refusalText(problem) };
}
