import { eventCatalog, type EventType } from "./events/index.ts";

/**
 * Who consumes what: the single source from which durable consumers are created. A service that
 * starts checks its handlers against its row, so a handler nobody declared (or a declared event
 * nobody handles) fails at start-up, not in production.
 */
export type ConsumptionTable = Readonly<Record<string, readonly string[]>>;

const everyEvent = Object.keys(eventCatalog) as EventType[];

export const consumption = {
  /** A wallet for every new user. */
  wallet: ["auth.user_registered"],
  /** A profile at sign-up, BASIC on e-mail verification (admins decide over RPC). */
  kyc: ["auth.user_registered", "auth.user_verified"],
  /**
   * Sender statistics and known recipients from completed transfers; contacts from social; a
   * review case whose transfer failed before review is closed.
   */
  fraud: ["transaction.completed", "transaction.failed", "transaction.reversed", "social.contact_added", "social.contact_removed"],
  /** Accepting a money request starts the transfer that pays it. */
  transactions: ["social.money_request_accepted"],
  /** The immutable log keeps every event of every stream. */
  audit: everyEvent,
  /** Spend per user and category from completed transfers; a reversed transfer stops counting. */
  analytics: ["transaction.completed", "transaction.reversed"],
  /** Money requests and split shares learn the outcome of the transfer that pays them, and of its reversal. */
  social: ["transaction.completed", "transaction.failed", "transaction.cancelled", "transaction.fraud_blocked", "transaction.reversed"],
  /** Per-user notifications (and e-mails) for everything a user should hear about. */
  notifications: [
    "auth.user_registered",
    "auth.user_verified",
    "auth.profile_updated",
    "auth.password_changed",
    "auth.role_changed",
    "wallet.frozen",
    "wallet.unfrozen",
    "transaction.completed",
    "transaction.failed",
    "transaction.held",
    "transaction.cancelled",
    "transaction.reversed",
    "transaction.fraud_blocked",
    "kyc.tier_upgraded",
    "kyc.verification_failed",
    "social.money_request_sent",
    "social.money_request_accepted",
    "social.money_request_declined",
    "social.money_request_cancelled",
    "social.money_request_expired",
    "social.money_request_paid",
    "social.money_request_payment_failed",
    "social.money_request_reversed",
    "social.split_created",
    "social.split_payment_recorded",
    "social.split_payment_reversed",
    "social.split_settled",
    "social.split_reopened",
    "analytics.budget_warning",
    "analytics.budget_exceeded",
    "webhook.endpoint_disabled",
  ],
  /** Signed deliveries to users' endpoints for the events they subscribe to. */
  webhook: [
    "wallet.balance_changed",
    "wallet.frozen",
    "wallet.unfrozen",
    "transaction.created",
    "transaction.completed",
    "transaction.failed",
    "transaction.held",
    "transaction.cancelled",
    "transaction.reversed",
    "transaction.fraud_blocked",
    "kyc.tier_upgraded",
    "kyc.verification_failed",
    "social.money_request_sent",
    "social.money_request_accepted",
    "social.money_request_declined",
    "social.money_request_cancelled",
    "social.money_request_expired",
    "social.money_request_paid",
    "social.money_request_payment_failed",
    "social.money_request_reversed",
    "social.split_created",
    "social.split_payment_recorded",
    "social.split_payment_reversed",
    "social.split_settled",
    "social.split_reopened",
    "analytics.budget_warning",
    "analytics.budget_exceeded",
  ],
} satisfies Readonly<Record<string, readonly EventType[]>>;
