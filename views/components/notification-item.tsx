import type { FC } from "hono/jsx";
import { Icon, type IconName } from "./icons.tsx";

/** A notification as the views show it; the web service works out the words and the link. */
export interface NotificationItemView {
  id: string;
  title: string;
  body: string;
  unread: boolean;
  /** Category key, for the chip's colour: transaction, wallet, request, split, social, verification, budget, webhooks, account, system. */
  category: string;
  /** The chip's text ("Transaction"): colour is never the only signal. */
  categoryLabel: string;
  /** Where clicking it leads (a path on this site). */
  href: string;
  /** When it was created (ISO 8601), for <time datetime>. */
  at: string;
  /** The same moment in words: "3 minutes ago" in the slide-over, "4:05 PM" in the feed. */
  when: string;
}

const CATEGORY_ICON: Record<string, IconName> = {
  transaction: "arrows",
  wallet: "wallet",
  request: "users",
  split: "users",
  social: "users",
  verification: "shieldCheck",
  budget: "chart",
  webhooks: "sliders",
  account: "info",
  system: "bell",
};

/**
 * With JavaScript, following an unread item marks it read on the way (a POST that answers with
 * where to go); the error of a failed attempt lands in the toasts. Without JavaScript it is a link.
 */
const openAttrs = (item: NotificationItemView) =>
  item.unread ? { "hx-post": `/notifications/${item.id}/open?to=${encodeURIComponent(item.href)}`, "hx-target": "#toasts", "hx-swap": "beforeend" } : {};

const Meta: FC<{ item: NotificationItemView }> = ({ item }) => (
  <span class="notif-meta">
    <span class={`chip chip-${item.category}`}>{item.categoryLabel}</span>
    <time datetime={item.at}>{item.when}</time>
    {item.unread ? (
      <span class="notif-unread">
        <span class="notif-dot" aria-hidden="true"></span>
        Unread
      </span>
    ) : null}
  </span>
);

/** An item of the bell's slide-over: the whole item is one link. `oob` replaces the one on the page. */
export const PanelNotification: FC<{ item: NotificationItemView; oob?: boolean }> = ({ item, oob }) => (
  <li id={`panel-n-${item.id}`} class={`notif notif-panel${item.unread ? " is-unread" : ""}`} data-notification-id={item.id} {...(oob ? { "hx-swap-oob": "true" } : {})}>
    <a href={item.href} class="notif-link" {...openAttrs(item)}>
      <Meta item={item} />
      <span class="notif-title">{item.title}</span>
      <span class="notif-body">{item.body}</span>
    </a>
  </li>
);

/**
 * An item of the /notifications feed: the title is the link (it covers the card), and an unread
 * item has a real form to mark it read, so that works without JavaScript too.
 */
export const FeedNotification: FC<{ item: NotificationItemView; returnTo: string }> = ({ item, returnTo }) => (
  <li id={`n-${item.id}`} class={`notif notif-feed${item.unread ? " is-unread" : ""}`} data-notification-id={item.id}>
    <span class={`notif-icon cat-${item.category}`} aria-hidden="true">
      <Icon name={CATEGORY_ICON[item.category] ?? "bell"} />
    </span>
    <div class="notif-main">
      <Meta item={item} />
      <a href={item.href} class="notif-title notif-stretch" {...openAttrs(item)}>
        {item.title}
      </a>
      <p class="notif-body">{item.body}</p>
    </div>
    {item.unread ? (
      <form
        method="post"
        action={`/notifications/${item.id}/read`}
        class="notif-mark"
        hx-post={`/notifications/${item.id}/read`}
        hx-target={`#n-${item.id}`}
        hx-swap="outerHTML"
        hx-disable="find button"
      >
        <input type="hidden" name="return_to" value={returnTo} />
        <button type="submit" class="btn btn-ghost btn-sm">
          <span class="btn-spinner" aria-hidden="true"></span>
          <span class="btn-label">
            Mark as read<span class="sr-only">: {item.title}</span>
          </span>
        </button>
      </form>
    ) : null}
  </li>
);
