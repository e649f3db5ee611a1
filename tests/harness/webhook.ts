/**
 * A local webhook receiver for tests: a Bun.serve on 127.0.0.1 that records every request (raw
 * body included) and answers per path as told: 2xx, 410, 500, a redirect, or slowly.
 *
 *   const receiver = await startReceiver();
 *   afterAll(() => receiver.stop());
 *   receiver.respond("/gone", { status: 410 });
 *   // register `${receiver.url}/gone`, then: await receiver.waitFor("/gone", 1)
 *
 * Also an independent Standard Webhooks verifier (Web Crypto, not the service's code).
 */
import { eventually } from "../../shared/testing/wait.ts";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  receivedAt: number;
}

export interface Answer {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  /** Wait this long before answering (to provoke the sender's timeout). */
  delayMs?: number;
}

export interface Receiver {
  url: string;
  /** Every request so far, in arrival order. */
  requests: ReceivedRequest[];
  at(path: string): ReceivedRequest[];
  respond(path: string, answer: Answer): void;
  /** Waits until `count` requests reached `path` and returns them. */
  waitFor(path: string, count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  stop(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const answers = new Map<string, Answer>();
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    idleTimeout: 60,
    async fetch(req) {
      const url = new URL(req.url);
      const headers: Record<string, string> = {};
      req.headers.forEach((value, key) => (headers[key] = value));
      requests.push({ method: req.method, path: url.pathname, headers, body: await req.text(), receivedAt: Date.now() });
      const answer = answers.get(url.pathname) ?? {};
      if (answer.delayMs) await Bun.sleep(answer.delayMs);
      return new Response(answer.body ?? "ok", { status: answer.status ?? 200, headers: answer.headers });
    },
  });
  const at = (path: string) => requests.filter((r) => r.path === path);
  return {
    url: `http://127.0.0.1:${server.port}`,
    requests,
    at,
    respond: (path, answer) => void answers.set(path, answer),
    async waitFor(path, count, timeoutMs = 20_000) {
      return eventually(() => (at(path).length >= count ? at(path) : undefined), { timeoutMs, what: `${count} request(s) at ${path}` });
    },
    async stop() {
      await server.stop(true);
    },
  };
}

/**
 * Verifies a request the way a Standard Webhooks receiver does: HMAC-SHA256 keyed with the
 * base64-decoded secret over "<webhook-id>.<webhook-timestamp>.<raw body>", compared with each
 * space-separated "v1,<base64>" entry, and the timestamp within the tolerance of `nowS`.
 */
export async function verifyStandardWebhook(secret: string, request: Pick<ReceivedRequest, "headers" | "body">, opts: { nowS?: number; toleranceS?: number } = {}): Promise<boolean> {
  const id = request.headers["webhook-id"];
  const timestamp = request.headers["webhook-timestamp"];
  const signatures = request.headers["webhook-signature"];
  if (!id || !timestamp || !signatures || !/^\d+$/.test(timestamp)) return false;
  if (opts.nowS !== undefined && Math.abs(opts.nowS - Number(timestamp)) > (opts.toleranceS ?? 300)) return false;
  if (!secret.startsWith("whsec_")) return false;
  const keyBytes = Uint8Array.from(atob(secret.slice("whsec_".length)), (ch) => ch.charCodeAt(0));
  const key = await crypto.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
  const content = new TextEncoder().encode(`${id}.${timestamp}.${request.body}`);
  for (const entry of signatures.split(" ")) {
    const [version, value] = entry.split(",");
    if (version !== "v1" || !value) continue;
    let mac: Uint8Array<ArrayBuffer>;
    try {
      mac = Uint8Array.from(atob(value), (ch) => ch.charCodeAt(0));
    } catch {
      continue;
    }
    if (await crypto.subtle.verify("HMAC", key, mac, content)) return true;
  }
  return false;
}
