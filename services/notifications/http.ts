import { createRoute, z } from "@hono/zod-openapi";
import type { NatsConnection } from "nats";
import type { Database } from "../../shared/db/connect.ts";
import { AppError } from "../../shared/errors.ts";
import { createRouter } from "../../shared/http/app.ts";
import { requireAuth, type TokenVerifier } from "../../shared/http/auth.ts";
import type { Logger } from "../../shared/log.ts";
import { isUuid } from "../../shared/ids.ts";
import { knownFieldsOnly } from "../../shared/http/known-fields.ts";
import { decodeCursor, encodeCursor } from "./domain/cursor.ts";
import { getPreferences, setPreferences } from "./people.ts";
import { listForUser, markAllRead, markRead, toView, unreadCount } from "./store.ts";
import { openNotificationStream } from "./stream.ts";
import { problem, json } from "../../shared/http/openapi.ts";

const PREFIX = "/api/v1/notifications";


const notification = z
  .object({
    id: z.string(),
    userId: z.string(),
    type: z.string(),
    title: z.string(),
    body: z.string(),
    data: z.record(z.string(), z.unknown()).nullable(),
    read: z.boolean(),
    readAt: z.string().nullable(),
    createdAt: z.string(),
    occurredAt: z.string().openapi({ description: "When the event behind the notification happened" }),
  })
  .openapi("Notification");

const listQuery = z.object({
  cursor: z.string().max(200).optional().openapi({ description: "nextCursor of the previous page" }),
  limit: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1).max(100).default(20),
  unread: z.enum(["true", "false"], { error: "must be true or false" }).optional().openapi({ description: "true: only unread; false: only read" }),
  type: z.string().max(60).regex(/^[a-z]+\.[a-z_]+$/, "must be a notification type such as transaction.completed").optional(),
});

const idParam = z.object({ id: z.string().refine(isUuid, "must be a notification id (UUID)").openapi({ param: { name: "id", in: "path" } }) });

/** Unknown fields are refused by name: a misspelt "emailEnable" must not silently do nothing. */
const preferencesBody = knownFieldsOnly({ emailEnabled: z.boolean({ error: "must be true or false" }) });
const preferences = z.object({ emailEnabled: z.boolean() }).openapi("NotificationPreferences");

const streamHeaders = z.object({
  "last-event-id": z.string().max(100).optional().openapi({ description: "id of the last notification received; what came after it is replayed" }),
});

const notFound = () => new AppError("NOT_FOUND", "Notification not found");

export interface NotificationsHttpDeps {
  db: Database;
  nc: NatsConnection;
  verifier: TokenVerifier;
  log: Logger;
  shutdown: AbortSignal;
  heartbeatMs: number;
  replayLimit: number;
}

export function buildNotificationsHttp(deps: NotificationsHttpDeps) {
  const { db, verifier } = deps;
  const app = createRouter();
  const authed = requireAuth(verifier);

  for (const path of [PREFIX, `${PREFIX}/`]) {
    app.openapi(
      createRoute({
        method: "get",
        path,
        middleware: [authed],
        description: "The caller's notifications, newest first, a page at a time (follow nextCursor).",
        request: { query: listQuery },
        responses: { 200: json(z.object({ items: z.array(notification), nextCursor: z.string().nullable() }), "One page"), 400: problem, 401: problem },
      }),
      async (c) => {
        const q = c.req.valid("query");
        const before = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
        if (before === null) throw new AppError("INVALID_ARGUMENT", "Query has invalid fields: cursor", { fieldErrors: [{ field: "cursor", message: "is not a cursor from this list" }] });
        const { rows, hasMore } = await listForUser(db, c.get("user").id, { before, limit: q.limit, unread: q.unread === undefined ? undefined : q.unread === "true", type: q.type });
        const last = rows.at(-1);
        return c.json({ items: rows.map(toView), nextCursor: hasMore && last ? encodeCursor(last.id) : null }, 200);
      },
    );
  }

  app.openapi(
    createRoute({ method: "get", path: `${PREFIX}/unread-count`, middleware: [authed], description: "How many of the caller's notifications are unread.", responses: { 200: json(z.object({ count: z.number().int() }), "Count"), 401: problem } }),
    async (c) => c.json({ count: await unreadCount(db, c.get("user").id) }, 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${PREFIX}/read-all`,
      middleware: [authed],
      description: "Marks every unread notification of the caller read.",
      responses: { 200: json(z.object({ success: z.literal(true), updated: z.number().int() }), "Done"), 401: problem },
    }),
    async (c) => c.json({ success: true as const, updated: await markAllRead(db, c.get("user").id) }, 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/preferences`,
      middleware: [authed],
      description: "The caller's notification preferences (e-mail on unless turned off).",
      responses: { 200: json(preferences, "Preferences"), 401: problem },
    }),
    async (c) => c.json(await getPreferences(db, c.get("user").id), 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: `${PREFIX}/preferences`,
      middleware: [authed],
      description: "Turns e-mail notifications on or off. In-app notifications are always kept.",
      request: { body: { content: { "application/json": { schema: preferencesBody } }, required: true } },
      responses: { 200: json(preferences, "Preferences"), 400: problem, 401: problem, 415: problem },
    }),
    async (c) => c.json(await setPreferences(db, c.get("user").id, { emailEnabled: c.req.valid("json").emailEnabled }), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/stream`,
      middleware: [authed],
      description:
        "Server-sent events: each new notification as `event: notification`, `id: <notification id>`, `data: <notification JSON>`; a `: heartbeat` comment every 15 s. " +
        "Reconnect with `Last-Event-ID` to be sent what was created after that notification (at most the newest 500; `event: replay_truncated` says when more were missed).",
      request: { headers: streamHeaders },
      responses: { 200: { content: { "text/event-stream": { schema: z.string() } }, description: "Event stream" }, 400: problem, 401: problem },
    }),
    async (c) => {
      const last = c.req.valid("header")["last-event-id"]?.trim() || undefined;
      if (last !== undefined && !isUuid(last)) throw new AppError("INVALID_ARGUMENT", "Request has invalid fields: Last-Event-ID", { fieldErrors: [{ field: "Last-Event-ID", message: "must be the id of a notification" }] });
      return openNotificationStream(deps, c.get("user").id, last?.toLowerCase(), c.req.raw.signal);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${PREFIX}/{id}/read`,
      middleware: [authed],
      description: "Marks one of the caller's notifications read (again: no change). Another user's id is 404.",
      request: { params: idParam },
      responses: { 200: json(notification, "The notification"), 400: problem, 401: problem, 404: problem },
    }),
    async (c) => {
      const row = await markRead(db, c.get("user").id, c.req.valid("param").id.toLowerCase());
      if (!row) throw notFound();
      return c.json(toView(row), 200);
    },
  );

  return app;
}
