import { and, eq, lt, ne, sql } from "drizzle-orm";
import type Redis from "ioredis";
import type { Database, Executor } from "../../shared/db/connect.ts";
import { hotStatement } from "../../shared/db/statement.ts";
import { AppError } from "../../shared/errors.ts";
import type { Logger } from "../../shared/log.ts";
import { idempotencyKeys } from "./db/schema.ts";
import type { Alongside } from "./store.ts";

export const IDEMPOTENCY_HEADER = "Idempotency-Key";

/** Ownership of a key for the length of one request. */
export interface Claim {
  userId: string;
  key: string;
  claimId: string;
  /** The transaction this key created, if a previous attempt got that far. */
  transactionId: string | null;
}

export interface StoredResponse {
  status: number;
  body: unknown;
}

export type Begin = { kind: "replay"; response: StoredResponse } | { kind: "claimed"; claim: Claim };

export interface IdempotencyDeps {
  db: Database;
  redis: Redis;
  log: Logger;
  inFlightTimeoutS: number;
  retentionH: number;
}

const REDIS_TIMEOUT_MS = 200;
const redisKey = (userId: string, key: string) => `txn:idem:${userId}:${key}`;

const mismatch = () =>
  new AppError("INVALID_ARGUMENT", "This Idempotency-Key was already used with a different request", {
    status: 422,
    fieldErrors: [{ field: IDEMPOTENCY_HEADER, message: "was already used with a different request; use a new key" }],
  });

const inFlight = () =>
  new AppError("CONFLICT", "A request with this Idempotency-Key is still being processed; retry shortly", {
    headers: { "retry-after": "1" },
    fieldErrors: [{ field: IDEMPOTENCY_HEADER, message: "is in use by a request that has not finished" }],
  });

export type Idempotency = ReturnType<typeof createIdempotency>;

/** Holds in a statement with attachment(): the key was bound to the new transaction. */
const ATTACHED = sql`exists (select 1 from attached)`;

// Every payment request runs these two.
const claimKey = hotStatement<{ userId: string; key: string; fingerprint: string; claimId: string }, { claimId: string }[]>("claim idempotency key", (ex) =>
  ex
    .insert(idempotencyKeys)
    .values({ userId: sql.placeholder("userId"), key: sql.placeholder("key"), fingerprint: sql.placeholder("fingerprint"), state: "IN_FLIGHT", claimId: sql.placeholder("claimId") })
    .onConflictDoNothing()
    .returning({ claimId: idempotencyKeys.claimId }),
);
const finishClaim = hotStatement<{ userId: string; key: string; claimId: string; status: number; body: string }, { key: string }[]>("finish idempotency key", (ex) =>
  ex
    .update(idempotencyKeys)
    .set({ state: "DONE", responseStatus: sql`${sql.placeholder("status")}::int`, responseBody: sql`${sql.placeholder("body")}::jsonb`, completedAt: sql`now()` })
    .where(and(eq(idempotencyKeys.userId, sql.placeholder("userId")), eq(idempotencyKeys.key, sql.placeholder("key")), eq(idempotencyKeys.claimId, sql.placeholder("claimId"))))
    .returning({ key: idempotencyKeys.key }),
);

/**
 * Idempotency-Keys, per user. Postgres is the truth: a claim row is inserted before any work
 * (ON CONFLICT DO NOTHING decides who runs), and the final response is stored on it. Redis only
 * remembers finished responses that were replayed once, so further replays are answered without
 * reading the stored row; it is asked only about keys already taken, and losing it changes nothing.
 */
