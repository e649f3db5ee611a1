import { asc, eq, sql } from "drizzle-orm";
import type Redis from "ioredis";
import type { Database, Transaction } from "../../shared/db/connect.ts";
import type { Logger } from "../../shared/log.ts";
import { sanctions } from "./db/schema.ts";

type SanctionRow = typeof sanctions.$inferSelect;

export const toSanction = (row: SanctionRow) => ({ userId: row.userId, reason: row.reason, addedBy: row.addedBy, addedAt: row.addedAt.toISOString() });

/**
 * The sanctions list lives in Postgres; Redis holds a copy for the scoring hot path (G-21). The
 * copy is rebuilt from the table on start-up, after every change and periodically. A "ready"
 * key written together with the set tells an empty list from a lost or outdated copy: without
 * it the table is asked instead, so a flushed Redis never lets a sanctioned recipient through.
 */
export function createSanctions(deps: { db: Database; redis: Redis; keyPrefix: string; log: Logger }) {
  const { db, redis, log } = deps;
  const setKey = `${deps.keyPrefix}sanctions`;
  const readyKey = `${deps.keyPrefix}sanctions:ready`;
  const lockKey = `${deps.keyPrefix}sanctions-cache`;

  /**
   * Rebuilds run one at a time (advisory lock) and each reads the table after taking the lock,
   * so the last writer always wrote a list that includes every change committed before it.
   */
  async function rebuildCache(): Promise<void> {
    await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${lockKey}))`);
      const rows = await tx.select({ userId: sanctions.userId }).from(sanctions);
      const multi = redis.multi().del(setKey);
      if (rows.length) multi.sadd(setKey, ...rows.map((r) => r.userId));
      const results = await multi.set(readyKey, "1").exec();
      const failed = results?.find(([err]) => err);
      if (!results || failed) throw failed?.[0] ?? new Error("sanctions cache update was discarded");
    });
  }

  const rebuildQuietly = () => rebuildCache().catch((err) => log.warn("sanctions cache rebuild failed", { error: (err as Error).message }));

  // One background rebuild at a time when readers find the copy missing (many scorings may notice at once).
  let background: Promise<void> | undefined;
  const rebuildInBackground = () => {
    background ??= rebuildQuietly().finally(() => (background = undefined));
  };

  /**
   * Wraps a change of the table. It holds the rebuild lock and withdraws the copy before
   * changing anything, so no rebuild interleaves with it and a crash after the commit leaves no
   * outdated copy marked ready; the copy is rebuilt right after the commit.
   */
  async function changing<T>(change: (tx: Transaction) => Promise<T>): Promise<T> {
    const result = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${lockKey}))`);
      await redis.del(readyKey).catch(() => undefined);
      return change(tx);
    });
    await rebuildQuietly();
    return result;
  }

  async function inTable(userId: string): Promise<boolean> {
    const [row] = await db.select({ userId: sanctions.userId }).from(sanctions).where(eq(sanctions.userId, userId)).limit(1);
    return row !== undefined;
  }

  return {
    rebuildCache,

    async isSanctioned(userId: string): Promise<boolean> {
      try {
        const results = await redis.multi().exists(readyKey).sismember(setKey, userId).exec();
        const [ready, member] = [results?.[0], results?.[1]];
        if (ready && member && !ready[0] && !member[0] && ready[1] === 1) return member[1] === 1;
        rebuildInBackground();
      } catch (err) {
        log.warn("sanctions cache unreachable; asking the table", { error: (err as Error).message });
      }
      return inTable(userId);
    },

    async list() {
      const rows = await db.select().from(sanctions).orderBy(asc(sanctions.addedAt), asc(sanctions.userId));
      return rows.map(toSanction);
    },

    /** Idempotent: adding a listed user returns the existing entry unchanged. */
    async add(userId: string, reason: string, adminId: string) {
      const [inserted] = await changing((tx) => tx.insert(sanctions).values({ userId, reason, addedBy: adminId }).onConflictDoNothing().returning());
      const row = inserted ?? (await db.select().from(sanctions).where(eq(sanctions.userId, userId)))[0]!;
      if (inserted) log.info("sanction added", { userId, addedBy: adminId });
      return toSanction(row);
    },

    async remove(userId: string, adminId: string) {
      const [removed] = await changing((tx) => tx.delete(sanctions).where(eq(sanctions.userId, userId)).returning());
      if (removed) log.info("sanction removed", { userId, removedBy: adminId });
      return { removed: removed !== undefined, sanction: removed ? toSanction(removed) : null };
    },
  };
}
export type Sanctions = ReturnType<typeof createSanctions>;
