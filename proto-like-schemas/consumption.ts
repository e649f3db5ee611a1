import type { EventType } from "./events/index.ts";

/**
 * Who consumes what: the single source from which durable consumers are created. A service that
 * starts checks its handlers against its row, so a handler nobody declared (or a declared event
 * nobody handles) fails at start-up, not in production.
 */
export type ConsumptionTable = Readonly<Record<string, readonly string[]>>;

export const consumption = {
  // Filled in as services arrive: wallet, kyc, notifications, audit, … consume auth events.
} satisfies Readonly<Record<string, readonly EventType[]>>;
