import type { LiveEvent } from "../../services/web/domain/live/live-events.ts";

/**
 * The htmx attributes of a page part that refreshes itself: when any of `events` reaches <body>
 * (the live stream sends them), it loads `url` and is replaced by the answer. With `oob` the part
 * is sent out of band beside another answer and replaces the copy already on the page.
 */
export const refreshesOn = (url: string, events: readonly LiveEvent[], oob?: boolean) => ({
  "hx-get": url,
  "hx-trigger": events.map((event) => `${event} from:body`).join(", "),
  "hx-swap": "outerHTML",
  "hx-swap-oob": oob ? "true" : undefined,
});
