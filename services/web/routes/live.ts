import { Hono } from "hono";
import { getCookie } from "hono/cookie";
import { LiveNotification } from "@mint/views/components/live-notification.tsx";
import type { C, WebEnv } from "../app/env.ts";
import type { Kit } from "../app/kit.ts";
import { view as h } from "../app/render.tsx";
import type { SignedIn } from "../app/session.ts";
import type { Notification } from "../clients/notifications.ts";
import { accessTokenNeedsRefresh } from "../domain/account/jwt.ts";
import { LIVE_EVENTS, liveEventsForAll } from "../domain/live/live-events.ts";
import { resumeFrom } from "../domain/live/live-cursor.ts";
import { notificationItem } from "../domain/live/notification-view.ts";
import { formatSse } from "../domain/live/sse.ts";
import { liveRelay, SESSION_ENDED, type UpstreamOpen } from "./live-relay.ts";

/** Set by app.js: the browser's IANA time zone, for the feed's clock times. */
const TZ_COOKIE = "mint_tz";
/** Longest wait for the notifications service to start answering a stream. */
const CONNECT_TIMEOUT_MS = 10_000;
/**
 * A comment after this much quiet. The notifications service sends its own heartbeats every 15 s,
 * which pass through; this covers the time it is being reconnected. Both stay well inside Bun's
 * idle timeout (60 s in the shared runtime) and the gateway's.
 */
const KEEPALIVE_MS = 15_000;
/** The stream is not reopened with a token this close to expiry: the browser reconnects and the session gate refreshes it. */
const TOKEN_MARGIN_S = 60;

const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  // Proxies that honour it must not buffer the stream.
  "x-accel-buffering": "no",
};

/** A stream of one message that then ends. */
const once = (c: C, text: string) => c.body(text, 200, SSE_HEADERS);

/**
 * GET /live: the tab's server-sent-events stream for htmx's SSE extension (the shell's
 * `hx-sse:connect`). It relays the user's notifications stream, turning each notification into
 * the named DOM events of the live contract (domain/live/live-events.ts) and HTML swapped out of band.
 * Resumes after the browser's Last-Event-ID, or after `since` (the page's cursor) on a first
 * connection, so what arrived while the page loaded or while disconnected is not missed.
 */
export function liveStream(kit: Kit) {
  const { clients, log } = kit;
  const app = new Hono<WebEnv>();

  const render = (c: C, s: SignedIn) => async (batch: Notification[], truncated: boolean) => {
    const events = truncated ? [...LIVE_EVENTS] : liveEventsForAll(batch.map((n) => n.type));
    let out = events.map((event) => formatSse({ event, data: JSON.stringify({ notifications: batch.length }) })).join("");
    if (batch.length === 0) return out;
    // Asked after the notifications exist, so the count is right after a replay as well.
    const count = await clients.notifications.unreadCount(c.get("meta"), s.accessToken);
    const now = new Date();
    const tz = getCookie(c, TZ_COOKIE);
    batch.forEach((n, i) => {
      const last = i === batch.length - 1;
      const html = h(LiveNotification, {
        panelItem: notificationItem(n, now, tz, "relative"),
        feedItem: notificationItem(n, now, tz, "clock"),
        returnTo: "/notifications",
        unreadCount: last && count.ok ? count.data.count : undefined,
        announce: last ? (batch.length === 1 ? `New notification: ${n.title}` : `${batch.length} new notifications`) : undefined,
      });
      out += formatSse({ id: n.id, data: String(html) });
    });
    return out;
  };

  app.get("/", async (c) => {
    const s = await kit.getSession(c);
    if (s.kind === "anonymous" || s.kind === "expired") return once(c, SESSION_ENDED);
    // The sign-in service is down: try again in a while (the browser waits `retry` ms).
    if (s.kind === "unavailable") return once(c, formatSse({ event: "live-unavailable", data: "{}", retry: 5_000 }));
    if (s.user.role !== "USER") return once(c, SESSION_ENDED);

    const meta = c.get("meta");
    const open = async (after: string | undefined, signal: AbortSignal): Promise<UpstreamOpen> => {
      const attempt = new AbortController();
      const abort = () => attempt.abort();
      signal.addEventListener("abort", abort, { once: true });
      const timer = setTimeout(abort, CONNECT_TIMEOUT_MS);
      try {
        const r = await clients.notifications.stream(meta, s.accessToken, after, attempt.signal);
        if (r.ok && r.response.body) return { kind: "open", body: r.response.body };
        if (!r.ok && (r.status === 401 || r.status === 403)) return { kind: "refused" };
        return { kind: "down", status: r.ok ? 502 : r.status };
      } finally {
        clearTimeout(timer);
      }
    };

    const body = liveRelay({
      from: resumeFrom(c.req.header("last-event-id"), c.req.query("since")),
      open,
      render: render(c, s),
      tokenUsable: () => !accessTokenNeedsRefresh(s.accessToken, Date.now(), TOKEN_MARGIN_S),
      keepaliveMs: KEEPALIVE_MS,
      // The browser going away aborts the request: the relay ends and aborts its upstream request.
      endOn: [c.req.raw.signal, kit.shutdown],
      log,
    });
    return c.body(body, 200, SSE_HEADERS);
  });

  return app;
}
