import { getCookie } from "hono/cookie";
import { html } from "hono/html";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ToastsOob } from "@mint/views/components/toast.tsx";
import type { Match, PeopleSearch } from "@mint/views/pages/social/people.tsx";
import type { ToastMessage } from "@mint/views/types.ts";
import type { C } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { type JSX, view as h } from "../../app/render.tsx";
import { isHtmx, redirect } from "../../app/respond.ts";
import type { SignedIn } from "../../app/session.ts";
import { SEARCH_MIN } from "../../domain/money/money-forms.ts";

/** Set by app.js: the browser's IANA time zone, for dates. */
export const TZ_COOKIE = "mint_tz";
export const timeZone = (c: C) => getCookie(c, TZ_COOKIE);

/** The form came from a dialog on the social page and htmx sent it: answer with fragments. */
export const fromDialog = (c: C, form: Record<string, string>) => isHtmx(c) && form.in_dialog === "1";

/** A fragment answer: the swapped part, then any toasts and out-of-band parts. */
export function fragment(c: C, main: JSX.Element | null, extras: { toasts?: ToastMessage[]; oob?: (JSX.Element | null)[] } = {}, status = 200): Response | Promise<Response> {
  const toasts = extras.toasts?.length ? h(ToastsOob, { toasts: extras.toasts }) : null;
  return c.html(html`${main ?? ""}${(extras.oob ?? []).filter(Boolean)}${toasts ?? ""}`, status as ContentfulStatusCode);
}

/** Post/redirect/get: the outcome travels to the next page as a toast. */
export function done(kit: Kit, c: C, to: string, toast: ToastMessage): Response {
  kit.flash(c, toast);
  return redirect(c, to);
}

/**
 * People whose e-mail starts with `q` (the caller left out), or a sentence saying why there are
 * none: too short, nobody found, or the directory unavailable.
 */
export async function searchPeople(kit: Kit, c: C, s: SignedIn, raw: string | undefined): Promise<PeopleSearch> {
  const q = (raw ?? "").trim().slice(0, 254);
  if (q === "") return { q, matches: [] };
  if (q.length < SEARCH_MIN) return { q, matches: [], message: `Type at least ${SEARCH_MIN} characters of their e-mail address.` };
  const r = await kit.clients.auth.searchUsers(c.get("meta"), s.accessToken, q);
  if (!r.ok) return { q, matches: [], message: r.status >= 500 ? "Search is unavailable right now. Please try again in a moment." : "That search didn't work. Check the e-mail and try again." };
  if (r.data.length === 0) return { q, matches: [], message: `Nobody found with an e-mail starting “${q}”.` };
  return { q, matches: r.data };
}

/** The person with exactly this e-mail, found again in the directory (so the name shown is the directory's). */
export async function findByEmail(kit: Kit, c: C, s: SignedIn, email: string): Promise<{ ok: true; match: Match | undefined } | { ok: false }> {
  if (email.length < SEARCH_MIN) return { ok: true, match: undefined };
  const r = await kit.clients.auth.searchUsers(c.get("meta"), s.accessToken, email);
  if (!r.ok) return { ok: false };
  return { ok: true, match: r.data.find((m) => m.email.toLowerCase() === email.toLowerCase()) };
}
