import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { amountCents } from "../../../proto-like-schemas/money.ts";
import type { createRouter } from "../../../shared/http/app.ts";
import { REQUEST_STATUSES } from "../db/schema.ts";
import type { RequestAction } from "../domain/request-lifecycle.ts";
import type { Requests } from "../requests.ts";
import { body, expectNoBody, json, knownFieldsOnly, pageOf, pageQuery, PREFIX, problem, usd, userId } from "./common.ts";

const time = z.string().nullable();
const request = z.object({
  id: z.string(),
  requesterId: z.string(),
  recipientId: z.string(),
  direction: z.enum(["incoming", "outgoing"]),
  counterparty: z
    .object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() })
    .openapi({ description: "The other party (the person asked on an outgoing request, the requester on an incoming one); name and email are null when the directory could not say" }),
  amount: z.number().int(),
  currency: z.literal("USD"),
  note: z.string().nullable(),
  status: z.enum(REQUEST_STATUSES),
  transactionId: z.string().nullable(),
  failureCode: z.string().nullable(),
  failureReason: z.string().nullable(),
  expiresAt: z.string(),
  createdAt: z.string(),
  acceptedAt: time,
  declinedAt: time,
  cancelledAt: time,
  expiredAt: time,
  paidAt: time,
  failedAt: time,
  reversedAt: time,
});

const createBody = knownFieldsOnly({
  recipientId: userId.openapi({ description: "The user asked to pay" }),
  amount: amountCents,
  currency: usd,
  note: z.string().trim().max(255, "must be at most 255 characters").nullish(),
});

const listQuery = z.object({
  status: z.enum(REQUEST_STATUSES).optional(),
  direction: z.enum(["incoming", "outgoing", "all"]).default("all").openapi({ description: "incoming: asked of the caller; outgoing: asked by the caller" }),
  ...pageQuery,
});

const idParam = { params: z.object({ id: z.string() }) };

const ACTIONS: Record<Exclude<RequestAction, "cancel">, string> = {
  accept:
    "Accepts a request asked of the caller: it becomes ACCEPTED and the transfer to the requester starts; the request becomes PAID or FAILED when the transfer ends, and REVERSED if an admin later reverses the payment (the money goes back to the payer).",
  decline: "Declines a request asked of the caller.",
};

export function requestRoutes(app: ReturnType<typeof createRouter>, authed: MiddlewareHandler<any>, requests: Requests) {
  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/requests`,
      middleware: [authed],
      description: "Money requests the caller made or was asked to pay, newest first.",
      request: { query: listQuery },
      responses: { 200: json(pageOf(request), "One page"), 400: problem, 401: problem },
    }),
    async (c) => c.json(await requests.list(c.get("user").id, c.req.valid("query")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${PREFIX}/requests`,
      middleware: [authed],
      description: "Asks another active user for money. The amount may not exceed what that user can send in one transfer. Expires unanswered after SOCIAL_REQUEST_EXPIRY_HOURS.",
      request: body(createBody),
      responses: { 201: json(request, "Sent"), 400: problem, 401: problem, 404: problem, 409: problem, 422: problem, 503: problem },
    }),
    async (c) => {
      const b = c.req.valid("json");
      return c.json(await requests.create(c.get("user").id, { recipientId: b.recipientId, amount: b.amount, note: b.note || null }), 201);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: `${PREFIX}/requests/{id}`, middleware: [authed], description: "One request the caller made or was asked to pay.", request: idParam, responses: { 200: json(request, "The request"), 401: problem, 404: problem } }),
    async (c) => c.json(await requests.get(c.get("user").id, c.req.valid("param").id), 200),
  );

  for (const [action, description] of Object.entries(ACTIONS) as [keyof typeof ACTIONS, string][]) {
    app.openapi(
      createRoute({
        method: "post",
        path: `${PREFIX}/requests/{id}/${action}`,
        middleware: [authed],
        description,
        request: idParam,
        responses: { 201: json(request, "Done"), 400: problem, 401: problem, 403: problem, 404: problem, 409: problem },
      }),
      async (c) => {
        await expectNoBody(c);
        return c.json(await requests.act(c.get("user").id, c.req.valid("param").id, action), 201);
      },
    );
  }

  app.openapi(
    createRoute({
      method: "delete",
      path: `${PREFIX}/requests/{id}`,
      middleware: [authed],
      description: "Cancels a PENDING request the caller made.",
      request: idParam,
      responses: { 200: json(request, "Cancelled"), 401: problem, 403: problem, 404: problem, 409: problem },
    }),
    async (c) => c.json(await requests.act(c.get("user").id, c.req.valid("param").id, "cancel"), 200),
  );
}
