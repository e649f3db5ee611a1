import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ProblemFragment } from "@mint/views/components/problem.tsx";
import { resolveClientIp } from "../../../shared/http/client-ip.ts";
import { csrfDecision, originOf } from "../../../shared/http/csrf.ts";
import { currentTraceparent } from "../../../shared/telemetry.ts";
import type { C, WebConfig, WebEnv, WebLog } from "./env.ts";
import { view as h } from "./render.tsx";
import { isHtmx, problemResponse } from "./respond.ts";

const csp = (objectSrc: string) =>
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  `frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src ${objectSrc}`;
const CSP = csp("'none'");
/**
 * The console's KYC review shows identity documents inline, a PDF with <object>: on those pages
 * only, same-origin objects (the admin API's short-lived document links) are allowed. Every other
 * page keeps object-src 'none'.
 */
const DOCUMENT_REVIEW_CSP = csp("'self'");
const showsDocuments = (path: string) => path.startsWith("/app-admin/kyc/");

const DEFAULT_TRUSTED_PROXIES = ["127.0.0.1", "::1", "::ffff:127.0.0.1"];
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

type PeerLookup = { requestIP?: (req: Request) => { address: string } | null };

/** The socket peer: the shared runtime passes `{ server }` as env, a bare Bun.serve passes the server. */
function peerAddress(c: C): string | undefined {
  const env = c.env as (PeerLookup & { server?: PeerLookup }) | undefined;
  const server = typeof env?.server?.requestIP === "function" ? env.server : env;
  try {
    return typeof server?.requestIP === "function" ? (server.requestIP(c.req.raw)?.address ?? undefined) : undefined;
  } catch {
    return undefined;
  }
}

/** Request id, client address and trace context for the calls to the APIs; security headers on every answer. */
export function requestMeta(config: WebConfig): MiddlewareHandler<WebEnv> {
  const trustedProxies = config.TRUSTED_PROXIES ?? DEFAULT_TRUSTED_PROXIES;
  return async (c, next) => {
    let requestId = c.get("requestId");
    if (!requestId) {
      const incoming = c.req.header("x-request-id");
      requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
      c.set("requestId", requestId);
    }
    const incomingTrace = c.req.header("traceparent");
    const ip = c.get("clientIp") ?? resolveClientIp(peerAddress(c), c.req.header("x-forwarded-for"), trustedProxies);
    c.set("meta", {
      requestId,
      // The runtime's HTTP span when there is one, so calls to the APIs join the same trace.
      traceparent: currentTraceparent() ?? (incomingTrace && TRACEPARENT.test(incomingTrace) ? incomingTrace : undefined),
      clientIp: ip && ip !== "unknown" ? ip : undefined,
    });
    await next();
    c.res.headers.set("x-content-type-options", "nosniff");
    c.res.headers.set("referrer-policy", "strict-origin-when-cross-origin");
    if (!c.req.path.startsWith("/static/")) {
      c.res.headers.set("content-security-policy", showsDocuments(c.req.path) ? DOCUMENT_REVIEW_CSP : CSP);
      c.res.headers.set("x-frame-options", "DENY");
      if (!c.res.headers.has("cache-control")) c.res.headers.set("cache-control", "no-store");
      c.res.headers.append("vary", "HX-Request");
    }
  };
}

/** CSRF: every unsafe request must come from this site (Origin or Sec-Fetch-Site). */
export function sameOriginOnly(config: WebConfig, log: WebLog): MiddlewareHandler<WebEnv> {
  const publicOrigin = originOf(config.PUBLIC_BASE_URL);
  return async (c, next) => {
    const decision = csrfDecision({
      method: c.req.method,
      origin: c.req.header("origin"),
      secFetchSite: c.req.header("sec-fetch-site"),
      allowedOrigins: [publicOrigin, new URL(c.req.url).origin].filter((o): o is string => !!o),
    });
    if (decision.allow) return next();
    log.warn("cross-site request refused", { method: c.req.method, path: c.req.path, reason: decision.reason, requestId: c.get("requestId") });
    const title = "Cross-site request refused";
    const detail = "This request did not come from a Mint page. Reload the page and try again.";
    if (isHtmx(c)) return c.html(h(ProblemFragment, { status: 403, title, detail, requestId: c.get("requestId") }), 403);
    return c.json({ type: "about:blank", title, status: 403, detail, code: "PERMISSION_DENIED" }, 403, { "content-type": "application/problem+json" });
  };
}

/**
 * Forms are small. Upload routes (KYC documents) are left out here: each declares its own larger
 * limit on its route (and to the service's root app), so only they accept files.
 */
export function formBodyLimit(maxSize = 64 * 1024, uploadPaths: readonly string[] = []): MiddlewareHandler<WebEnv> {
  const limit = bodyLimit({ maxSize, onError: (c) => problemResponse(c as C, 413, "Request too large", "The form you sent is larger than we accept.") });
  const uploads = new Set(uploadPaths);
  return (c, next) => (uploads.has(c.req.path) ? next() : limit(c, next));
}
