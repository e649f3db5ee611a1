import { createServiceClient } from "./http.ts";

/** The webhook service's public API (/api/v1/webhooks), as the pages use it. */
export function createWebhooksClient(baseUrl: string) {
  const client = createServiceClient({ service: "webhook", baseUrl: baseUrl.replace(/\/+$/, "") + "/api/v1/webhooks" });
  return { client };
}

export type WebhooksClient = ReturnType<typeof createWebhooksClient>;