export function createIdempotency({ db, redis, log, inFlightTimeoutS, retentionH }: IdempotencyDeps) {
  async function fromCache(userId: string, key: string): Promise<{ fingerprint: string; response: StoredResponse } | null> {
    try {
      const raw = await Promise.race([redis.get(redisKey(userId, key)), Bun.sleep(REDIS_TIMEOUT_MS).then(() => null)]);
      return raw ? (JSON.parse(raw) as { fingerprint: string; response: StoredResponse }) : null;
    } catch (err) {
      log.debug("idempotency cache unavailable", { error: (err as Error).message });
      return null;
    }
  }

  function toCache(userId: string, key: string, fingerprint: string, response: StoredResponse): void {
    redis.set(redisKey(userId, key), JSON.stringify({ fingerprint, response }), "EX", retentionH * 3600).catch((err) => log.debug("idempotency cache write failed", { error: (err as Error).message }));
  }

  const owned = (claim: Claim) => and(eq(idempotencyKeys.userId, claim.userId), eq(idempotencyKeys.key, claim.key), eq(idempotencyKeys.claimId, claim.claimId));

  return {
    /**
     * Claims the key, or answers for it: the stored response (same request, finished), 422 (other
     * request), 409 (same request still running). A claim that was left unfinished (its request
     * died, or answered while the outcome was unknown) is taken over.
     */
    async begin(userId: string, key: string, fingerprint: string): Promise<Begin> {
      for (let attempt = 0; attempt < 3; attempt++) {
        const claimId = Bun.randomUUIDv7();
        const [inserted] = await claimKey(db, { userId, key, fingerprint, claimId });
        if (inserted) return { kind: "claimed", claim: { userId, key, claimId, transactionId: null } };

        // A key seen before: a finished answer is usually in Redis (a fresh key never asks it).
        const cached = attempt === 0 ? await fromCache(userId, key) : null;
        if (cached) {
          if (cached.fingerprint !== fingerprint) throw mismatch();
          return { kind: "replay", response: cached.response };
        }

        const [row] = await db
          .select({
            fingerprint: idempotencyKeys.fingerprint,
            state: idempotencyKeys.state,
            claimId: idempotencyKeys.claimId,
            transactionId: idempotencyKeys.transactionId,
            responseStatus: idempotencyKeys.responseStatus,
            responseBody: idempotencyKeys.responseBody,
            stale: sql<boolean>`${idempotencyKeys.claimedAt} < now() - make_interval(secs => ${inFlightTimeoutS})`,
          })
          .from(idempotencyKeys)
          .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
        if (!row) continue; // freed between our insert and select: try to claim again
        if (row.fingerprint !== fingerprint) throw mismatch();
        if (row.state === "DONE") {
          const response = { status: row.responseStatus!, body: row.responseBody };
          toCache(userId, key, fingerprint, response);
          return { kind: "replay", response };
        }
        if (row.state === "IN_FLIGHT" && !row.stale) throw inFlight();
        const [taken] = await db
          .update(idempotencyKeys)
          .set({ claimId, claimedAt: sql`now()`, state: "IN_FLIGHT" })
          .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key), eq(idempotencyKeys.claimId, row.claimId), ne(idempotencyKeys.state, "DONE")))
          .returning({ transactionId: idempotencyKeys.transactionId });
        if (taken) {
          log.info("idempotency key taken over", { userId, previousState: row.state, transactionId: taken.transactionId });
          return { kind: "claimed", claim: { userId, key, claimId, transactionId: taken.transactionId } };
        }
      }
      throw inFlight();
    },

    /**
     * Binds the key to the transaction, as a statement that goes with the one inserting it (its
     * values are placeholders, for a statement built once). Its condition fails (and the caller
     * rolls the insert back) if the claim was taken over meanwhile, so one key never creates two
     * transactions.
     */
    attachment(ex: Executor): Alongside {
      const attached = ex.$with("attached").as(
        ex
          .update(idempotencyKeys)
          .set({ transactionId: sql`${sql.placeholder("attachTransactionId")}::uuid` })
          .where(
            and(
              eq(idempotencyKeys.userId, sql.placeholder("attachUserId")),
              eq(idempotencyKeys.key, sql.placeholder("attachKey")),
              eq(idempotencyKeys.claimId, sql.placeholder("attachClaimId")),
              eq(idempotencyKeys.state, "IN_FLIGHT"),
            ),
          )
          .returning({ key: idempotencyKeys.key }),
      );
      return { ctes: [attached], condition: ATTACHED };
    },

    /** attachment()'s condition. */
    attached: ATTACHED,

    /** The values of attachment()'s placeholders. */
    attachmentValues: (claim: Claim, transactionId: string) => ({ attachUserId: claim.userId, attachKey: claim.key, attachClaimId: claim.claimId, attachTransactionId: transactionId }),

    /** The claim was lost: another request with the key is running. */
    inFlight,

    /**
     * Stores the final response (success or error); later requests with the key replay it. Redis
     * learns it from the first replay: most keys are never used again, so writing every answer
     * there would cost each payment a round trip for nothing.
     */
    async finish(claim: Claim, response: StoredResponse): Promise<void> {
      const [row] = await finishClaim(db, { userId: claim.userId, key: claim.key, claimId: claim.claimId, status: response.status, body: JSON.stringify(response.body) });
      if (!row) log.warn("idempotency claim lost before the response was stored", { userId: claim.userId, transactionId: claim.transactionId });
    },

    /** The outcome is not known yet: a retry with the key settles the transaction and answers with it. */
    async detach(claim: Claim): Promise<void> {
      await db.update(idempotencyKeys).set({ state: "DETACHED" }).where(owned(claim));
    },

    /** Nothing happened that the key must remember: the same key may run the request again. */
    async release(claim: Claim): Promise<void> {
      await db.delete(idempotencyKeys).where(owned(claim));
    },

    /** Forgets keys older than the retention period. */
    async prune(): Promise<number> {
      const rows = await db
        .delete(idempotencyKeys)
        .where(lt(idempotencyKeys.createdAt, sql`now() - make_interval(hours => ${retentionH})`))
        .returning({ key: idempotencyKeys.key });
      return rows.length;
    },
  };
}
