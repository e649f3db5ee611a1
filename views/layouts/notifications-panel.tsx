import type { FC } from "hono/jsx";
import { Icon } from "../components/icons.tsx";
import { type NotificationItemView, PanelNotification } from "../components/notification-item.tsx";
import { PanelUnread } from "../components/unread-count.tsx";
import { Unavailable } from "../components/unavailable.tsx";

export const PANEL_ID = "notifications-panel";

/**
 * The bell's slide-over: the latest notifications, "Mark all read" and "View all". It is the
 * JavaScript enhancement of /notifications (the bell is a link there): its list is loaded when
 * the bell is clicked, and live notifications are prepended to it while the page is open.
 */
export const NotificationsPanel: FC<{ unreadCount: number; currentPath: string }> = ({ unreadCount, currentPath }) => (
  <dialog id={PANEL_ID} class="slideover" aria-labelledby={`${PANEL_ID}-title`}>
    <div class="slideover-head">
      <div>
        <h2 id={`${PANEL_ID}-title`} class="slideover-title">
          Notifications
        </h2>
        <PanelUnread count={unreadCount} />
      </div>
      <button type="button" class="icon-btn" aria-label="Close notifications" data-dialog-close>
        <Icon name="x" />
      </button>
    </div>
    <div class="slideover-actions">
      <form method="post" action="/notifications/read-all" hx-post="/notifications/read-all" hx-target="#notifications-panel-list" hx-swap="innerHTML" hx-disable="find button">
        <input type="hidden" name="return_to" value={currentPath} />
        <button type="submit" class="btn btn-secondary btn-sm">
          <span class="btn-spinner" aria-hidden="true"></span>
          <span class="btn-label">Mark all read</span>
        </button>
      </form>
      <a href="/notifications" class="btn btn-ghost btn-sm">
        <span class="btn-label">View all</span>
        <Icon name="arrowRight" />
      </a>
    </div>
    <ul id="notifications-panel-list" class="notif-list slideover-list" aria-label="Latest notifications">
      <li class="notif-placeholder">Loading your notifications…</li>
    </ul>
  </dialog>
);

/** The slide-over's list items: the latest notifications, or why there are none. */
export const PanelItems: FC<{ items: NotificationItemView[] | undefined }> = ({ items }) =>
  items === undefined ? (
    <li class="notif-placeholder">
      <Unavailable what="Your notifications" retryHref="/notifications" />
    </li>
  ) : (
    <>
      {items.map((item) => (
        <PanelNotification item={item} />
      ))}
      <li class="notif-empty">
        <span class="empty-icon">
          <Icon name="checkCircle" />
        </span>
        <span class="empty-title">All caught up</span>
        <span class="empty-text">New activity on your account shows up here as it happens.</span>
      </li>
    </>
  );
