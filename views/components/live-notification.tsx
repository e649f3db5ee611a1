import type { FC } from "hono/jsx";
import { FeedNotification, type NotificationItemView, PanelNotification } from "./notification-item.tsx";
import { UnreadCountsOob } from "./unread-count.tsx";

/**
 * What one live notification changes on whatever page is open, as out-of-band swaps (targets a
 * page does not have are skipped): the item on top of the slide-over's list and of today's group
 * of the /notifications feed, the unread counts, and a polite announcement for screen readers.
 * The feed's first page marks its today list `live-feed`; an unread-only feed leaves out
 * `live-feed-all`, so an item that was read by the time it arrives (a replay) stays out of it.
 */
export const LiveNotification: FC<{
  /** The item for the slide-over (relative time) and for the feed (clock time). */
  panelItem: NotificationItemView;
  feedItem: NotificationItemView;
  /** Where the feed's mark-read form returns without JavaScript. */
  returnTo: string;
  /** The unread count after this notification; left out when it could not be read. */
  unreadCount?: number;
  /** Said to screen readers; left out for all but the last of a batch. */
  announce?: string;
}> = ({ panelItem, feedItem, returnTo, unreadCount, announce }) => (
  <>
    <div hx-swap-oob="afterbegin:#notifications-panel-list">
      <PanelNotification item={panelItem} />
    </div>
    <div hx-swap-oob={`afterbegin:#feed-today.${feedItem.unread ? "live-feed" : "live-feed-all"}`}>
      <FeedNotification item={feedItem} returnTo={returnTo} />
    </div>
    {unreadCount === undefined ? null : <UnreadCountsOob count={unreadCount} />}
    {announce ? (
      <div id="live-announcer" hx-swap-oob="innerHTML">
        <p>{announce}</p>
      </div>
    ) : null}
  </>
);
