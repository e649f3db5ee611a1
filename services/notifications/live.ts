import type { NatsConnection, Subscription } from "nats";
import type { Logger } from "../../shared/log.ts";
import type { NotificationView } from "./store.ts";

const SUBJECT_TOKEN = /^[A-Za-z0-9_-]{1,64}$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Core NATS subject carrying a user's new notifications to whichever replica holds their stream.
 * Null for an id that cannot be one subject token (it could otherwise reach other users' subjects).
 */
export const liveSubject = (userId: string): string | null => (SUBJECT_TOKEN.test(userId) ? `live.user.${userId}` : null);

/** Fire-and-forget: a lost message is repaired by the client's Last-Event-ID replay. */
export function publishLive(nc: NatsConnection, views: NotificationView[], log: Logger): void {
  for (const v of views) {
    const subject = liveSubject(v.userId);
    if (!subject) {
      log.warn("notification not published live: user id is not a subject token", { notificationId: v.id });
      continue;
    }
    nc.publish(subject, encoder.encode(JSON.stringify(v)));
  }
}

/** Subscribes to a user's live notifications; resolves once the server knows of the interest. */
export async function subscribeLive(nc: NatsConnection, userId: string, onNotification: (v: NotificationView) => void, log: Logger): Promise<Subscription> {
  const subject = liveSubject(userId);
  if (!subject) throw new Error("user id is not a subject token");
  const sub = nc.subscribe(subject, {
    callback: (err, msg) => {
      if (err) return log.warn("live subscription error", { error: err.message });
      try {
        onNotification(JSON.parse(decoder.decode(msg.data)) as NotificationView);
      } catch (e) {
        log.warn("unreadable live notification dropped", { error: (e as Error).message });
      }
    },
  });
  await nc.flush();
  return sub;
}
