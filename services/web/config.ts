import { z } from "zod";

const serviceUrl = (port: number) => z.url().default(`http://127.0.0.1:${port}`);

/** Settings of the web service on top of the shared base configuration. */
export const webConfig = z.object({
  /** The public HTTP APIs the pages call server-side, each with the signed-in user's own token. */
  AUTH_URL: serviceUrl(4001),
  WALLET_URL: serviceUrl(4002),
  TRANSACTIONS_URL: serviceUrl(4003),
  KYC_URL: serviceUrl(4004),
  ANALYTICS_URL: serviceUrl(4005),
  NOTIFICATIONS_URL: serviceUrl(4006),
  SOCIAL_URL: serviceUrl(4007),
  WEBHOOK_URL: serviceUrl(4008),
  ADMIN_URL: serviceUrl(4009),
  /** The address users reach the site at (the gateway); its origin is accepted for CSRF checks. */
  PUBLIC_BASE_URL: z.url().default("http://localhost:8080"),
  /** Where an audit entry's trace id links to (e.g. Jaeger's `http://localhost:16686`); none by default. */
  TRACE_UI_URL: z.url().optional(),
});
