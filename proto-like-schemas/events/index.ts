import type { z } from "zod";
import { adminEvents } from "./admin.ts";
import { analyticsEvents } from "./analytics.ts";
import { authEvents } from "./auth.ts";
import { kycEvents } from "./kyc.ts";
import { socialEvents } from "./social.ts";
import { transactionEvents } from "./transaction.ts";
import { walletEvents } from "./wallet.ts";
import { webhookEvents } from "./webhook.ts";

/** Every event type in the system with the schema of its `data`. */
export const eventCatalog = {
  ...authEvents,
  ...walletEvents,
  ...transactionEvents,
  ...kycEvents,
  ...socialEvents,
  ...adminEvents,
  ...analyticsEvents,
  ...webhookEvents,
} as const;

export type EventType = keyof typeof eventCatalog;
export type EventData<T extends EventType> = z.output<(typeof eventCatalog)[T]>;

/** One JetStream stream per domain; listed here so streams exist before anyone publishes. */
export const EVENT_DOMAINS = ["auth", "wallet", "transaction", "kyc", "social", "analytics", "admin", "webhook"] as const;
