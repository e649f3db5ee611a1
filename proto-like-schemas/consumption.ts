import type { EventType } from "./events/index.ts";

/**
 * Who consumes what: the single source from which durable consumers are created. A service that
 * starts checks its handlers against its row, so a handler nobody declared (or a declared event
 * nobody handles) fails at start-up, not in production.
 */
export type ConsumptionTable = Readonly<Record<string, readonly string[]>>;

export const consumption = {
  /** A wallet for every new user. */
  wallet: ["auth.user_registered"],
  /** A profile at sign-up, BASIC on e-mail verification, admin decisions. */
  kyc: ["auth.user_registered", "auth.user_verified", "admin.kyc_approved", "admin.kyc_rejected"],
  /** Sender statistics and known recipients from completed transfers; contacts from social. */
  fraud: ["transaction.completed", "social.contact_added", "social.contact_removed"],
} satisfies Readonly<Record<string, readonly EventType[]>>;
