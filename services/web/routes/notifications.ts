import { Hono } from "hono";
import { html } from "hono/html";
import { getCookie } from "hono/cookie";
import { FeedNotification, PanelNotification } from "@mint/views/components/notification-item.tsx";
import { ToastsOob } from "@mint/views/components/toast.tsx";
import { UnreadCountsOob } from "@mint/views/components/unread-count.tsx";
import { PanelItems } from "@mint/views/layouts/notifications-panel.tsx";
import { FeedNextPage, NotificationsContent, type NotificationsFeed } from "@mint/views/pages/notifications.tsx";
import type { ToastMessage } from "@mint/views/types.ts";
import { isUuid } from "../../../shared/ids.ts";
import type { C, WebEnv } from "../app/env.ts";
import type { Kit } from "../app/kit.ts";
import { view as h } from "../app/render.tsx";
import { currentPath, isHtmx, readForm, redirect, wantsFragment, withParam } from "../app/respond.ts";
import type { SignedIn } from "../app/session.ts";
import type { Notification } from "../clients/notifications.ts";
import { safeNextPath } from "../domain/page/navigation.ts";
import { groupByDay, notificationHref, notificationItem } from "../domain/live/notification-view.ts";

/** Set by app.js: the browser's IANA time zone, for day groups and clock times. */
const TZ_COOKIE = "mint_tz";
const PAGE_SIZE = 20;
const PANEL_SIZE = 20;
/** A cursor is the notifications service's opaque page token (base64url). */
const CURSOR = /^[A-Za-z0-9_-]{1,200}$/;

/** The feed's URL for a filter and a page. */
function feedHref(unreadOnly: boolean, cursor?: string): string {
  let href = "/notifications";
  if (unreadOnly) href = withParam(href, "unread", "true");
  if (cursor) href = withParam(href, "cursor", cursor);
  return href;
}

/** Where a notification's own page is (the page a form came from): /notifications, from HX-Current-URL or return_to. */
function pageOf(c: C): string | undefined {
  const current = c.req.header("hx-current-url");
  if (!current) return undefined;
  try {
    const url = new URL(current);
    return safeNextPath(url.pathname + url.search);
  } catch {
    return undefined;
  }
}

const onFeedPage = (path: string | undefined) => !!path && (path === "/notifications" || path.startsWith("/notifications?"));

/**
 * /notifications: the paged feed with its unread filter, and the actions behind the feed and the
 * bell's slide-over: mark one read, mark all read, open one (mark read and go where it belongs).
 */
