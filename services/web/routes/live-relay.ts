import type { WebLog } from "../app/env.ts";
import { type Notification, notificationSchema } from "../clients/notifications.ts";
import { formatSse, formatSseComment, SseParser } from "../domain/live/sse.ts";

/** What opening the notifications stream came to. */
export type UpstreamOpen =
  | { kind: "open"; body: ReadableStream<Uint8Array> }
  /** The token was refused (401/403): only the browser's reconnect, through the session gate, can fix that. */
  | { kind: "refused" }
  /** Not reachable, or answering with an error: try again shortly. */
  | { kind: "down"; status: number };

export interface LiveRelayOptions {
  /** The id to resume after (the browser's Last-Event-ID, or the page's cursor). */
  from: string | undefined;
  /** Opens the user's notifications stream after `after`; the signal ends it. */
  open(after: string | undefined, signal: AbortSignal): Promise<UpstreamOpen>;
  /**
   * What the browser is sent for notifications read together (in order): named events, then one
   * message per notification carrying its id. `truncated`: the service skipped some (more were
   * missed than it replays), so every part of the page should refresh.
   */
  render(batch: Notification[], truncated: boolean): Promise<string>;
  /** False once the session's access token is too old to open the stream again. */
  tokenUsable(): boolean;
  /** A comment is sent when the stream has been quiet this long (proxies and idle timers). */
  keepaliveMs: number;
  /** Each ends the stream: the browser went away (the request's signal), the service is shutting down. */
  endOn: readonly (AbortSignal | undefined)[];
  log: WebLog;
  /** Backoff between attempts to reach the notifications service, in ms (grows up to the last). */
  retryDelaysMs?: readonly number[];
}

/** Sent whenever the notifications stream is (re)opened; `retry` resets the browser's reconnect delay. */
export const CONNECTED = formatSse({ event: "live-connected", data: "{}", retry: 1_000 });
/** Ends the browser's connection for good: its session is over (hx-sse:close="session-ended"). */
export const SESSION_ENDED = formatSse({ event: "session-ended", data: "{}" });

/**
 * Messages queued for a browser that is not reading. Past this the stream ends rather than
 * buffering without bound; the browser reconnects with Last-Event-ID and nothing is lost.
 */
const MAX_QUEUED = 500;
const DEFAULT_RETRY_MS = [500, 1_000, 2_000, 4_000, 8_000] as const;
const encoder = new TextEncoder();

/**
 * The browser's live stream, relayed from the notifications service. The browser keeps one
 * connection; behind it the relay reopens the service's stream after the last notification it
 * passed on whenever that stream ends or cannot be reached (a restart, a deploy), so the page
 * sees a pause, not a gap. It ends the browser's stream, to be reconnected through the session
 * gate, when the access token could not open the service's stream any more; and it ends with
 * the browser (the upstream request is aborted) and on shutdown.
 */
export function liveRelay(opts: LiveRelayOptions): ReadableStream<Uint8Array> {
  const stop = new AbortController();
  const delays = opts.retryDelaysMs ?? DEFAULT_RETRY_MS;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let lastId = opts.from;
  let lastWrite = Date.now();
  let keepalive: Timer | undefined;

  const end = () => {
    if (stop.signal.aborted) return;
    stop.abort();
    clearInterval(keepalive);
    for (const signal of opts.endOn) signal?.removeEventListener("abort", end);
    try {
      controller.close();
    } catch {
      // The browser already went away.
    }
  };
  const write = (text: string) => {
    if (stop.signal.aborted || text === "") return;
    if ((controller.desiredSize ?? 0) < -MAX_QUEUED) {
      opts.log.warn("ending a live stream whose browser stopped reading");
      return end();
    }
    try {
      controller.enqueue(encoder.encode(text));
      lastWrite = Date.now();
    } catch {
      end();
    }
  };

  /** Passes one open upstream stream on until it ends (normally or not). */
  const pump = async (body: ReadableStream<Uint8Array>) => {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || stop.signal.aborted) return;
        let out = "";
        const batch: Notification[] = [];
        let truncated = false;
        for (const item of parser.push(decoder.decode(value, { stream: true }))) {
          if (item.kind === "comment") {
            out += formatSseComment(item.text);
            continue;
          }
          const { event, data } = item.message;
          if (event === "replay_truncated") truncated = true;
          if (event !== "notification") continue;
          const parsed = notificationSchema.safeParse(safeJson(data));
          if (parsed.success) batch.push(parsed.data);
          else opts.log.warn("skipping a malformed live notification", { id: item.message.id });
        }
        if (batch.length > 0 || truncated) out += await opts.render(batch, truncated);
        write(out);
        if (batch.length > 0) lastId = batch.at(-1)!.id;
      }
    } finally {
      reader.cancel().catch(() => {});
    }
  };

  const run = async () => {
    let failures = 0;
    let firstAttempt = true;
    while (!stop.signal.aborted) {
      if (failures > 0) {
        await sleep(delays[Math.min(failures, delays.length) - 1]!, stop.signal);
        if (stop.signal.aborted) return;
        // Reopening needs a token the service still accepts; the browser's reconnect refreshes it.
        if (!opts.tokenUsable()) return end();
      }
      const upstream = new AbortController();
      const abortUpstream = () => upstream.abort();
      stop.signal.addEventListener("abort", abortUpstream, { once: true });
      try {
        const opened = await opts.open(lastId, upstream.signal);
        if (stop.signal.aborted) return;
        if (opened.kind === "refused") {
          // Refused at once although the session gate just accepted the session: it is over.
          if (firstAttempt) write(SESSION_ENDED);
          return end();
        }
        firstAttempt = false;
        if (opened.kind === "down") {
          failures++;
          if (failures === 1) opts.log.warn("live notifications unreachable; retrying", { status: opened.status });
          continue;
        }
        failures = 0;
        write(CONNECTED);
        await pump(opened.body);
      } catch (err) {
        if (stop.signal.aborted) return;
        opts.log.debug("live notifications stream broke; reopening", { err });
      } finally {
        stop.signal.removeEventListener("abort", abortUpstream);
        upstream.abort();
      }
      // The stream ended or broke: reopen after the first (short) delay.
      failures = Math.max(failures, 1);
    }
  };

  return new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      if (opts.endOn.some((signal) => signal?.aborted)) return end();
      for (const signal of opts.endOn) signal?.addEventListener("abort", end, { once: true });
      keepalive = setInterval(() => {
        if (Date.now() - lastWrite >= opts.keepaliveMs) write(formatSseComment("keepalive"));
      }, opts.keepaliveMs / 2);
      run().then(end, (err) => {
        opts.log.error("live stream failed", { err });
        end();
      });
    },
    cancel() {
      end();
    },
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
