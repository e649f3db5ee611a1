import type { WebConfig } from "../app/env.ts";
import { createAdminClient } from "./admin.ts";
import { createAnalyticsClient } from "./analytics.ts";
import { createAuthClient } from "./auth.ts";
import { createKycClient } from "./kyc.ts";
import { createNotificationsClient } from "./notifications.ts";
import { createSocialClient } from "./social.ts";
import { createTransactionsClient } from "./transactions.ts";
import { createWalletClient } from "./wallet.ts";
import { createWebhooksClient } from "./webhooks.ts";

/** One typed client per API the pages call. */
export function createClients(config: WebConfig) {
  return {
    auth: createAuthClient({ baseUrl: config.AUTH_URL }),
    wallet: createWalletClient(config.WALLET_URL),
    transactions: createTransactionsClient(config.TRANSACTIONS_URL),
    kyc: createKycClient(config.KYC_URL),
    analytics: createAnalyticsClient(config.ANALYTICS_URL),
    notifications: createNotificationsClient(config.NOTIFICATIONS_URL),
    social: createSocialClient(config.SOCIAL_URL),
    webhooks: createWebhooksClient(config.WEBHOOK_URL),
    admin: createAdminClient(config.ADMIN_URL),
  };
}

export type Clients = ReturnType<typeof createClients>;
