import { and, asc, desc, eq, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import type { eventCatalog } from "../../proto-like-schemas/events/index.ts";
import type { kycContract } from "../../proto-like-schemas/kyc.ts";
import type { Database, Executor } from "../../shared/db/connect.ts";
import { AppError } from "../../shared/errors.ts";
import type { Emit } from "../../shared/events/outbox.ts";
import type { Logger } from "../../shared/log.ts";
import type { RpcClient } from "../../shared/rpc/client.ts";
import type { Clock } from "./clock.ts";
import { moneyRequests } from "./db/schema.ts";
import { isUuid } from "../../shared/ids.ts";
import { expiryFrom, judge, targetStatus, type PaymentOutcome, type RequestAction, type RequestStatus } from "./domain/request-lifecycle.ts";
import { after, readCursor, toPage, type Page, type PageQuery } from "./listing.ts";
import { upstream, type UserSummary, type Users } from "./users.ts";

type RequestRow = typeof moneyRequests.$inferSelect;

/** The other party as the viewer sees them; name and e-mail are null when auth could not say. */
export interface Party {
  id: string;
  name: string | null;
  email: string | null;
}

export interface RequestView {
  id: string;
  requesterId: string;
  recipientId: string;
  /** From the viewer's side: "outgoing" when they asked, "incoming" when they are asked to pay. */
  direction: "incoming" | "outgoing";
  /** The other party: the person asked when the viewer asked, the requester when the viewer is asked. */
  counterparty: Party;
  amount: number;
  currency: "USD";
  note: string | null;
  status: RequestStatus;
  transactionId: string | null;
  failureCode: string | null;
  failureReason: string | null;
  expiresAt: string;
  createdAt: string;
  acceptedAt: string | null;
  declinedAt: string | null;
  cancelledAt: string | null;
  expiredAt: string | null;
  paidAt: string | null;
  failedAt: string | null;
  reversedAt: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Who the other party of `r` is, from the viewer's side. */
const otherParty = (r: RequestRow, viewerId: string) => (r.requesterId === viewerId ? r.recipientId : r.requesterId);

export function requestView(r: RequestRow, viewerId: string, known: ReadonlyMap<string, UserSummary> = new Map()): RequestView {
  const other = otherParty(r, viewerId);
  const who = known.get(other);
  return {
    id: r.id,
    requesterId: r.requesterId,
    recipientId: r.recipientId,
    direction: r.requesterId === viewerId ? "outgoing" : "incoming",
    counterparty: { id: other, name: who?.name ?? null, email: who?.email ?? null },
    amount: r.amount,
    currency: "USD",
    note: r.note,
    status: r.status,
    transactionId: r.transactionId,
    failureCode: r.failureCode,
    failureReason: r.failureReason,
    expiresAt: r.expiresAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
    acceptedAt: iso(r.acceptedAt),
    declinedAt: iso(r.declinedAt),
    cancelledAt: iso(r.cancelledAt),
    expiredAt: iso(r.expiredAt),
    paidAt: iso(r.paidAt),
    failedAt: iso(r.failedAt),
    reversedAt: iso(r.reversedAt),
  };
}

const eventBase = (r: RequestRow) => ({ requestId: r.id, requesterId: r.requesterId, recipientId: r.recipientId, amount: r.amount, currency: "USD" as const });
const parties = (r: RequestRow) => [r.requesterId, r.recipientId];

const notFound = () => new AppError("NOT_FOUND", "Money request not found");

const ACTION_EVENT = { accept: "social.money_request_accepted", decline: "social.money_request_declined", cancel: "social.money_request_cancelled" } as const;
const ACTION_TIME = { accept: "acceptedAt", decline: "declinedAt", cancel: "cancelledAt" } as const;

export interface NewRequest {
  recipientId: string;
  amount: number;
  note: string | null;
}

export interface RequestFilters extends PageQuery {
  status?: RequestStatus;
  direction: "incoming" | "outgoing" | "all";
}

/** The transfer that closes an accepted request, as its event describes it. */
export interface PaymentFacts {
  requestId: string;
  payerId: string;
  payeeId: string | null;
  amount: number;
}

/** A request of ours whose parties and amount are the transfer's. */
const paidBy = (facts: PaymentFacts) =>
  and(
    eq(moneyRequests.id, facts.requestId.toLowerCase()),
    eq(moneyRequests.recipientId, facts.payerId),
    facts.payeeId === null ? sql`false` : eq(moneyRequests.requesterId, facts.payeeId),
    eq(moneyRequests.amount, facts.amount),
  );

export type Requests = ReturnType<typeof createRequests>;

/**
 * Money requests. Every transition is one conditional UPDATE on the expected status (and, for a
 * user's action, on the acting party and the deadline), so accept, decline, cancel and expiry
 * racing each other leave exactly one winner and one event.
 */
export function createRequests(deps: {
  db: Database;
  emit: Emit<typeof eventCatalog>;
  users: Users;
  kyc: RpcClient<typeof kycContract>;
  clock: Clock;
  expiryHours: number;
  log: Logger;
}) {
  const { db, emit, users, kyc, clock, expiryHours, log } = deps;

  /** PENDING → EXPIRED for the given rows (conditionally), with one event per request that changed. */
  async function expireWhere(tx: Executor, now: Date, which: SQL): Promise<RequestRow[]> {
    const expired = await tx
      .update(moneyRequests)
      .set({ status: "EXPIRED", expiredAt: now, updatedAt: now })
      .where(and(which, eq(moneyRequests.status, "PENDING"), lte(moneyRequests.expiresAt, now)))
      .returning();
    for (const r of expired) await emit(tx, "social.money_request_expired", eventBase(r), { actorId: null, subjectUserIds: parties(r) });
    return expired;
  }

  /** The request as `viewerId` sees it, with the other party's name (one look-up in auth). */
  async function named(r: RequestRow, viewerId: string): Promise<RequestView> {
    return requestView(r, viewerId, await users.lookUp([otherParty(r, viewerId)]));
  }

  async function visibleRow(userId: string, id: string): Promise<RequestRow> {
    if (!isUuid(id)) throw notFound();
    const [row] = await db
      .select()
      .from(moneyRequests)
      .where(and(eq(moneyRequests.id, id.toLowerCase()), or(eq(moneyRequests.requesterId, userId), eq(moneyRequests.recipientId, userId))));
    if (!row) throw notFound();
    return row;
  }

  return {
    async create(requesterId: string, input: NewRequest): Promise<RequestView> {
      if (input.recipientId === requesterId) throw new AppError("INVALID_ARGUMENT", "You cannot request money from yourself", { fieldErrors: [{ field: "recipientId", message: "must be another user" }] });
      const recipient = await users.requireActive(input.recipientId, "recipientId");
      let perTxnCents: number;
      try {
        ({ perTxnCents } = await kyc.getLimits({ userId: input.recipientId }));
      } catch (err) {
        upstream("kyc", err);
      }
      // The payer's tier decides what they could send in one transfer; the figure itself is theirs.
      if (input.amount > perTxnCents) {
        throw new AppError("LIMIT_EXCEEDED", "The amount is more than this user can send in one transfer", { fieldErrors: [{ field: "amount", message: "exceeds the payer's per-transfer limit" }] });
      }
      const now = clock.now();
      const row = await db.transaction(async (tx) => {
        const [inserted] = await tx
          .insert(moneyRequests)
          .values({
            id: Bun.randomUUIDv7(),
            requesterId,
            recipientId: input.recipientId,
            amount: input.amount,
            currency: "USD",
            note: input.note,
            status: "PENDING",
            expiresAt: expiryFrom(now, expiryHours),
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        await emit(tx, "social.money_request_sent", { ...eventBase(inserted!), note: inserted!.note, expiresAt: inserted!.expiresAt.toISOString() }, { actorId: requesterId, subjectUserIds: parties(inserted!) });
        return inserted!;
      });
      return requestView(row, requesterId, new Map([[recipient.id, recipient]]));
    },

    async get(userId: string, id: string): Promise<RequestView> {
      return named(await visibleRow(userId, id), userId);
    },

    async list(userId: string, f: RequestFilters): Promise<Page<RequestView>> {
      const cursor = readCursor(f.cursor);
      const party =
        f.direction === "incoming" ? eq(moneyRequests.recipientId, userId) : f.direction === "outgoing" ? eq(moneyRequests.requesterId, userId) : or(eq(moneyRequests.requesterId, userId), eq(moneyRequests.recipientId, userId));
      const rows = await db
        .select()
        .from(moneyRequests)
        .where(and(party, f.status ? eq(moneyRequests.status, f.status) : undefined, after(cursor, moneyRequests.createdAt, moneyRequests.id)))
        .orderBy(desc(moneyRequests.createdAt), desc(moneyRequests.id))
        .limit(f.limit + 1);
      const known = await users.lookUp(rows.slice(0, f.limit).map((r) => otherParty(r, userId)));
      return toPage(rows, f.limit, (r) => requestView(r, userId, known));
    },

    /** accept / decline (the person asked) and cancel (the requester), while PENDING and before the deadline. */
    async act(userId: string, id: string, action: RequestAction): Promise<RequestView> {
      if (!isUuid(id)) throw notFound();
      const requestId = id.toLowerCase();
      const actor = action === "cancel" ? moneyRequests.requesterId : moneyRequests.recipientId;
      const now = clock.now();
      const changed = await db.transaction(async (tx) => {
        const [row] = await tx
          .update(moneyRequests)
          .set({ status: targetStatus(action), [ACTION_TIME[action]]: now, updatedAt: now })
          .where(and(eq(moneyRequests.id, requestId), eq(actor, userId), eq(moneyRequests.status, "PENDING"), sql`${moneyRequests.expiresAt} > ${now.toISOString()}::timestamptz`))
          .returning();
        if (!row) return undefined;
        const data = action === "accept" ? { ...eventBase(row), note: row.note } : eventBase(row);
        await emit(tx, ACTION_EVENT[action], data, { actorId: userId, subjectUserIds: parties(row) });
        return row;
      });
      if (changed) return named(changed, userId);

      // Nothing changed: say why, from the row as it is now.
      const row = await visibleRow(userId, requestId);
      const verdict = judge(action, row.requesterId === userId ? "requester" : "recipient", row, now);
      if (verdict.ok) throw new AppError("CONFLICT", "The request changed while you acted on it; please try again");
      if (verdict.why === "not_allowed") throw new AppError("PERMISSION_DENIED", verdict.message);
      if (verdict.why === "expired") await db.transaction((tx) => expireWhere(tx, now, eq(moneyRequests.id, requestId)));
      throw new AppError("FAILED_PRECONDITION", verdict.message, { details: { requestStatus: verdict.why === "expired" ? "EXPIRED" : row.status } });
    },

    /**
     * Expires up to `batch` requests past their deadline. Rows are claimed with SKIP LOCKED and
     * changed conditionally, so replicas sweeping at once (or a user acting at that moment) never
     * expire a request twice or expire one that was just accepted.
     */
    async expireDue(batch: number): Promise<number> {
      const now = clock.now();
      return db.transaction(async (tx) => {
        const due = tx
          .select({ id: moneyRequests.id })
          .from(moneyRequests)
          .where(and(eq(moneyRequests.status, "PENDING"), lte(moneyRequests.expiresAt, now)))
          .orderBy(asc(moneyRequests.expiresAt))
          .limit(batch)
          .for("update", { skipLocked: true });
        return (await expireWhere(tx, now, inArray(moneyRequests.id, due))).length;
      });
    },

    /**
     * Records how the transfer paying an accepted request ended (in the consumer's transaction).
     * Only an ACCEPTED request whose parties and amount match the transfer changes, once; both
     * parties hear the outcome through the event.
     */
    async recordPayment(tx: Executor, facts: PaymentFacts, outcome: PaymentOutcome): Promise<void> {
      if (!isUuid(facts.requestId)) {
        log.warn("transfer names a request id that is no request of ours; ignored", { requestId: facts.requestId });
        return;
      }
      const now = clock.now();
      const matches = and(paidBy(facts), eq(moneyRequests.status, "ACCEPTED"));
      if (outcome.kind === "paid") {
        const [row] = await tx.update(moneyRequests).set({ status: "PAID", transactionId: outcome.transactionId, paidAt: now, updatedAt: now }).where(matches).returning();
        if (row) await emit(tx, "social.money_request_paid", { ...eventBase(row), transactionId: outcome.transactionId }, { actorId: null, subjectUserIds: parties(row) });
        else log.info("payment of a request that is not waiting for one; ignored", { requestId: facts.requestId, transactionId: outcome.transactionId });
        return;
      }
      const reason = outcome.reason.slice(0, 500) || "The payment failed";
      const [row] = await tx
        .update(moneyRequests)
        .set({ status: "FAILED", transactionId: outcome.transactionId, failureCode: outcome.code.slice(0, 64), failureReason: reason, failedAt: now, updatedAt: now })
        .where(matches)
        .returning();
      if (row) {
        await emit(tx, "social.money_request_payment_failed", { ...eventBase(row), transactionId: outcome.transactionId, code: row.failureCode!, reason }, { actorId: null, subjectUserIds: parties(row) });
      } else log.info("failed payment of a request that is not waiting for one; ignored", { requestId: facts.requestId, transactionId: outcome.transactionId });
    },

    /**
     * An admin reversed the transfer that paid a request (in the consumer's transaction): PAID by
     * that transfer → REVERSED, once, and both parties hear of it. A request still ACCEPTED is the
     * same payment whose completion has not arrived yet (events can come out of order; a request
     * has one payment only): it goes to REVERSED too, so the late completion changes nothing.
     */
    async recordReversal(tx: Executor, facts: PaymentFacts & { transactionId: string }): Promise<void> {
      if (!isUuid(facts.requestId)) {
        log.warn("reversed transfer names a request id that is no request of ours; ignored", { requestId: facts.requestId });
        return;
      }
      const now = clock.now();
      const [row] = await tx
        .update(moneyRequests)
        .set({ status: "REVERSED", transactionId: facts.transactionId, reversedAt: now, updatedAt: now })
        .where(
          and(
            paidBy(facts),
            or(and(eq(moneyRequests.status, "PAID"), eq(moneyRequests.transactionId, facts.transactionId)), eq(moneyRequests.status, "ACCEPTED")),
          ),
        )
        .returning();
      if (row) await emit(tx, "social.money_request_reversed", { ...eventBase(row), transactionId: facts.transactionId }, { actorId: null, subjectUserIds: parties(row) });
      else log.info("reversal of a payment that paid no request of ours; ignored", { requestId: facts.requestId, transactionId: facts.transactionId });
    },
  };
}
