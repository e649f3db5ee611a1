import { createRoute, z } from "@hono/zod-openapi";
import type { createRouter } from "../../../shared/http/app.ts";
import type { MiddlewareHandler } from "hono";
import type { Contacts } from "../contacts.ts";
import { body, json, knownFieldsOnly, pageOf, pageQuery, PREFIX, problem, userId } from "./common.ts";

const contact = z.object({ id: z.string(), ownerId: z.string(), contactId: z.string(), name: z.string().nullable(), email: z.string().nullable(), createdAt: z.string() });

const addBody = knownFieldsOnly({
  contactId: userId.optional(),
  email: z.email({ error: "must be an e-mail address" }).max(254).transform((v) => v.toLowerCase()).optional(),
}).superRefine((v, ctx) => {
  if ((v.contactId === undefined) === (v.email === undefined)) ctx.addIssue({ code: "custom", path: ["contactId"], message: "give either contactId or email" });
});

export function contactRoutes(app: ReturnType<typeof createRouter>, authed: MiddlewareHandler<any>, contacts: Contacts) {
  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/contacts`,
      middleware: [authed],
      description: "The caller's contacts, newest first, with their names and e-mail addresses.",
      request: { query: z.object(pageQuery) },
      responses: { 200: json(pageOf(contact), "One page"), 400: problem, 401: problem },
    }),
    async (c) => c.json(await contacts.list(c.get("user").id, c.req.valid("query")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${PREFIX}/contacts`,
      middleware: [authed],
      description: "Adds an active user as a contact, by user id (`contactId`) or by e-mail address (`email`).",
      request: body(addBody),
      responses: { 201: json(contact, "Added"), 400: problem, 401: problem, 404: problem, 409: problem },
    }),
    async (c) => {
      const b = c.req.valid("json");
      const owner = c.get("user").id;
      return c.json(await contacts.add(owner, b.contactId !== undefined ? { contactId: b.contactId } : { email: b.email! }), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: `${PREFIX}/contacts/{contactId}`,
      middleware: [authed],
      description: "Removes a contact, named by the contact's user id.",
      request: { params: z.object({ contactId: z.string() }) },
      responses: { 200: json(z.object({ success: z.literal(true) }), "Removed"), 401: problem, 404: problem },
    }),
    async (c) => {
      await contacts.remove(c.get("user").id, c.req.valid("param").contactId.toLowerCase());
      return c.json({ success: true as const }, 200);
    },
  );
}
