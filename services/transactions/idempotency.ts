import { and, eq, lt, ne, sql } from "drizzle-orm";
import type Redis from "ioredis";
import type { Database, Executor } from "../../shared/db/connect.ts";
import { hotStatement } from "../../shared/db/statement.ts";
import { AppError, unavailableIfConnectionLost } from "../../shared/errors.ts";
import type { Logger } from "../../shared/log.ts";
import { idempotencyKeys, transactions } from "./db/schema.ts";
import { answerFor, type Disposition } from "./domain/outcome.ts";
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
/** Pauses between a request's attempts to record how it ended, once it has answered (the last repeats). */
const RECORD_RETRY_MS = [50, 100, 250, 500, 1_000];
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

  async function finish(claim: Claim, response: StoredResponse): Promise<void> {
    const [row] = await finishClaim(db, { userId: claim.userId, key: claim.key, claimId: claim.claimId, status: response.status, body: JSON.stringify(response.body) });
    // Another request took the key over (its transaction was settled) and answers from it.
    if (!row) log.info("idempotency key taken over before the response was stored", { userId: claim.userId, transactionId: claim.transactionId });
  }

  async function detach(claim: Claim): Promise<void> {
    await db.update(idempotencyKeys).set({ state: "DETACHED" }).where(owned(claim));
  }

  async function release(claim: Claim): Promise<void> {
    await db.delete(idempotencyKeys).where(owned(claim));
  }

  /** Tries `write` again until it succeeds, fails otherwise than by a lost connection, or the claim could have been taken over anyway. */
  function recordLater(claim: Claim, disposition: Disposition, write: () => Promise<void>): void {
    const giveUpAt = Date.now() + inFlightTimeoutS * 1_000;
    let attempt = 0;
    const again = () =>
      write().then(
        () => log.info("idempotency key recorded once the database was back", { userId: claim.userId, transactionId: claim.transactionId, disposition, attempts: attempt }),
        (err: unknown) => {
          if (unavailableIfConnectionLost(err) && Date.now() < giveUpAt) return schedule();
          log.warn("idempotency key left for the in-flight timeout", { userId: claim.userId, transactionId: claim.transactionId, disposition, error: (err as Error).message });
        },
      );
    // Unreferenced: a service that is stopping does not wait for it.
    const schedule = () => void setTimeout(again, RECORD_RETRY_MS[Math.min(attempt++, RECORD_RETRY_MS.length - 1)]).unref();
    schedule();
  }

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
            bound: {
              id: transactions.id,
              status: transactions.status,
              type: transactions.type,
              fraudDecision: transactions.fraudDecision,
              heldAt: transactions.heldAt,
              statusReason: transactions.statusReason,
              statusDetail: transactions.statusDetail,
            },
          })
          .from(idempotencyKeys)
          .leftJoin(transactions, eq(transactions.id, idempotencyKeys.transactionId))
          .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
        if (!row) continue; // freed between our insert and select: try to claim again
        if (row.fingerprint !== fingerprint) throw mismatch();
        if (row.state === "DONE") {
          const response = { status: row.responseStatus!, body: row.responseBody };
          toCache(userId, key, fingerprint, response);
          return { kind: "replay", response };
        }
        // A claim in flight is another request at work, unless its transaction is settled: then
        // all its holder may still do is store the answer that transaction stands for, and if the
        // holder died or lost the database doing so (it answered 503: retry with the key), waiting
        // for the in-flight timeout would answer 409 about a payment long done. So the key is
        // taken over and the answer derived from the transaction; a holder still alive finds its
        // claim gone and stores nothing, and both answers say the same. The transaction row is
        // the witness because it is already written, whereas the holder letting go needs the
        // database it has just lost (it does keep trying: see record).
        const settled = row.bound !== null && answerFor(row.bound).disposition === "final";
        if (row.state === "IN_FLIGHT" && !row.stale && !settled) throw inFlight();
        const [taken] = await db
          .update(idempotencyKeys)
          .set({ claimId, claimedAt: sql`now()`, state: "IN_FLIGHT" })
          .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key), eq(idempotencyKeys.claimId, row.claimId), ne(idempotencyKeys.state, "DONE")))
          .returning({ transactionId: idempotencyKeys.transactionId });
        if (taken) {
          log.info("idempotency key taken over", { userId, previousState: row.state, transactionId: taken.transactionId, settled });
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
     * Records how the request left its key (see Disposition): final stores the response (success
     * or error) for later requests with the key to replay; unknown keeps the key bound to its
     * transaction for a retry to settle; retry frees the key, as nothing happened that it must
     * remember. Redis learns a final answer from its first replay: most keys are never used
     * again, so writing every answer there would cost each payment a round trip for nothing.
     *
     * False when the database connection was lost: the key then stays claimed by this request,
     * which keeps trying to record it in the background until the database is back (a retry in
     * the meantime gets 409, and then the recorded answer) or the in-flight timeout lets another
     * request take the key over, whichever comes first (the claim id keeps a late write from
     * touching a key taken over). The owner records rather than leaving it to the in-flight
     * timeout because only the owner knows the answer; where the key is bound to a settled
     * transaction a retry need not wait for it (see begin).
     */
    async record(claim: Claim, disposition: Disposition, response?: StoredResponse /* final only */): Promise<boolean> {
      const write = () => (disposition === "final" ? finish(claim, response!) : disposition === "unknown" ? detach(claim) : release(claim));
      try {
        await write();
        return true;
      } catch (err) {
        if (!unavailableIfConnectionLost(err)) throw err;
        log.warn("idempotency key not recorded: database connection lost; retrying in the background", { userId: claim.userId, transactionId: claim.transactionId, disposition });
        recordLater(claim, disposition, write);
        return false;
      }
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
