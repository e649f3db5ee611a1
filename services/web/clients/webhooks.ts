import { z } from "zod";
import { createServiceClient, type RequestMeta } from "./http.ts";

const endpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullable(),
  active: z.boolean(),
  disabledReason: z.enum(["GONE", "FAILING"]).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WebhookEndpoint = z.infer<typeof endpointSchema>;

const deliverySchema = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(["PENDING", "SENDING", "SUCCEEDED", "FAILED"]),
  attempt: z.number(),
  responseStatus: z.number().nullable(),
  durationMs: z.number().nullable(),
  error: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});
export type WebhookDelivery = z.infer<typeof deliverySchema>;

const deliveryPage = z.object({ items: z.array(deliverySchema), nextCursor: z.string().nullable() });
export type WebhookDeliveryPage = z.infer<typeof deliveryPage>;

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
    list: (meta: RequestMeta, token: string) => call("GET", "/", z.array(endpointSchema), meta, { token }),
    get: (meta: RequestMeta, token: string, id: string) => call("GET", path(id), endpointSchema, meta, { token }),
    /** Registers an endpoint; the answer is the only time its signing secret is shown. */
    create: (meta: RequestMeta, token: string, body: NewEndpoint) => call("POST", "/", endpointSchema.extend({ secret: z.string() }), meta, { token, body }),
    remove: (meta: RequestMeta, token: string, id: string) => call("DELETE", path(id), z.object({ success: z.literal(true) }), meta, { token }),
    /** A new signing secret (shown only in this answer); the previous one keeps signing until `previousSecretExpiresAt`. */
    rotateSecret: (meta: RequestMeta, token: string, id: string) =>
      call("POST", `${path(id)}/rotate-secret`, z.object({ secret: z.string(), previousSecretExpiresAt: z.string() }), meta, { token }),
    /** Sends a `webhook.ping` through the normal delivery path. */
    test: (meta: RequestMeta, token: string, id: string) => call("POST", `${path(id)}/test`, deliverySchema, meta, { token }),
    deliveries: (meta: RequestMeta, token: string, id: string, query: { cursor?: string; limit?: number } = {}) =>
      call("GET", `${path(id)}/deliveries`, deliveryPage, meta, { token, query }),
    redeliver: (meta: RequestMeta, token: string, id: string, deliveryId: string) =>
      call("POST", `${path(id)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`, deliverySchema, meta, { token }),
  };
}

export type WebhooksClient = ReturnType<typeof createWebhooksClient>;
