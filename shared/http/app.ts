import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context, Hono, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { AppError, invalidArgument, unavailableIfConnectionLost } from "../errors.ts";
import type { Logger } from "../log.ts";
import { contextFromTraceparent, currentTraceId, SpanKind, withSpan } from "../telemetry.ts";
import type { AuthUser } from "./auth.ts";
import { isTrustedPeer, resolveClientIp } from "./client-ip.ts";
import { problemFromError, problemResponse } from "./problem.ts";
import { textGuard } from "./text-guard.ts";

/**
 * clientCountry: ISO 3166 alpha-2 from X-Client-Country, believed only from a trusted proxy.
 * siteOrigins: the configured origins the site is served from (PUBLIC_BASE_URL), for the
 * same-origin check on cookie-authenticated requests.
 */
export type AppVariables = { requestId: string; clientIp: string; clientCountry: string | null; siteOrigins: readonly string[]; user: AuthUser };
export type AppEnv = { Variables: AppVariables; Bindings: { server?: { requestIP(req: Request): { address: string } | null } } };

/** A router whose request validation failures become 400 problems naming each field. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const what = result.target === "json" ? "Request body" : result.target === "query" ? "Query" : "Request";
        throw invalidArgument(result.error.issues, what);
      }
    },
  });
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface RootAppOptions {
  service: string;
  log: Logger;
  trustedProxies: readonly string[];
  bodyLimitBytes: number;
  /**
   * Larger limits for a few exact paths that need them (an upload), so one route's needs do not
   * raise the limit of every other route.
   */
  routeBodyLimits?: Readonly<Record<string, number>>;
  /** Content types accepted for request bodies; other types get 415. Undefined = anything. */
  acceptedContentTypes?: readonly string[];
  readiness: () => Promise<{ ok: boolean; checks: Record<string, string> }>;
  serviceApp?: Hono<any> | OpenAPIHono<any>;
  /** Origins the site is served from besides the one a request was sent to (PUBLIC_BASE_URL). */
  siteOrigins?: readonly string[];
  /**
   * Renders an error the runtime raised before the service's own routes ran (a refused body,
   * content type or character) in the service's own form, e.g. a page for a browser; undefined
   * keeps the problem document.
   */
  renderError?: ErrorRenderer;
}

export type ErrorRenderer = (error: AppError, c: Context) => Response | Promise<Response> | undefined;

/** Turns whatever was thrown into a problem+json response; never leaks internals for unexpected errors. */
export function errorToResponse(err: unknown, c: Context, log: Logger, render?: ErrorRenderer): Response | Promise<Response> {
  let appError: AppError;
  if (err instanceof AppError) appError = err;
  else if (err instanceof HTTPException) {
    const status = err.status;
    const code = status === 401 ? "UNAUTHENTICATED" : status === 403 ? "PERMISSION_DENIED" : status === 404 ? "NOT_FOUND" : status >= 500 ? "INTERNAL" : "INVALID_ARGUMENT";
    appError = new AppError(code, err.message || "Bad request", { status });
  } else if (err instanceof SyntaxError) {
    appError = new AppError("INVALID_ARGUMENT", "Malformed JSON in request body");
  } else if (err && typeof err === "object" && "issues" in err && Array.isArray((err as { issues: unknown }).issues)) {
    appError = invalidArgument((err as { issues: { path: PropertyKey[]; message: string }[] }).issues);
  } else {
    const unavailable = unavailableIfConnectionLost(err);
    if (!unavailable) log.error("unhandled error", { err, path: c.req.path, method: c.req.method });
    appError = unavailable ?? new AppError("INTERNAL", "An unexpected error occurred");
  }
  if (appError.status >= 500 && appError.code !== "INTERNAL") log.warn("request failed", { code: appError.code, detail: appError.message });
  const rendered = render?.(appError, c);
  if (rendered) return rendered;
  const doc = problemFromError(appError, {
    instance: c.req.path,
    requestId: c.get("requestId"),
    traceId: currentTraceId(),
  });
  return problemResponse(doc, withRetryAfter(appError));
}

/** Seconds a client is told to wait after a 503 that named no wait of its own (a service it needs is down). */
export const DEFAULT_RETRY_AFTER_S = 5;

