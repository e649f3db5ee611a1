import { z } from "zod";
import { createServiceClient, type RequestMeta } from "./http.ts";

export const notificationSchema = z.object({
  id: z.string(),
  type: z.string(),
  title: z.string(),
  body: z.string(),
  data: z.record(z.string(), z.unknown()).nullable(),
  read: z.boolean(),
  createdAt: z.string(),
  occurredAt: z.string(),
});
export type Notification = z.infer<typeof notificationSchema>;

const preferencesSchema = z.object({ emailEnabled: z.boolean() });

const page = z.object({ items: z.array(notificationSchema), nextCursor: z.string().nullable() });
export type NotificationPage = z.infer<typeof page>;

/** The notifications service's public API (/api/v1/notifications), as the pages use it. */
export function createNotificationsClient(baseUrl: string) {
  const client = createServiceClient({ service: "notifications", baseUrl: baseUrl.replace(/\/+$/, "") + "/api/v1/notifications" });
  const { call } = client;
  return {
    unreadCount: (meta: RequestMeta, token: string) => call("GET", "/unread-count", z.object({ count: z.number().int() }), meta, { token }),
    list: (meta: RequestMeta, token: string, query: { cursor?: string; limit?: number; unread?: boolean } = {}) =>
      call("GET", "/", page, meta, { token, query: { cursor: query.cursor, limit: query.limit, unread: query.unread === undefined ? undefined : String(query.unread) } }),
    /** Marks one of the caller's notifications read (another user's is 404); answers it as it now is. */
    markRead: (meta: RequestMeta, token: string, id: string) => call("POST", `/${encodeURIComponent(id)}/read`, notificationSchema, meta, { token }),
    markAllRead: (meta: RequestMeta, token: string) => call("POST", "/read-all", z.object({ updated: z.number().int() }), meta, { token }),
    /** Whether notifications are also e-mailed (in-app ones are always kept). */
    preferences: (meta: RequestMeta, token: string) => call("GET", "/preferences", preferencesSchema, meta, { token }),
    setPreferences: (meta: RequestMeta, token: string, body: { emailEnabled: boolean }) => call("PUT", "/preferences", preferencesSchema, meta, { token, body }),
    /** The live stream (SSE), resumed after `lastEventId`; the caller owns the response body. */
    stream: (meta: RequestMeta, token: string, lastEventId: string | undefined, signal: AbortSignal) =>
      client.stream("GET", "/stream", meta, { token, accept: "text/event-stream", signal, headers: lastEventId ? { "last-event-id": lastEventId } : {} }),
  };
}

export type NotificationsClient = ReturnType<typeof createNotificationsClient>;
