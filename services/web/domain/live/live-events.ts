/**
 * The live contract between the shell's one SSE connection per tab (`GET /live`) and the parts of
 * a page that refresh themselves.
 *
 * For each notification that reaches the user, the stream sends:
 *   1. one named SSE event per name below that the notification's type calls for, always ending
 *      with `notifications-changed`. htmx's SSE extension dispatches a named event as a DOM event
 *      on the shell's connect element; it bubbles, so a part listens on <body>:
 *        hx-get="/dashboard/parts/wallet-card" hx-trigger="wallet-changed from:body" hx-swap="outerHTML"
 *   2. one unnamed message carrying the notification's `id:` and HTML that htmx swaps out of band:
 *      the item prepended to the slide-over list (#notifications-panel-list) and to today's group
 *      of the /notifications feed (#feed-today), the unread badge, the bell's count and the
 *      notification counts, and a polite announcement for screen readers.
 * The named events come first and the id last, so a connection cut in between replays the whole
 * notification (a part may refresh twice; nothing is missed, nothing is shown twice).
 * Several notifications read together (a replay after a reconnect) send each event name once.
 *
 * Event names and what they mean:
 *   wallet-changed        the balance or the ledger may have moved: every transaction.* and
 *                         wallet.* notification, and social ones that move money
 *   transactions-changed  a transaction appeared or its status changed (completed, held, approved,
 *                         blocked, cancelled, reversed, failed)
 *   social-changed        contacts, money requests or bill splits changed: social.*
 *   kyc-changed           the verification tier or review changed: kyc.*
 *   analytics-changed     budgets and spending changed: analytics.* (budget alerts), and completed
 *                         or reversed transactions, which change this month's spending
 *   notifications-changed every notification
 */
export const LIVE_EVENTS = ["wallet-changed", "transactions-changed", "social-changed", "kyc-changed", "analytics-changed", "notifications-changed"] as const;
export type LiveEvent = (typeof LIVE_EVENTS)[number];

/** Social notifications that report money moving (a payment made, recorded or reversed). */
const SOCIAL_MONEY = new Set([
  "social.money_request_paid",
  "social.money_request_payment_failed",
  "social.money_request_reversed",
  "social.split_payment_recorded",
  "social.split_payment_reversed",
]);

/** Transactions whose outcome changes this month's spending. */
const SPENDING = new Set(["transaction.completed", "transaction.reversed"]);

/** The DOM events a notification of `type` dispatches, in order, `notifications-changed` last. */
export function liveEventsFor(type: string): LiveEvent[] {
  const domain = type.split(".", 1)[0];
  const events = new Set<LiveEvent>();
  if (domain === "transaction" || domain === "wallet") {
    events.add("wallet-changed");
    if (domain === "transaction") events.add("transactions-changed");
    if (SPENDING.has(type)) events.add("analytics-changed");
  } else if (domain === "social") {
    if (SOCIAL_MONEY.has(type)) {
      events.add("wallet-changed");
      events.add("transactions-changed");
    }
    events.add("social-changed");
  } else if (domain === "kyc") {
    events.add("kyc-changed");
  } else if (domain === "analytics") {
    events.add("analytics-changed");
  }
  events.add("notifications-changed");
  return [...events];
}

/** The events of several notifications read together, each once, in contract order. */
export function liveEventsForAll(types: readonly string[]): LiveEvent[] {
  const wanted = new Set(types.flatMap(liveEventsFor));
  return LIVE_EVENTS.filter((e) => wanted.has(e));
}
