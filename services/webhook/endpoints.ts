import { and, desc, eq, sql } from "drizzle-orm";
import type { Database, Executor } from "../../shared/db/connect.ts";
import type { Emit } from "../../shared/events/outbox.ts";
import type { eventCatalog } from "../../proto-like-schemas/events/index.ts";
import { AppError } from "../../shared/errors.ts";
import type { Clock } from "./clock.ts";
import { deliveries, endpoints } from "./db/schema.ts";
import { normaliseSubscription } from "./domain/event-types.ts";
import type { SecretBox } from "./domain/secret-box.ts";
import { generateSecret } from "./domain/signature.ts";
import type { TargetGuard } from "./target-guard.ts";

export type EndpointRow = typeof endpoints.$inferSelect;

export interface EndpointView {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  active: boolean;
  /** Set when the system disabled the endpoint: GONE (it answered 410) or FAILING (5 days of failures). */
  disabledReason: "GONE" | "FAILING" | null;
  createdAt: string;
  updatedAt: string;
}

export const endpointView = (row: EndpointRow): EndpointView => ({
  id: row.id,
  url: row.url,
  events: row.eventTypes,
  description: row.description,
  active: row.active,
  disabledReason: row.disabledReason as EndpointView["disabledReason"],
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export const endpointNotFound = () => new AppError("NOT_FOUND", "Webhook endpoint not found");

export interface EndpointInput {
  url: string;
  events: string[];
  description?: string | null;
}
export interface EndpointPatch {
  url?: string;
  events?: string[];
  description?: string | null;
  active?: boolean;
}

export interface Endpoints {
  list(userId: string): Promise<EndpointView[]>;
  view(userId: string, id: string): Promise<EndpointView>;
  /** The caller's endpoint, or 404 (also for another user's id: its existence is not revealed). */
  get(executor: Executor, userId: string, id: string): Promise<EndpointRow>;
  create(userId: string, input: EndpointInput): Promise<EndpointView & { secret: string }>;
  update(userId: string, id: string, patch: EndpointPatch): Promise<EndpointView>;
  remove(userId: string, id: string): Promise<void>;
  rotateSecret(userId: string, id: string): Promise<{ secret: string; previousSecretExpiresAt: string }>;
  /** Secrets that sign now: the current one, and the previous one during its overlap. */
  signingSecrets(row: EndpointRow): string[];
  /** Turns an endpoint off on the system's behalf and tells its owner (once, whoever races). */
  disable(tx: Executor, row: Pick<EndpointRow, "id" | "userId" | "url">, reason: "GONE" | "FAILING"): Promise<boolean>;
}

export function createEndpoints(deps: { db: Database; emit: Emit<typeof eventCatalog>; box: SecretBox; guard: TargetGuard; clock: Clock; rotationOverlapMs: number; maxPerUser: number }): Endpoints {
  const { db, emit, box, guard, clock } = deps;

  async function get(executor: Executor, userId: string, id: string): Promise<EndpointRow> {
    const [row] = await executor.select().from(endpoints).where(and(eq(endpoints.id, id), eq(endpoints.userId, userId)));
    if (!row) throw endpointNotFound();
    return row;
  }

  return {
    get,

    async list(userId) {
      const rows = await db.select().from(endpoints).where(eq(endpoints.userId, userId)).orderBy(desc(endpoints.createdAt), desc(endpoints.id));
      return rows.map(endpointView);
    },

    view: async (userId, id) => endpointView(await get(db, userId, id)),

    async create(userId, input) {
      const checked = await guard.assertAllowed(input.url);
      const id = Bun.randomUUIDv7();
      const secret = generateSecret();
      const now = clock.now();
      const row = await db.transaction(async (tx) => {
        // One creation per user at a time, so the per-user ceiling holds under concurrent requests.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`webhook-endpoints:${userId}`}))`);
        const [{ n }] = (await tx.execute<{ n: number }>(sql`select count(*)::int as n from ${endpoints} where ${endpoints.userId} = ${userId}`)) as unknown as [{ n: number }];
        if (n >= deps.maxPerUser) throw new AppError("CONFLICT", `At most ${deps.maxPerUser} webhook endpoints per user`);
        const [created] = await tx
          .insert(endpoints)
          .values({ id, userId, url: checked.target.url.toString(), description: input.description ?? null, eventTypes: normaliseSubscription(input.events), active: true, secretEncrypted: box.seal(secret, id), createdAt: now, updatedAt: now })
          .returning();
        await emit(tx, "webhook.endpoint_created", { endpointId: id, userId, url: created!.url, eventTypes: created!.eventTypes }, { actorId: userId, subjectUserIds: [userId] });
        return created!;
      });
      return { ...endpointView(row), secret };
    },

    async update(userId, id, patch) {
      const url = patch.url === undefined ? undefined : (await guard.assertAllowed(patch.url)).target.url.toString();
      return db.transaction(async (tx) => {
        await get(tx, userId, id);
        const changes: Partial<typeof endpoints.$inferInsert> = { updatedAt: clock.now() };
        if (url !== undefined) changes.url = url;
        if (patch.events !== undefined) changes.eventTypes = normaliseSubscription(patch.events);
        if (patch.description !== undefined) changes.description = patch.description;
        if (patch.active !== undefined) {
          changes.active = patch.active;
          // The owner's decision replaces the system's: re-enabling starts with a clean record.
          changes.disabledReason = null;
          if (patch.active) changes.failingSince = null;
        }
        const [row] = await tx.update(endpoints).set(changes).where(and(eq(endpoints.id, id), eq(endpoints.userId, userId))).returning();
        return endpointView(row!);
      });
    },

    async remove(userId, id) {
      await db.transaction(async (tx) => {
        // Deliveries before the endpoint, in the order a worker recording an attempt takes them.
        await tx.execute(sql`select 1 from ${deliveries} where ${deliveries.endpointId} = ${id} and ${deliveries.userId} = ${userId} for update`);
        const [row] = await tx.delete(endpoints).where(and(eq(endpoints.id, id), eq(endpoints.userId, userId))).returning({ id: endpoints.id });
        if (!row) throw endpointNotFound();
        await emit(tx, "webhook.endpoint_deleted", { endpointId: id, userId }, { actorId: userId, subjectUserIds: [userId] });
      });
    },

    async rotateSecret(userId, id) {
      const secret = generateSecret();
      const now = clock.now();
      const expires = new Date(now.getTime() + deps.rotationOverlapMs);
      await db.transaction(async (tx) => {
        const [current] = await tx.select().from(endpoints).where(and(eq(endpoints.id, id), eq(endpoints.userId, userId))).for("update");
        if (!current) throw endpointNotFound();
        await tx
          .update(endpoints)
          .set({ secretEncrypted: box.seal(secret, id), previousSecretEncrypted: current.secretEncrypted, previousSecretExpiresAt: expires, updatedAt: now })
          .where(eq(endpoints.id, id));
        await emit(tx, "webhook.secret_rotated", { endpointId: id, userId }, { actorId: userId, subjectUserIds: [userId] });
      });
      return { secret, previousSecretExpiresAt: expires.toISOString() };
    },

    signingSecrets(row) {
      const secrets = [box.open(row.secretEncrypted, row.id)];
      if (row.previousSecretEncrypted && row.previousSecretExpiresAt && row.previousSecretExpiresAt.getTime() > clock.now().getTime()) {
        secrets.push(box.open(row.previousSecretEncrypted, row.id));
      }
      return secrets;
    },

    async disable(tx, row, reason) {
      const changed = await tx
        .update(endpoints)
        .set({ active: false, disabledReason: reason, updatedAt: clock.now() })
        .where(and(eq(endpoints.id, row.id), eq(endpoints.active, true)))
        .returning({ id: endpoints.id });
      if (changed.length === 0) return false;
      await emit(tx, "webhook.endpoint_disabled", { endpointId: row.id, userId: row.userId, url: row.url, reason }, { actorId: null, subjectUserIds: [row.userId] });
      return true;
    },
  };
}
