import type { NatsConnection, Subscription } from "nats";
import type { Database } from "../../shared/db/connect.ts";
import type { Logger } from "../../shared/log.ts";
import { ReplayGate, sseComment, sseMessage } from "./domain/sse.ts";
import { subscribeLive } from "./live.ts";
import { missedSince, toView, type NotificationView } from "./store.ts";

export interface StreamDeps {
  db: Database;
  nc: NatsConnection;
  log: Logger;
  heartbeatMs: number;
  replayLimit: number;
  /** Aborted when the service shuts down: open streams end so the server can stop. */
  shutdown: AbortSignal;
}

/** How long a browser waits before reconnecting a dropped stream. */
const RECONNECT_MS = 3_000;
/**
 * Messages queued for a client that is not reading. Past this the stream is closed rather than
 * buffering without bound; the client reconnects and Last-Event-ID replays what it missed.
 */
const MAX_QUEUED_MESSAGES = 1_000;
const encoder = new TextEncoder();

/**
 * A user's notification stream: subscribe to their live subject first, then replay what they
 * missed after `lastEventId`, then pass live notifications through. Subscribing before reading
 * the replay means nothing created in between is lost; the gate drops what both paths carry.
 */
export async function openNotificationStream(deps: StreamDeps, userId: string, lastEventId: string | undefined, request: AbortSignal): Promise<Response> {
  const gate = new ReplayGate<NotificationView>();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let sub: Subscription | undefined;
  let heartbeat: Timer | undefined;

  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    sub?.unsubscribe();
    deps.shutdown.removeEventListener("abort", close);
    request.removeEventListener("abort", close);
    try {
      controller.close();
    } catch {
      // Already closed by the client going away.
    }
  };
  const write = (chunk: string) => {
    if (closed) return;
    if ((controller.desiredSize ?? 0) < -MAX_QUEUED_MESSAGES) {
      deps.log.warn("closing a stream whose client stopped reading", { userId });
      return close();
    }
    try {
      controller.enqueue(encoder.encode(chunk));
    } catch {
      close();
    }
  };
  const send = (views: NotificationView[]) => {
    for (const v of views) write(sseMessage({ id: v.id, event: "notification", data: v }));
  };

  const body = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c;
    },
    cancel: () => close(),
  });

  try {
    sub = await subscribeLive(deps.nc, userId, (v) => send(gate.live(v)), deps.log);
    write(sseMessage({ event: "ready", data: { replayed: lastEventId !== undefined }, retryMs: RECONNECT_MS }));
    if (lastEventId) {
      const { rows, truncated } = await missedSince(deps.db, userId, lastEventId, deps.replayLimit);
      // Older ones were skipped: the client should reload the list instead of trusting the stream.
      if (truncated) write(sseMessage({ event: "replay_truncated", data: { limit: deps.replayLimit } }));
      send(gate.open(rows.map(toView)));
    } else {
      send(gate.open([]));
    }
  } catch (err) {
    close();
    throw err;
  }

  heartbeat = setInterval(() => write(sseComment("heartbeat")), deps.heartbeatMs);
  deps.shutdown.addEventListener("abort", close, { once: true });
  request.addEventListener("abort", close, { once: true });
  if (deps.shutdown.aborted || request.aborted) close();

  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      // Proxies that honour it (nginx) must not buffer the stream.
      "x-accel-buffering": "no",
    },
  });
}
