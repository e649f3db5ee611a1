import { z } from "zod";
import { webhookDelivery, webhookDeliveryPage, webhookEndpoint } from "../../../proto-like-schemas/webhook.ts";
import { createServiceClient, type RequestMeta } from "./http.ts";

export interface NewEndpoint {
  url: string;
  events: string[];
  description?: string | null;
}

const path = (id: string) => `/${encodeURIComponent(id)}`;

/** The webhook service's public API (/api/v1/webhooks), as the pages use it. Secrets appear only in create and rotate answers. */
export function createWebhooksClient(baseUrl: string) {
  const { call } = createServiceClient({ service: "webhook", baseUrl: baseUrl.replace(/\/+$/, "") + "/api/v1/webhooks" });
  return {
    list: (meta: RequestMeta, token: string) => call("GET", "/", z.array(webhookEndpoint), meta, { token }),
    get: (meta: RequestMeta, token: string, id: string) => call("GET", path(id), webhookEndpoint, meta, { token }),
    /** Registers an endpoint; the answer is the only time its signing secret is shown. */
    create: (meta: RequestMeta, token: string, body: NewEndpoint) => call("POST", "/", webhookEndpoint.extend({ secret: z.string() }), meta, { token, body }),
    remove: (meta: RequestMeta, token: string, id: string) => call("DELETE", path(id), z.object({ success: z.literal(true) }), meta, { token }),
    /** A new signing secret (shown only in this answer); the previous one keeps signing until `previousSecretExpiresAt`. */
    rotateSecret: (meta: RequestMeta, token: string, id: string) =>
      call("POST", `${path(id)}/rotate-secret`, z.object({ secret: z.string(), previousSecretExpiresAt: z.string() }), meta, { token }),
    /** Sends a `webhook.ping` through the normal delivery path. */
    test: (meta: RequestMeta, token: string, id: string) => call("POST", `${path(id)}/test`, webhookDelivery, meta, { token }),
    deliveries: (meta: RequestMeta, token: string, id: string, query: { cursor?: string; limit?: number } = {}) =>
      call("GET", `${path(id)}/deliveries`, webhookDeliveryPage, meta, { token, query }),
    redeliver: (meta: RequestMeta, token: string, id: string, deliveryId: string) =>
      call("POST", `${path(id)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`, webhookDelivery, meta, { token }),
  };
}

export type WebhooksClient = ReturnType<typeof createWebhooksClient>;
