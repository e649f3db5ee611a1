import type { FC } from "hono/jsx";
import { badgeText } from "../layouts/nav.ts";

/**
 * Every place the unread count shows, each with a fixed id so a live message or an action's answer
 * can replace them all out of band (`oob`). The number is always text ("3 unread", "99+"), never
 * just a coloured dot.
 */

type Oob = { oob?: boolean };
const oobAttr = (oob?: boolean) => (oob ? { "hx-swap-oob": "true" } : {});

/** The sidebar's badge beside "Notifications". */
export const UnreadBadge: FC<{ count: number } & Oob> = ({ count, oob }) => {
  const text = badgeText(count);
  return (
    <span id="unread-badge" class="badge" hidden={text === ""} {...oobAttr(oob)}>
      {text}
      <span class="sr-only"> unread</span>
    </span>
  );
};

/** The count on the top bar's bell. */
export const BellCount: FC<{ count: number } & Oob> = ({ count, oob }) => {
  const text = badgeText(count);
  return (
    <span id="bell-count" class="bell-count" hidden={text === ""} {...oobAttr(oob)}>
      {text}
      <span class="sr-only"> unread</span>
    </span>
  );
};

const summary = (count: number) => (count > 0 ? `${count} unread` : "You're all caught up");

/** The line under the slide-over's title. */
export const PanelUnread: FC<{ count: number } & Oob> = ({ count, oob }) => (
  <p id="panel-unread" class="slideover-sub" {...oobAttr(oob)}>
    {summary(count)}
  </p>
);

/** The line under the /notifications feed's title. */
export const FeedUnread: FC<{ count: number | undefined } & Oob> = ({ count, oob }) => (
  <p id="feed-unread" class="card-subtitle" {...oobAttr(oob)}>
    {count === undefined ? "\u00a0" : count > 0 ? `${count} unread` : "No new activity"}
  </p>
);

/** All of them at once, out of band: what an answer that changed the count sends along. */
export const UnreadCountsOob: FC<{ count: number }> = ({ count }) => (
  <>
    <UnreadBadge count={count} oob />
    <BellCount count={count} oob />
    <PanelUnread count={count} oob />
    <FeedUnread count={count} oob />
  </>
);
