import { createRoute, z } from "@hono/zod-openapi";
import { AppError } from "../../shared/errors.ts";
import { createRouter } from "../../shared/http/app.ts";
import { requireAuth, type TokenVerifier } from "../../shared/http/auth.ts";
import { knownFieldsOnly } from "../../shared/http/known-fields.ts";
import { isUuid } from "../../shared/ids.ts";
import type { Deliveries } from "./deliveries.ts";
import { ALL_EVENTS, SUBSCRIBABLE_EVENT_TYPES } from "./domain/event-types.ts";
import { MAX_URL_LENGTH } from "./domain/target-url.ts";
import { endpointNotFound, type Endpoints } from "./endpoints.ts";
import type { DeliveryWorker } from "./worker.ts";
import { problem, json, body } from "../../shared/http/openapi.ts";
import { webhookDelivery, webhookDeliveryPage, webhookEndpoint } from "../../proto-like-schemas/webhook.ts";

const PREFIX = "/api/v1/webhooks";


const eventType = z.enum([ALL_EVENTS, ...SUBSCRIBABLE_EVENT_TYPES] as [string, ...string[]], { error: () => `Unknown event type; subscribe to "${ALL_EVENTS}" or to any of: ${SUBSCRIBABLE_EVENT_TYPES.join(", ")}` });
const url = z.string().trim().min(1, "URL is required").max(MAX_URL_LENGTH, `URL must be at most ${MAX_URL_LENGTH} characters`);
const events = z.array(eventType).min(1, "Must subscribe to at least one event").max(100);
const description = z.string().trim().max(500, "Description must be at most 500 characters").nullable();

/** Only these fields exist for a client; anything else (userId, secret, id, …) is refused by name. */
const createBody = knownFieldsOnly({ url, events, description: description.optional() });
const patchBody = knownFieldsOnly({ url: url.optional(), events: events.optional(), description: description.optional(), active: z.boolean().optional() })
  .refine((v) => Object.keys(v).length > 0, "Nothing to change: send url, events, description or active");

const attemptSchema = z.object({ attempt: z.number(), startedAt: z.string(), durationMs: z.number(), succeeded: z.boolean(), responseStatus: z.number().nullable(), responseBody: z.string().nullable(), error: z.string().nullable() });

const idParams = z.object({ id: z.string() });
const deliveryParams = z.object({ id: z.string(), deliveryId: z.string() });
/** A malformed id names no endpoint of the caller's: 404, like someone else's. */
const endpointId = (id: string) => {
  if (!isUuid(id)) throw endpointNotFound();
  return id.toLowerCase();
};
const deliveryId = (id: string) => {
  if (!isUuid(id)) throw new AppError("NOT_FOUND", "Delivery not found");
  return id.toLowerCase();
};
const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().refine(isUuid, "cursor must be a nextCursor value from a previous page").optional(),
});

const SIGNING = `Deliveries follow Standard Webhooks: a POST with the JSON body \`{ "type", "timestamp", "data" }\` and headers
\`webhook-id\` (stable across retries), \`webhook-timestamp\` (unix seconds of the attempt) and
\`webhook-signature: v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">\`, keyed with the bytes of the
secret after \`whsec_\` (base64). After a rotation the previous secret also signs for 24 hours (space-separated signatures).
A 2xx answer within 15 s is success; redirects are not followed; 410 disables the endpoint; anything else is retried after
5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h (±10 %). An endpoint failing for 5 days is disabled and its owner told.`;

export interface WebhookHttpDeps {
  verifier: TokenVerifier;
  endpoints: Endpoints;
  deliveries: Deliveries;
  worker: DeliveryWorker;
}

