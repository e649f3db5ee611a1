import { z } from "zod";

/**
 * The webhook API's answers (`/api/v1/webhooks`), shared by the service that sends them and the
 * web pages that read them. The webhook service has no RPC contract: these are its HTTP shapes.
 */

/** An endpoint as its owner sees it; the signing secret is never part of it. */
export const webhookEndpoint = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullable(),
  active: z.boolean(),
  disabledReason: z.enum(["GONE", "FAILING"]).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WebhookEndpoint = z.infer<typeof webhookEndpoint>;

/** One event's delivery to one endpoint, as of its latest attempt. */
export const webhookDelivery = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(["PENDING", "SENDING", "SUCCEEDED", "FAILED"]),
  attempt: z.number(),
  responseStatus: z.number().nullable(),
  responseBody: z.string().nullable(),
  durationMs: z.number().nullable(),
  error: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});
export type WebhookDelivery = z.infer<typeof webhookDelivery>;

export const webhookDeliveryPage = z.object({ items: z.array(webhookDelivery), nextCursor: z.string().nullable() });
export type WebhookDeliveryPage = z.infer<typeof webhookDeliveryPage>;
