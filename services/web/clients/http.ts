import type { z } from "zod";
import { type Problem, toProblem } from "../domain/page/problem.ts";

/** Per-request details forwarded to the APIs so their logs, traces and rate limits see the user. */
export interface RequestMeta {
  requestId: string;
  traceparent?: string;
  clientIp?: string;
}

export type ApiResult<T> = { ok: true; status: number; data: T; headers: Headers } | { ok: false; status: number; problem: Problem };

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface CallInit {
  /** The user's access token: every call carries the user's own token, so each API authorises it. */
  token?: string;
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  headers?: Record<string, string>;
  /** A multipart body (an upload) instead of JSON; fetch writes its content type with the boundary. */
  form?: FormData;
  /** This call's deadline when it differs from the client's (an upload takes as long as the user's connection needs). */
  timeoutMs?: number;
}

export interface ServiceClientOptions {
  /** Shown in problems: "The wallet service could not be reached". */
  service: string;
  /** The service's base URL and path prefix, e.g. http://127.0.0.1:4002/api/v1/wallet. */
  baseUrl: string;
  /** Per-call deadline. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * The one way the web tier calls an API. It never throws for HTTP or network failures: every
 * outcome is an ApiResult, and a network failure, a timeout or a malformed answer becomes a
 * 503/504/502 problem, so a page can say "this part is unavailable" and render the rest.
 */
export function createServiceClient(opts: ServiceClientOptions) {
  const base = opts.baseUrl.replace(/\/+$/, "");
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 5_000;

  const outage = (status: 502 | 503 | 504, detail: string): { ok: false; status: number; problem: Problem } => ({
    ok: false,
    status,
    problem: { status, code: status === 504 ? "DEADLINE_EXCEEDED" : "UNAVAILABLE", title: `The ${opts.service} service is unavailable`, detail },
  });

  function url(path: string, query: CallInit["query"]): string {
    const u = new URL(base + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== "") u.searchParams.set(k, String(v));
    return u.toString();
  }

  function headersFor(meta: RequestMeta, init: CallInit, accept: string): Headers {
    const headers = new Headers({ accept, "x-request-id": meta.requestId, ...init.headers });
    if (meta.traceparent) headers.set("traceparent", meta.traceparent);
    if (meta.clientIp) headers.set("x-forwarded-for", meta.clientIp);
    if (init.token) headers.set("authorization", `Bearer ${init.token}`);
    if (init.body !== undefined) headers.set("content-type", "application/json");
    return headers;
  }

  /** The raw response (for streams: CSV, SSE), or the problem when there is none to stream. */
  async function stream(
    method: Method,
    path: string,
    meta: RequestMeta,
    init: CallInit & { accept?: string; signal?: AbortSignal } = {},
  ): Promise<{ ok: true; response: Response } | { ok: false; status: number; problem: Problem }> {
    let res: Response;
    try {
      res = await doFetch(url(path, init.query), {
        method,
        headers: headersFor(meta, init, init.accept ?? "*/*"),
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: init.signal,
        redirect: "manual",
      });
    } catch {
      return outage(503, `The ${opts.service} service could not be reached`);
    }
    if (res.ok) return { ok: true, response: res };
    const text = await res.text().catch(() => "");
    return { ok: false, status: res.status, problem: toProblem(res.status, parseJson(text), res.headers.get("retry-after")) };
  }

  async function call<S extends z.ZodType>(method: Method, path: string, schema: S, meta: RequestMeta, init: CallInit = {}): Promise<ApiResult<z.infer<S>>> {
    let res: Response;
    try {
      res = await doFetch(url(path, init.query), {
        method,
        headers: headersFor(meta, init, "application/json, application/problem+json"),
        body: init.form ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
        signal: AbortSignal.timeout(init.timeoutMs ?? timeoutMs),
        redirect: "manual",
      });
    } catch (err) {
      const timedOut = err instanceof Error && err.name === "TimeoutError";
      return timedOut ? outage(504, `The ${opts.service} service did not answer in time`) : outage(503, `The ${opts.service} service could not be reached`);
    }
    const text = await res.text().catch(() => "");
    const body = parseJson(text);
    if (!res.ok) return { ok: false, status: res.status, problem: toProblem(res.status, body, res.headers.get("retry-after")) };
    const parsed = schema.safeParse(body ?? {});
    if (!parsed.success) return outage(502, `Unexpected answer from the ${opts.service} service`);
    return { ok: true, status: res.status, data: parsed.data, headers: res.headers };
  }

  return { call, stream };
}

export type ServiceClient = ReturnType<typeof createServiceClient>;

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
