import { consumption } from "../../../proto-like-schemas/consumption.ts";

/**
 * What an endpoint can subscribe to: exactly the event types this service consumes (its row of
 * the consumption table), or "*" for all of them, including types added later. Pings
 * (`webhook.ping`) are sent on request whatever the subscription.
 */
export const SUBSCRIBABLE_EVENT_TYPES: readonly string[] = consumption.webhook;
export const ALL_EVENTS = "*";
export const PING_EVENT_TYPE = "webhook.ping";

export const isSubscribable = (type: string) => type === ALL_EVENTS || SUBSCRIBABLE_EVENT_TYPES.includes(type);

/** Sorted, without duplicates; "*" absorbs everything else. */
export function normaliseSubscription(types: readonly string[]): string[] {
  if (types.includes(ALL_EVENTS)) return [ALL_EVENTS];
  return [...new Set(types)].sort();
}

export const subscribesTo = (subscription: readonly string[], type: string) => subscription.includes(ALL_EVENTS) || subscription.includes(type);