export function buildWebhookHttp({ verifier, endpoints, deliveries, worker }: WebhookHttpDeps) {
  const app = createRouter();
  const authed = requireAuth(verifier);

  for (const path of [PREFIX, `${PREFIX}/`]) {
    app.openapi(
      createRoute({ method: "get", path, middleware: [authed], description: "The caller's endpoints, newest first (secrets are never listed).", responses: { 200: json(z.array(webhookEndpoint), "Endpoints"), 401: problem } }),
      async (c) => c.json(await endpoints.list(c.get("user").id), 200),
    );
    app.openapi(
      createRoute({
        method: "post",
        path,
        middleware: [authed],
        description: `Registers an endpoint. The answer is the only time the signing secret is shown. The URL must be HTTPS and resolve only to public addresses (a destination that may not be called is a 422 naming \`url\` with the reason).\n\n${SIGNING}`,
        request: body(createBody),
        responses: { 201: json(webhookEndpoint.extend({ secret: z.string() }), "Registered; keep the secret"), 400: problem, 401: problem, 409: problem, 422: problem },
      }),
      async (c) => {
        const b = c.req.valid("json");
        return c.json(await endpoints.create(c.get("user").id, { url: b.url, events: b.events, description: b.description || null }), 201);
      },
    );
  }

  app.openapi(
    createRoute({ method: "get", path: `${PREFIX}/{id}`, middleware: [authed], request: { params: idParams }, description: "One of the caller's endpoints.", responses: { 200: json(webhookEndpoint, "Endpoint"), 401: problem, 404: problem } }),
    async (c) => c.json(await endpoints.view(c.get("user").id, endpointId(c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: `${PREFIX}/{id}`,
      middleware: [authed],
      description: "Changes url, events, description or active (nothing else). Turning an endpoint back on clears the reason the system disabled it.",
      request: { params: idParams, ...body(patchBody) },
      responses: { 200: json(webhookEndpoint, "Updated"), 400: problem, 401: problem, 404: problem, 422: problem },
    }),
    async (c) => {
      const b = c.req.valid("json");
      const patch = { url: b.url, events: b.events, description: b.description === undefined ? undefined : b.description || null, active: b.active };
      return c.json(await endpoints.update(c.get("user").id, endpointId(c.req.valid("param").id), patch), 200);
    },
  );

  app.openapi(
    createRoute({ method: "delete", path: `${PREFIX}/{id}`, middleware: [authed], request: { params: idParams }, description: "Deletes an endpoint and its delivery log.", responses: { 200: json(z.object({ success: z.literal(true) }), "Deleted"), 401: problem, 404: problem } }),
    async (c) => {
      await endpoints.remove(c.get("user").id, endpointId(c.req.valid("param").id));
      return c.json({ success: true as const }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${PREFIX}/{id}/rotate-secret`,
      middleware: [authed],
      request: { params: idParams },
      description: "Issues a new signing secret (shown only in this answer). The previous secret keeps signing alongside it until previousSecretExpiresAt (24 h).",
      responses: { 201: json(z.object({ secret: z.string(), previousSecretExpiresAt: z.string() }), "New secret"), 401: problem, 404: problem },
    }),
    async (c) => c.json(await endpoints.rotateSecret(c.get("user").id, endpointId(c.req.valid("param").id)), 201),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${PREFIX}/{id}/test`,
      middleware: [authed],
      request: { params: idParams },
      description: "Sends a `webhook.ping` event to the endpoint through the normal delivery path (signed, retried, logged).",
      responses: { 202: json(webhookDelivery, "Queued"), 401: problem, 404: problem, 409: problem },
    }),
    async (c) => {
      const { view, item } = await deliveries.createPing(c.get("user").id, endpointId(c.req.valid("param").id));
      await worker.dispatch([item]);
      return c.json(view, 202);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/{id}/deliveries`,
      middleware: [authed],
      request: { params: idParams, query: listQuery },
      description: "The endpoint's deliveries, newest first: status, latest HTTP code, first 1 KB of the answer, duration, attempt number and next attempt.",
      responses: { 200: json(webhookDeliveryPage, "Deliveries"), 400: problem, 401: problem, 404: problem },
    }),
    async (c) => c.json(await deliveries.list(c.get("user").id, endpointId(c.req.valid("param").id), c.req.valid("query")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/{id}/deliveries/{deliveryId}`,
      middleware: [authed],
      request: { params: deliveryParams },
      description: "One delivery with the body sent and every attempt.",
      responses: { 200: json(webhookDelivery.extend({ body: z.string(), attempts: z.array(attemptSchema) }), "Delivery"), 401: problem, 404: problem },
    }),
    async (c) => {
      const p = c.req.valid("param");
      return c.json(await deliveries.get(c.get("user").id, endpointId(p.id), deliveryId(p.deliveryId)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${PREFIX}/{id}/deliveries/{deliveryId}/redeliver`,
      middleware: [authed],
      request: { params: deliveryParams },
      description: "Sends a delivery again now (same webhook-id, fresh retry schedule); a delivery waiting for a retry is brought forward. 409 while an attempt is in progress.",
      responses: { 202: json(webhookDelivery, "Queued"), 401: problem, 404: problem, 409: problem },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const { view, item } = await deliveries.redeliver(c.get("user").id, endpointId(p.id), deliveryId(p.deliveryId));
      await worker.dispatch([item]);
      return c.json(view, 202);
    },
  );

  return app;
}
