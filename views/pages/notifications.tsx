import type { FC } from "hono/jsx";
import { EmptyState } from "../components/empty-state.tsx";
import { Icon } from "../components/icons.tsx";
import { FeedNotification, type NotificationItemView } from "../components/notification-item.tsx";
import { FeedUnread } from "../components/unread-count.tsx";
import { Unavailable } from "../components/unavailable.tsx";

export type FeedGroupName = "Today" | "Yesterday" | "Earlier";
const GROUPS: readonly FeedGroupName[] = ["Today", "Yesterday", "Earlier"];
const listId = (group: FeedGroupName) => `feed-${group.toLowerCase()}`;

export interface NotificationsFeed {
  /** Only unread ones (the filter is in the URL: ?unread=true). */
  unreadOnly: boolean;
  /** A later page (reached with "Load more" without JavaScript). */
  paged: boolean;
  /** Undefined when the notifications service did not answer. */
  groups?: { group: FeedGroupName; items: NotificationItemView[] }[];
  /** The next page's URL, when there is one. */
  nextHref?: string;
  /** Undefined when it could not be read. */
  unreadCount?: number;
  /** This page's URL: where the forms come back to without JavaScript. */
  returnTo: string;
}

/** The three day groups; each list is always there (empty ones are hidden by the stylesheet) so a live item or the next page has somewhere to go. */
const FeedGroups: FC<{ feed: NotificationsFeed }> = ({ feed }) => (
  <div class="feed">
    {GROUPS.map((group) => {
      const items = feed.groups?.find((g) => g.group === group)?.items ?? [];
      // Live items go on top of today's list of the first page only.
      const live = group === "Today" && !feed.paged ? ` live-feed${feed.unreadOnly ? "" : " live-feed-all"}` : "";
      return (
        <section class="feed-group" aria-labelledby={`${listId(group)}-heading`}>
          <h3 id={`${listId(group)}-heading`} class="feed-group-title">
            {group}
          </h3>
          <ul id={listId(group)} class={`notif-list${live}`}>
            {items.map((item) => (
              <FeedNotification item={item} returnTo={feed.returnTo} />
            ))}
          </ul>
        </section>
      );
    })}
    <div class="feed-empty">
      {feed.unreadOnly ? (
        <EmptyState icon="checkCircle" title="You're all caught up">
          Nothing unread. <a href="/notifications">Show all notifications</a>
        </EmptyState>
      ) : (
        <EmptyState icon="bell" title={feed.paged ? "No older notifications" : "No notifications yet"}>
          Activity on your account (money in and out, requests, splits, budgets, verification) shows up here as it happens.
        </EmptyState>
      )}
    </div>
  </div>
);

/** "Load more": a link to the next page; with htmx it appends the next page here instead. */
export const FeedMore: FC<{ nextHref?: string; paged: boolean }> = ({ nextHref, paged }) => (
  <div id="feed-more" class="feed-more">
    {nextHref ? (
      <a href={nextHref} class="btn btn-secondary" hx-get={nextHref} hx-target="#feed-more" hx-swap="outerHTML">
        <span class="btn-spinner" aria-hidden="true"></span>
        <span class="btn-label">Load more</span>
      </a>
    ) : paged ? (
      <p class="muted">That's everything.</p>
    ) : null}
  </div>
);

/** What "Load more" brings with htmx: the next page's items appended to their day groups, and the next "Load more". */
export const FeedNextPage: FC<{ feed: NotificationsFeed }> = ({ feed }) => (
  <>
    {(feed.groups ?? []).map(({ group, items }) => (
      <div hx-swap-oob={`beforeend:#${listId(group)}`}>
        {items.map((item) => (
          <FeedNotification item={item} returnTo={feed.returnTo} />
        ))}
      </div>
    ))}
    <FeedMore nextHref={feed.nextHref} paged />
  </>
);

/** /notifications: every notification, newest first, a page at a time, with an unread filter. */
export const NotificationsContent: FC<{ feed: NotificationsFeed }> = ({ feed }) => (
  <div class="stack">
    <section class="card notif-card" aria-labelledby="feed-title">
      <header class="notif-head">
        <div class="notif-head-text">
          <h2 id="feed-title" class="card-title">
            {feed.unreadOnly ? "Unread notifications" : "All notifications"}
          </h2>
          <FeedUnread count={feed.unreadCount} />
        </div>
        <div class="notif-head-actions">
          <nav class="segmented" aria-label="Show">
            <a href="/notifications" class="segmented-item" aria-current={feed.unreadOnly ? undefined : "true"}>
              All
            </a>
            <a href="/notifications?unread=true" class="segmented-item" aria-current={feed.unreadOnly ? "true" : undefined}>
              Unread
            </a>
          </nav>
          <form method="post" action="/notifications/read-all" class="notif-read-all">
            <input type="hidden" name="return_to" value={feed.returnTo} />
            <button type="submit" class="btn btn-secondary btn-sm">
              <Icon name="checkCircle" />
              <span class="btn-label">Mark all as read</span>
            </button>
          </form>
        </div>
      </header>
      {feed.paged ? (
        <p class="feed-back">
          <a href={feed.unreadOnly ? "/notifications?unread=true" : "/notifications"}>Back to the newest</a>
        </p>
      ) : null}
      {feed.groups === undefined ? (
        <Unavailable what="Your notifications" retryHref={feed.returnTo} />
      ) : (
        <>
          <FeedGroups feed={feed} />
          <FeedMore nextHref={feed.nextHref} paged={feed.paged} />
        </>
      )}
    </section>
  </div>
);
