import { and, asc, desc, eq, inArray, lt } from "drizzle-orm";
import type { Database, Executor } from "../../shared/db/connect.ts";
import type { Envelope } from "../../shared/events/envelope.ts";
import { AppError } from "../../shared/errors.ts";
import type { Clock } from "./clock.ts";
import { attempts, deliveries, endpoints } from "./db/schema.ts";
import { PING_EVENT_TYPE, subscribesTo } from "./domain/event-types.ts";
import { visibleData } from "./domain/visible-data.ts";
import type { WorkItem } from "./queue.ts";
import type { ClaimedAttempt } from "./worker.ts";

export type DeliveryRow = typeof deliveries.$inferSelect;
export type AttemptRow = typeof attempts.$inferSelect;

export interface DeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  status: DeliveryRow["status"];
  /** Attempts made so far (the number of the latest attempt). */
  attempt: number;
  responseStatus: number | null;
  /** First 1 KB of the latest answer. */
  responseBody: string | null;
  durationMs: number | null;
  error: string | null;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const deliveryView = (row: DeliveryRow): DeliveryView => ({
  id: row.id,
  eventId: row.eventId,
  eventType: row.eventType,
  status: row.status,
  attempt: row.attemptCount,
  responseStatus: row.lastResponseStatus,
  responseBody: row.lastResponseBody,
  durationMs: row.lastDurationMs,
  error: row.lastError,
  nextAttemptAt: row.status === "PENDING" ? iso(row.nextAttemptAt) : null,
  lastAttemptAt: iso(row.lastAttemptAt),
  deliveredAt: iso(row.deliveredAt),
  createdAt: row.createdAt.toISOString(),
});

export const attemptView = (row: AttemptRow) => ({
  attempt: row.attemptNumber,
  startedAt: row.startedAt.toISOString(),
  durationMs: row.durationMs,
  succeeded: row.succeeded,
  responseStatus: row.responseStatus,
  responseBody: row.responseBody,
  error: row.error,
});

/** The JSON body receivers get (Standard Webhooks shape); fixed at creation, identical on every attempt. */
export const messageBody = (type: string, timestamp: string, data: unknown) => JSON.stringify({ type, timestamp, data });

const deliveryNotFound = () => new AppError("NOT_FOUND", "Delivery not found");

export interface Deliveries {
  /**
   * One delivery per subscribed active endpoint of every user each event concerns; a repeated
   * event adds none. Up to `here.count` are created with their first attempt claimed (by the
   * caller, until `here.leaseUntil`); the others are left for the queue.
   */
  createForEvents(tx: Executor, events: Envelope[], here: { count: number; leaseUntil: Date }): Promise<{ claimed: ClaimedAttempt[]; queued: WorkItem[] }>;
  createPing(userId: string, endpointId: string): Promise<{ view: DeliveryView; item: WorkItem }>;
  list(userId: string, endpointId: string, page: { limit: number; cursor?: string }): Promise<{ items: DeliveryView[]; nextCursor: string | null }>;
  get(userId: string, endpointId: string, deliveryId: string): Promise<DeliveryView & { body: string; attempts: ReturnType<typeof attemptView>[] }>;
  redeliver(userId: string, endpointId: string, deliveryId: string): Promise<{ view: DeliveryView; item: WorkItem }>;
}

