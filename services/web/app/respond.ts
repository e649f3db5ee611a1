import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ProblemFragment } from "@mint/views/components/problem.tsx";
import { ErrorPage, NotFoundPage } from "@mint/views/pages/errors.tsx";
import type { FormInput } from "../domain/page/forms.ts";
import type { C } from "./env.ts";
import { type JSX, view as h } from "./render.tsx";

export const isHtmx = (c: C) => c.req.header("hx-request") === "true";

/** An htmx request that wants a piece of a page rather than a whole document. */
export const wantsFragment = (c: C) =>
  isHtmx(c) && c.req.header("hx-request-type") !== "full" && c.req.header("hx-history-restore-request") !== "true";

/** Navigates the browser: HX-Redirect for htmx (fetch would follow a 3xx and swap the page in), else 3xx. */
export function redirect(c: C, to: string): Response {
  if (isHtmx(c)) {
    c.header("HX-Redirect", to);
    return c.body(null, 204);
  }
  return c.redirect(to, c.req.method === "GET" || c.req.method === "HEAD" ? 302 : 303);
}

/** A path with an extra query parameter. */
export function withParam(path: string, key: string, value: string): string {
  const url = new URL(path, "http://mint.invalid");
  url.searchParams.set(key, value);
  return url.pathname + url.search;
}

/** The current path and query, as a `return_to` or `next` value. */
export function currentPath(c: C): string {
  const url = new URL(c.req.url);
  return url.pathname + url.search;
}

/** A form body as strings (files are left out; upload routes read the body themselves). */
export async function readForm(c: C): Promise<FormInput> {
  const type = c.req.header("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) return {};
  const body = await c.req.parseBody();
  const out: FormInput = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === "string") out[k] = v;
  return out;
}

/** Renders a page in full, or just its panel for htmx. */
export const panelOrPage = (c: C, panel: JSX.Element, page: JSX.Element, status = 200) =>
  c.html(wantsFragment(c) ? panel : page, status as ContentfulStatusCode);

/**
 * An error answer in the form the client can use: a fragment for htmx (htmx 4 swaps error
 * responses too), problem+json for API clients, a full page for browsers.
 */
export function problemResponse(
  c: C,
  status: number,
  title: string,
  detail: string,
  opts: { retryHref?: string; code?: string } = {},
): Response | Promise<Response> {
  const requestId = c.get("requestId");
  const s = status as ContentfulStatusCode;
  if (isHtmx(c)) return c.html(h(ProblemFragment, { status, title, detail, requestId }), s);
  const accept = c.req.header("accept") ?? "";
  if (!accept.includes("text/html") && (accept.includes("json") || c.req.method !== "GET")) {
    return c.json({ type: "about:blank", title, status, detail, code: opts.code ?? codeFor(status) }, s, {
      "content-type": "application/problem+json",
    });
  }
  if (status === 404) return c.html(h(NotFoundPage, {}), 404);
  return c.html(h(ErrorPage, { status, title, detail, requestId, retryHref: opts.retryHref }), s);
}

export function notFound(c: C) {
  return problemResponse(c, 404, "Page not found", "The page you're looking for doesn't exist or has moved.");
}

function codeFor(status: number): string {
  if (status === 400 || status === 413 || status === 422) return "INVALID_ARGUMENT";
  if (status === 401) return "UNAUTHENTICATED";
  if (status === 403) return "PERMISSION_DENIED";
  if (status === 404) return "NOT_FOUND";
  if (status === 429) return "RATE_LIMITED";
  if (status === 503) return "UNAVAILABLE";
  if (status === 504) return "DEADLINE_EXCEEDED";
  return "INTERNAL";
}
