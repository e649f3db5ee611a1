import { and, count, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { Database, Executor, Transaction } from "../../shared/db/connect.ts";
import { notifications } from "./db/schema.ts";
import type { Draft } from "./domain/messages.ts";

export type NotificationRow = typeof notifications.$inferSelect;

/** What users (list, SSE) see of a notification; occurredAt is when the source event happened. */
export interface NotificationView {
  id: string;
  userId: string;
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown> | null;
  read: boolean;
  readAt: string | null;
  createdAt: string;
  occurredAt: string;
}

export const toView = (r: NotificationRow): NotificationView => ({
  id: r.id,
  userId: r.userId,
  type: r.type,
  title: r.title,
  body: r.body,
  data: r.data ?? null,
  read: r.readAt !== null,
  readAt: r.readAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
  occurredAt: r.sourceOccurredAt.toISOString(),
});

/** What happened (the source event) and whom to tell about it. */
export interface Drafted {
  source: { eventId: string; occurredAt: Date };
  draft: Draft;
}

/** Creates the notifications in one statement; an (event, user) pair that already has one is left alone. */
export async function insertNotifications(tx: Transaction, drafted: Drafted[]): Promise<NotificationRow[]> {
  if (drafted.length === 0) return [];
  const rows = drafted.map(({ source, draft: d }) => ({
    id: Bun.randomUUIDv7(),
    userId: d.userId,
    type: d.type,
    title: d.title,
    body: d.body,
    data: d.data,
    sourceEventId: source.eventId,
    sourceOccurredAt: source.occurredAt,
  }));
  return tx.insert(notifications).values(rows).onConflictDoNothing().returning();
}

export interface ListFilter {
  /** Only notifications older than this id (the previous page's last). */
  before?: string;
  limit: number;
  unread?: boolean;
  type?: string;
}

/** One page of a user's notifications, newest first, and whether more follow. */
export async function listForUser(db: Executor, userId: string, f: ListFilter): Promise<{ rows: NotificationRow[]; hasMore: boolean }> {
  const rows = await db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        f.before ? lt(notifications.id, f.before) : undefined,
        f.unread === true ? isNull(notifications.readAt) : f.unread === false ? sql`${notifications.readAt} is not null` : undefined,
        f.type ? eq(notifications.type, f.type) : undefined,
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(f.limit + 1);
  return { rows: rows.slice(0, f.limit), hasMore: rows.length > f.limit };
}

export async function unreadCount(db: Executor, userId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Marks one of the user's notifications read (keeping the first readAt); undefined when it is not theirs. */
export async function markRead(db: Database, userId: string, id: string): Promise<NotificationRow | undefined> {
  const [updated] = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning();
  if (updated) return updated;
  const [existing] = await db.select().from(notifications).where(and(eq(notifications.id, id), eq(notifications.userId, userId)));
  return existing;
}

/** Marks every unread notification of the user read; returns how many changed. */
export async function markAllRead(db: Database, userId: string): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

/**
 * What a reconnecting stream missed: the user's notifications after `afterId`, oldest first. When
 * more than `limit` were missed, the newest `limit` of them (the client should reload the list).
 */
export async function missedSince(db: Executor, userId: string, afterId: string, limit: number): Promise<{ rows: NotificationRow[]; truncated: boolean }> {
  const newest = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), gt(notifications.id, afterId)))
    .orderBy(desc(notifications.id))
    .limit(limit + 1);
  return { rows: newest.slice(0, limit).reverse(), truncated: newest.length > limit };
}
