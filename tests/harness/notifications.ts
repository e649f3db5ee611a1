/**
 * The notifications service for tests, and a small SSE client that reads its stream the way a
 * browser's EventSource would (but lets the test drop the connection and pick the Last-Event-ID).
 *
 *   const notifications = await startNotifications({ jwksUrl: `${auth.url}/.well-known/jwks.json` });
 *   const sse = await openSse(`${notifications.url}/api/v1/notifications/stream`, user.token);
 *   const msg = await sse.next((m) => m.event === "notification");
 */
import { createNotificationsService } from "../../services/notifications/main.ts";
import type { Clock } from "../../services/notifications/clock.ts";
import { getMaildev } from "./infra.ts";
import { startService } from "./services.ts";

export type RunningNotifications = Awaited<ReturnType<ReturnType<typeof createNotificationsService>["start"]>>;

/** Starts notifications trusting the given auth, mailing to MailDev, with short heartbeat and mail poll. */
export async function startNotifications(opts: { jwksUrl: string; env?: Record<string, string | undefined>; clock?: Clock }): Promise<RunningNotifications> {
  const maildev = await getMaildev();
  return startService(createNotificationsService({ clock: opts.clock }), {
    JWKS_URL: opts.jwksUrl,
    SMTP_URL: maildev.smtpUrl,
    SSE_HEARTBEAT_MS: "500",
    MAIL_POLL_MS: "200",
    ...opts.env,
  });
}

export interface SseMessage {
  id?: string;
  event: string;
  data: any;
  /** When the client read it (performance.now()). */
  receivedAt: number;
}

export interface SseClient {
  status: number;
  headers: Headers;
  /** Every message so far, in order. */
  messages: SseMessage[];
  /** Comment lines (heartbeats) seen so far. */
  comments: string[];
  /** Waits for the first message (from `from` on) that matches; throws after the timeout. */
  next(match: (m: SseMessage) => boolean, opts?: { timeoutMs?: number; from?: number }): Promise<SseMessage>;
  /** The id of the last message that had one, as EventSource would send it on reconnect. */
  lastEventId(): string | undefined;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens an SSE stream with a bearer token (and Last-Event-ID when given); resolves once headers arrive. */
export async function openSse(url: string, token: string, opts: { lastEventId?: string; headers?: Record<string, string> } = {}): Promise<SseClient> {
  const abort = new AbortController();
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, accept: "text/event-stream", ...(opts.lastEventId ? { "last-event-id": opts.lastEventId } : {}), ...opts.headers },
    signal: abort.signal,
  });
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());

  const ended = (async () => {
    if (!res.body || !(res.headers.get("content-type") ?? "").startsWith("text/event-stream")) return;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const msg: Partial<SseMessage> & { dataLines: string[] } = { dataLines: [] };
          for (const line of block.split("\n")) {
            if (line.startsWith(":")) comments.push(line.slice(1).trim());
            else if (line.startsWith("id:")) msg.id = line.slice(3).trim();
            else if (line.startsWith("event:")) msg.event = line.slice(6).trim();
            else if (line.startsWith("data:")) msg.dataLines.push(line.slice(5).replace(/^ /, ""));
          }
          if (msg.dataLines.length) messages.push({ id: msg.id, event: msg.event ?? "message", data: JSON.parse(msg.dataLines.join("\n")), receivedAt: performance.now() });
          notify();
        }
      }
    } catch {
      // Aborted by close().
    } finally {
      notify();
    }
  })();

  let finished = false;
  void ended.then(() => (finished = true));

  return {
    status: res.status,
    headers: res.headers,
    messages,
    comments,
    ended,
    lastEventId: () => messages.filter((m) => m.id).at(-1)?.id,
    close: () => abort.abort(),
    next(match, o = {}) {
      const timeoutMs = o.timeoutMs ?? 10_000;
      return new Promise<SseMessage>((resolve, reject) => {
        const check = () => {
          const found = messages.slice(o.from ?? 0).find(match);
          if (found) return done(() => resolve(found));
          if (finished) return done(() => reject(new Error("SSE stream ended before the expected message")));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`No matching SSE message within ${timeoutMs} ms (got ${messages.length})`))), timeoutMs);
        const done = (fn: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          fn();
        };
        waiters.add(check);
        check();
      });
    },
  };
}
