import type { AttemptResult } from "./domain/schedule.ts";
import { isIpLiteral } from "./domain/addresses.ts";
import { pinnedRequestUrl } from "./domain/target-url.ts";
import type { CheckedTarget } from "./target-guard.ts";

export const RESPONSE_BODY_LIMIT_BYTES = 1024;
const USER_AGENT = "Mint-Webhooks/1.0";

export interface AttemptReport {
  result: AttemptResult;
  responseStatus: number | null;
  /** The first KB of the answer, kept for the owner to debug their receiver. */
  responseBody: string | null;
  error: string | null;
  durationMs: number;
}

/** Reads at most `limit` bytes of a body and abandons the rest (a receiver cannot make us buffer megabytes). */
async function readPrefix(res: Response, limit: number): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(Math.min(size, limit));
  let at = 0;
  for (const c of chunks) {
    const part = c.subarray(0, Math.min(c.byteLength, bytes.length - at));
    bytes.set(part, at);
    at += part.byteLength;
    if (at >= bytes.length) break;
  }
  return new TextDecoder().decode(bytes);
}

/**
 * One POST to the checked address with the original host name in Host and TLS SNI (and the
 * certificate checked against that name). Redirects are answers, never followed.
 */
export async function sendAttempt(opts: { checked: CheckedTarget; headers: Record<string, string>; body: string; timeoutMs: number; /** Extra trusted CA (PEM), for tests with a local TLS receiver. */ ca?: string }): Promise<AttemptReport> {
  const { target, address } = opts.checked;
  const pinned = pinnedRequestUrl(target, address);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const signal = AbortSignal.timeout(opts.timeoutMs);
  try {
    const res = await fetch(pinned.url, {
      method: "POST",
      headers: { ...opts.headers, host: pinned.hostHeader, "content-type": "application/json", "user-agent": USER_AGENT },
      body: opts.body,
      redirect: "manual",
      signal,
      ...(target.url.protocol === "https:" ? { tls: { ...(isIpLiteral(target.hostname) ? {} : { serverName: target.hostname }), ...(opts.ca ? { ca: opts.ca } : {}) } } : {}),
    } as RequestInit);
    const responseBody = await readPrefix(res, RESPONSE_BODY_LIMIT_BYTES).catch(() => "");
    return { result: { kind: "response", status: res.status }, responseStatus: res.status, responseBody, error: null, durationMs: elapsed() };
  } catch (err) {
    const e = err as Error;
    const timedOut = signal.aborted || e?.name === "TimeoutError" || e?.name === "AbortError";
    const error = timedOut ? `Timed out after ${opts.timeoutMs} ms` : `Connection failed: ${e?.message ?? String(err)}`.slice(0, 500);
    return { result: { kind: "error" }, responseStatus: null, responseBody: null, error, durationMs: elapsed() };
  }
}
