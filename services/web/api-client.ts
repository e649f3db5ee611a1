import { z } from "zod";
import { toProblem, type Problem } from "./domain/problem.ts";

/** Per-request details forwarded to the APIs so their logs, traces and rate limits see the user. */
export interface RequestMeta {
  requestId: string;
  traceparent?: string;
  clientIp?: string;
}

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; problem: Problem };

const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullish().transform((v) => v ?? ""),
  email_verified: z.boolean(),
  role: z.enum(["USER", "ADMIN"]).catch("USER"),
});
export type AuthUser = z.infer<typeof userSchema>;

const tokensSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().optional(),
  user: userSchema.optional(),
});
export type TokenResponse = z.infer<typeof tokensSchema>;

const messageSchema = z.looseObject({ message: z.string().optional() });
export type MessageResponse = z.infer<typeof messageSchema>;

export interface AuthClientOptions {
  baseUrl: string;
  /** Per-call deadline. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * Server-side client for the auth service's public API. Never throws for HTTP or network failures:
 * every outcome is an ApiResult (a network failure or malformed answer is a 503/502 problem).
 */
export function createAuthClient(opts: AuthClientOptions) {
  const base = opts.baseUrl.replace(/\/+$/, "") + "/api/v1/auth";
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 5_000;

  async function call<S extends z.ZodType>(
    method: "GET" | "POST",
    path: string,
    schema: S,
    meta: RequestMeta,
    init: { body?: unknown; token?: string } = {},
  ): Promise<ApiResult<z.infer<S>>> {
    const headers = new Headers({ accept: "application/json, application/problem+json", "x-request-id": meta.requestId });
    if (meta.traceparent) headers.set("traceparent", meta.traceparent);
    if (meta.clientIp) headers.set("x-forwarded-for", meta.clientIp);
    if (init.token) headers.set("authorization", `Bearer ${init.token}`);
    if (init.body !== undefined) headers.set("content-type", "application/json");
    let res: Response;
    try {
      res = await doFetch(base + path, {
        method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: "manual",
      });
    } catch (err) {
      const timedOut = err instanceof Error && err.name === "TimeoutError";
      return {
        ok: false,
        status: timedOut ? 504 : 503,
        problem: {
          status: timedOut ? 504 : 503,
          code: timedOut ? "DEADLINE_EXCEEDED" : "UNAVAILABLE",
          title: "Auth service unavailable",
          detail: timedOut ? "The auth service did not answer in time" : "The auth service could not be reached",
        },
      };
    }
    const text = await res.text().catch(() => "");
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
    }
    if (!res.ok) return { ok: false, status: res.status, problem: toProblem(res.status, body, res.headers.get("retry-after")) };
    const parsed = schema.safeParse(body ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        status: 502,
        problem: { status: 502, code: "UNAVAILABLE", title: "Bad gateway", detail: "Unexpected answer from the auth service" },
      };
    }
    return { ok: true, status: res.status, data: parsed.data };
  }

  return {
    register: (meta: RequestMeta, body: { email: string; password: string; name: string }) =>
      call("POST", "/register", tokensSchema, meta, { body }),
    login: (meta: RequestMeta, body: { email: string; password: string }) => call("POST", "/login", tokensSchema, meta, { body }),
    refresh: (meta: RequestMeta, refreshToken: string) =>
      call("POST", "/refresh", tokensSchema, meta, { body: { refresh_token: refreshToken } }),
    logout: (meta: RequestMeta, accessToken: string, refreshToken: string | undefined) =>
      call("POST", "/logout", messageSchema, meta, {
        token: accessToken,
        body: refreshToken ? { refresh_token: refreshToken } : {},
      }),
    me: (meta: RequestMeta, accessToken: string) => call("GET", "/me", userSchema, meta, { token: accessToken }),
    requestVerifyEmail: (meta: RequestMeta, accessToken: string) =>
      call("POST", "/request-verify-email", messageSchema, meta, { token: accessToken, body: {} }),
    verifyEmail: (meta: RequestMeta, token: string) => call("POST", "/verify-email", messageSchema, meta, { body: { token } }),
    forgotPassword: (meta: RequestMeta, email: string) => call("POST", "/forgot-password", messageSchema, meta, { body: { email } }),
    resetPassword: (meta: RequestMeta, token: string, newPassword: string) =>
      call("POST", "/reset-password", messageSchema, meta, { body: { token, new_password: newPassword } }),
  };
}

export type AuthClient = ReturnType<typeof createAuthClient>;