export function createDeliveries(deps: { db: Database; clock: Clock; getEndpoint: (executor: Executor, userId: string, id: string) => Promise<typeof endpoints.$inferSelect> }): Deliveries {
  const { db, clock, getEndpoint } = deps;

  const ownDelivery = async (executor: Executor, userId: string, endpointId: string, deliveryId: string) => {
    await getEndpoint(executor, userId, endpointId);
    if (!/^[0-9a-f-]{36}$/i.test(deliveryId)) throw deliveryNotFound();
    const [row] = await executor.select().from(deliveries).where(and(eq(deliveries.id, deliveryId), eq(deliveries.endpointId, endpointId), eq(deliveries.userId, userId)));
    if (!row) throw deliveryNotFound();
    return row;
  };

  return {
    async createForEvents(tx, events, here) {
      const none = { claimed: [], queued: [] };
      const users = [...new Set(events.flatMap((e) => e.subjectUserIds))];
      if (users.length === 0) return none;
      const now = clock.now();
      const candidates = await tx
        .select()
        .from(endpoints)
        .where(and(inArray(endpoints.userId, users), eq(endpoints.active, true)));
      if (candidates.length === 0) return none;
      const byId = new Map(candidates.map((e) => [e.id, e]));
      const rows = events.flatMap((event) => {
        const concerned = new Set(event.subjectUserIds);
        const targets = candidates.filter((t) => concerned.has(t.userId) && subscribesTo(t.eventTypes, event.type));
        // Each party gets what it may see of the event (see visibleData), the same body on each of its endpoints.
        const bodies = new Map<string, string>();
        const bodyFor = (userId: string) => bodies.get(userId) ?? bodies.set(userId, messageBody(event.type, event.occurredAt, visibleData(event.type, event.data, userId))).get(userId)!;
        return targets.map((t) => ({ id: Bun.randomUUIDv7(), endpointId: t.id, userId: t.userId, eventId: event.id, eventType: event.type, body: bodyFor(t.userId), createdAt: now, nextAttemptAt: now }));
      });
      if (rows.length === 0) return none;
      // The first ones are born claimed by this replica for their first attempt, the rest wait for the queue.
      const values = rows.map((r, i) =>
        i < here.count ? { ...r, status: "SENDING" as const, attemptCount: 1, runAttempts: 1, leaseUntil: here.leaseUntil } : { ...r, status: "PENDING" as const, queuedAt: now },
      );
      const created = await tx.insert(deliveries).values(values).onConflictDoNothing({ target: [deliveries.endpointId, deliveries.eventId] }).returning();
      return {
        claimed: created.filter((d) => d.status === "SENDING").map((delivery) => ({ delivery, endpoint: byId.get(delivery.endpointId)! })),
        queued: created.filter((d) => d.status === "PENDING").map((d) => ({ deliveryId: d.id, attempt: 1 })),
      };
    },

    async createPing(userId, endpointId) {
      return db.transaction(async (tx) => {
        const endpoint = await getEndpoint(tx, userId, endpointId);
        if (!endpoint.active) throw new AppError("FAILED_PRECONDITION", "Webhook endpoint is disabled; enable it before sending a test event");
        const now = clock.now();
        const eventId = Bun.randomUUIDv7();
        const body = messageBody(PING_EVENT_TYPE, now.toISOString(), { endpointId, message: "This is a test event from Mint." });
        const [row] = await tx
          .insert(deliveries)
          .values({ id: Bun.randomUUIDv7(), endpointId, userId, eventId, eventType: PING_EVENT_TYPE, body, status: "PENDING", nextAttemptAt: now, queuedAt: now, createdAt: now })
          .returning();
        return { view: deliveryView(row!), item: { deliveryId: row!.id, attempt: 1 } };
      });
    },

    async list(userId, endpointId, page) {
      await getEndpoint(db, userId, endpointId);
      const rows = await db
        .select()
        .from(deliveries)
        .where(and(eq(deliveries.endpointId, endpointId), eq(deliveries.userId, userId), page.cursor ? lt(deliveries.id, page.cursor) : undefined))
        .orderBy(desc(deliveries.id))
        .limit(page.limit + 1);
      const more = rows.length > page.limit;
      const items = rows.slice(0, page.limit);
      return { items: items.map(deliveryView), nextCursor: more ? items[items.length - 1]!.id : null };
    },

    async get(userId, endpointId, deliveryId) {
      // One snapshot, so the row and its attempts agree while a worker is recording an attempt.
      return db.transaction(
        async (tx) => {
          const row = await ownDelivery(tx, userId, endpointId, deliveryId);
          const history = await tx.select().from(attempts).where(eq(attempts.deliveryId, row.id)).orderBy(asc(attempts.attemptNumber));
          return { ...deliveryView(row), body: row.body, attempts: history.map(attemptView) };
        },
        { isolationLevel: "repeatable read", accessMode: "read only" },
      );
    },

    async redeliver(userId, endpointId, deliveryId) {
      return db.transaction(async (tx) => {
        const endpoint = await getEndpoint(tx, userId, endpointId);
        if (!endpoint.active) throw new AppError("FAILED_PRECONDITION", "Webhook endpoint is disabled; enable it before redelivering");
        await ownDelivery(tx, userId, endpointId, deliveryId);
        const now = clock.now();
        // Now, as a new run with a fresh schedule (a delivery waiting for a retry is simply brought forward);
        // the message id stays, so receivers can de-duplicate.
        const [row] = await tx
          .update(deliveries)
          .set({ status: "PENDING", runAttempts: 0, nextAttemptAt: now, queuedAt: now, leaseUntil: null })
          .where(and(eq(deliveries.id, deliveryId), inArray(deliveries.status, ["SUCCEEDED", "FAILED", "PENDING"])))
          .returning();
        if (!row) throw new AppError("CONFLICT", "An attempt of this delivery is in progress; try again in a moment");
        return { view: deliveryView(row), item: { deliveryId: row.id, attempt: row.attemptCount + 1 } };
      });
    },
  };
}