/** Every 503 says when to try again, so clients and proxies back off instead of hammering. */
function withRetryAfter(appError: AppError): Record<string, string> | undefined {
  if (appError.status !== 503) return appError.headers;
  const named = Object.keys(appError.headers ?? {}).some((h) => h.toLowerCase() === "retry-after");
  return named ? appError.headers : { ...appError.headers, "retry-after": String(DEFAULT_RETRY_AFTER_S) };
}

function requestContext(opts: RootAppOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : Bun.randomUUIDv7();
    c.set("requestId", requestId);
    const peer = c.env?.server?.requestIP(c.req.raw)?.address;
    c.set("clientIp", resolveClientIp(peer, c.req.header("x-forwarded-for"), opts.trustedProxies));
    const country = c.req.header("x-client-country")?.toUpperCase();
    c.set("clientCountry", country && /^[A-Z]{2}$/.test(country) && isTrustedPeer(peer, opts.trustedProxies) ? country : null);
    c.set("siteOrigins", opts.siteOrigins ?? []);
    const parent = contextFromTraceparent(c.req.header("traceparent"));
    const started = performance.now();
    await withSpan(`HTTP ${c.req.method}`, { kind: SpanKind.SERVER, parent, attributes: { "http.request.method": c.req.method, "url.path": c.req.path, "mint.request_id": requestId } }, async (span) => {
      await next();
      c.header("x-request-id", requestId);
      span.setAttribute("http.response.status_code", c.res.status);
      if (c.req.routePath) span.updateName(`HTTP ${c.req.method} ${c.req.routePath}`);
      const ms = Math.round((performance.now() - started) * 10) / 10;
      if (c.res.status >= 500) opts.log.warn("request", { method: c.req.method, path: c.req.path, status: c.res.status, ms, requestId });
      else opts.log.debug("request", { method: c.req.method, path: c.req.path, status: c.res.status, ms, requestId });
    });
  };
}

function contentTypeGuard(accepted: readonly string[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (UNSAFE.has(c.req.method)) {
      const length = c.req.header("content-length");
      const hasBody = (length !== undefined && length !== "0") || c.req.header("transfer-encoding") !== undefined;
      const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
      if (hasBody && !accepted.includes(type)) {
        throw new AppError("INVALID_ARGUMENT", `Content-Type must be ${accepted.join(" or ")}`, { status: 415 });
      }
    }
    await next();
  };
}

/** The root app every service serves: health, readiness, OpenAPI, error mapping, limits, text rules, tracing. */
export function buildRootApp(opts: RootAppOptions): Hono<AppEnv> {
  const app = createRouter();
  app.onError((err, c) => errorToResponse(err, c, opts.log, opts.renderError));
  app.notFound((c) => errorToResponse(new AppError("NOT_FOUND", `No route for ${c.req.method} ${c.req.path}`), c, opts.log));
  app.use("*", requestContext(opts));
  const limitOf = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new AppError("INVALID_ARGUMENT", `Request body exceeds ${maxSize} bytes`, { status: 413 });
      },
    });
  const defaultLimit = limitOf(opts.bodyLimitBytes);
  const routeLimits = new Map(Object.entries(opts.routeBodyLimits ?? {}).map(([path, bytes]) => [path, limitOf(bytes)]));
  app.use("*", (c, next) => (routeLimits.get(c.req.path) ?? defaultLimit)(c, next));
  if (opts.acceptedContentTypes) app.use("*", contentTypeGuard(opts.acceptedContentTypes));
  app.use("*", textGuard());

  app.get("/healthz", (c) => c.json({ status: "ok", service: opts.service }));
  app.get("/readyz", async (c) => {
    const result = await opts.readiness();
    return c.json({ status: result.ok ? "ready" : "not_ready", service: opts.service, checks: result.checks }, result.ok ? 200 : 503);
  });
  app.get("/openapi.json", (c) => {
    const sub = opts.serviceApp as Partial<OpenAPIHono<any>> | undefined;
    const info = { title: `Mint ${opts.service} service`, version: "1.0.0" };
    if (sub && typeof sub.getOpenAPI31Document === "function") {
      return c.json(sub.getOpenAPI31Document({ openapi: "3.1.0", info }));
    }
    return c.json({ openapi: "3.1.0", info, paths: {} });
  });
  if (opts.serviceApp) app.route("/", opts.serviceApp as Hono<any>);
  return app;
}