export function notificationsPage(kit: Kit) {
  const { clients } = kit;
  const app = new Hono<WebEnv>();

  const itemsOf = (c: C, list: Notification[], style: "relative" | "clock") => {
    const now = new Date();
    const tz = getCookie(c, TZ_COOKIE);
    return list.map((n) => notificationItem(n, now, tz, style));
  };

  const unreadCount = async (c: C, s: SignedIn): Promise<number | undefined> => {
    const r = await clients.notifications.unreadCount(c.get("meta"), s.accessToken);
    return r.ok ? r.data.count : undefined;
  };

  /** An htmx answer that only adds toasts (and leaves the request's own target alone). */
  const toastsOnly = (c: C, toasts: ToastMessage[], status: 200 | 404 | 503 = 200) => {
    c.header("HX-Reswap", "none");
    return c.html(h(ToastsOob, { toasts }), status);
  };

  app.get(
    "/",
    kit.userPage("/notifications", async (c, s, shell) => {
      const unreadOnly = c.req.query("unread") === "true";
      const rawCursor = c.req.query("cursor");
      if (rawCursor !== undefined && !CURSOR.test(rawCursor)) return redirect(c, feedHref(unreadOnly));
      const cursor = rawCursor || undefined;
      const meta = c.get("meta");
      // The shell reads the unread count anyway; a fragment (the next page) does not need it.
      const [page, count] = await Promise.all([
        clients.notifications.list(meta, s.accessToken, { cursor, limit: PAGE_SIZE, unread: unreadOnly ? true : undefined }),
        shell ? shell.then((d) => d.unreadCount).catch(() => undefined) : undefined,
      ]);
      // A cursor the service no longer recognises: start again from the newest.
      if (!page.ok && page.status === 400 && cursor) return redirect(c, feedHref(unreadOnly));
      const tz = getCookie(c, TZ_COOKIE);
      const now = new Date();
      const items = page.ok ? itemsOf(c, page.data.items, "clock") : undefined;
      const feed: NotificationsFeed = {
        unreadOnly,
        paged: !!cursor,
        groups: items ? groupByDay(items, (i) => new Date(i.at), now, tz) : undefined,
        nextHref: page.ok && page.data.nextCursor ? feedHref(unreadOnly, page.data.nextCursor) : undefined,
        unreadCount: count,
        returnTo: currentPath(c),
      };
      // "Load more" with htmx: the next page's items, appended in place.
      if (wantsFragment(c) && cursor) return h(FeedNextPage, { feed: { ...feed, returnTo: feedHref(unreadOnly) } });
      return h(NotificationsContent, { feed });
    }),
  );

  /** The bell's slide-over list (an htmx fragment); a browser that asks for it directly gets the page. */
  app.get(
    "/panel",
    kit.userAction(async (c, s) => {
      if (!wantsFragment(c)) return redirect(c, "/notifications");
      const meta = c.get("meta");
      const [page, count] = await Promise.all([clients.notifications.list(meta, s.accessToken, { limit: PANEL_SIZE }), unreadCount(c, s)]);
      const items = page.ok ? itemsOf(c, page.data.items, "relative") : undefined;
      return c.html(html`${h(PanelItems, { items })}${count === undefined ? "" : h(UnreadCountsOob, { count })}`);
    }),
  );

  app.post(
    "/read-all",
    kit.userAction(async (c, s) => {
      const form = await readForm(c);
      const meta = c.get("meta");
      const r = await clients.notifications.markAllRead(meta, s.accessToken);
      const toast: ToastMessage = r.ok
        ? { kind: "success", message: r.data.updated === 0 ? "You're all caught up: nothing was unread." : "All notifications marked as read." }
        : { kind: "error", message: "We couldn't mark your notifications as read. Please try again in a moment." };
      if (isHtmx(c)) {
        if (!r.ok) return toastsOnly(c, [toast], 503);
        // On the feed itself every item changes: show it again, as it now is.
        const page = pageOf(c);
        if (onFeedPage(page)) {
          kit.flash(c, toast);
          return redirect(c, page!);
        }
        const [list, count] = await Promise.all([clients.notifications.list(meta, s.accessToken, { limit: PANEL_SIZE }), unreadCount(c, s)]);
        const items = list.ok ? itemsOf(c, list.data.items, "relative") : undefined;
        return c.html(html`${h(PanelItems, { items })}${h(UnreadCountsOob, { count: count ?? 0 })}${h(ToastsOob, { toasts: [toast] })}`);
      }
      kit.flash(c, toast);
      return redirect(c, safeNextPath(form.return_to) ?? "/notifications");
    }),
  );

  app.post(
    "/:id/read",
    kit.userAction(async (c, s) => {
      const id = c.req.param("id") ?? "";
      const form = await readForm(c);
      const back = safeNextPath(form.return_to) ?? "/notifications";
      const r = isUuid(id) ? await clients.notifications.markRead(c.get("meta"), s.accessToken, id.toLowerCase()) : undefined;
      const failure: ToastMessage | undefined =
        r?.ok === true
          ? undefined
          : !r || r.status === 404
            ? { kind: "error", message: "That notification no longer exists." }
            : { kind: "error", message: "We couldn't mark that notification as read. Please try again in a moment." };
      if (isHtmx(c)) {
        if (!r?.ok) return toastsOnly(c, [failure!], !r || r.status === 404 ? 404 : 503);
        const count = await unreadCount(c, s);
        const [feedItem] = itemsOf(c, [r.data], "clock");
        const [panelItem] = itemsOf(c, [r.data], "relative");
        // The feed's item (the request's target), its copy in the slide-over, and the counts.
        return c.html(
          html`${h(FeedNotification, { item: feedItem!, returnTo: back })}${h(PanelNotification, { item: panelItem!, oob: true })}${count === undefined ? "" : h(UnreadCountsOob, { count })}`,
        );
      }
      if (failure) kit.flash(c, failure);
      return redirect(c, back);
    }),
  );

  /**
   * Following an item with JavaScript: mark it read, then go where it belongs. When it cannot be
   * marked (the service is down), the user still gets where they were going (`to`, a local path).
   */
  app.post(
    "/:id/open",
    kit.userAction(async (c, s) => {
      const id = c.req.param("id") ?? "";
      const fallback = safeNextPath(c.req.query("to")) ?? "/notifications";
      if (!isUuid(id)) return redirect(c, fallback);
      const r = await clients.notifications.markRead(c.get("meta"), s.accessToken, id.toLowerCase());
      if (r.ok) return redirect(c, notificationHref(r.data.type, r.data.data));
      if (r.status === 404) {
        kit.flash(c, { kind: "error", message: "That notification no longer exists." });
        return redirect(c, "/notifications");
      }
      return redirect(c, fallback);
    }),
  );

  return app;
}
