import { and, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { eventCatalog } from "../../proto-like-schemas/events/index.ts";
import type { Database, Executor } from "../../shared/db/connect.ts";
import { AppError } from "../../shared/errors.ts";
import type { Emit } from "../../shared/events/outbox.ts";
import type { Logger } from "../../shared/log.ts";
import type { Clock } from "./clock.ts";
import { billSplits, reversedSharePayments, splitParticipants } from "./db/schema.ts";
import { isUuid } from "../../shared/ids.ts";
import { shareIssues, type ShareInput } from "./domain/split-shares.ts";
import { after, readCursor, toPage, type Page, type PageQuery } from "./listing.ts";
import type { Users } from "./users.ts";

export type SplitRow = typeof billSplits.$inferSelect;
export type ShareRow = typeof splitParticipants.$inferSelect;

export interface ShareView {
  id: string;
  splitId: string;
  userId: string;
  /** From auth; null when the user is gone or auth could not be asked. */
  name: string | null;
  email: string | null;
  amountCents: number;
  status: "PENDING" | "PAID";
  /** The transfer that paid the share (null for the creator's own share, settled without one). */
  transactionId: string | null;
  /** A payment is held for fraud review; the share is paid once it completes. */
  awaitingReview: boolean;
  paidAt: string | null;
}

/** A person as a split names them; name and e-mail are null when auth could not say. */
export interface Person {
  id: string;
  name: string | null;
  email: string | null;
}

export interface SplitView {
  id: string;
  creatorId: string;
  creator: Person;
  title: string;
  totalCents: number;
  currency: "USD";
  status: "OPEN" | "SETTLED";
  settledAt: string | null;
  createdAt: string;
  participants: ShareView[];
}

export interface SplitSummary extends Omit<SplitView, "participants"> {
  participantCount: number;
  paidCount: number;
  /** The viewer's own share, if they have one. */
  myShare: { amountCents: number; status: "PENDING" | "PAID" } | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

type Known = ReadonlyMap<string, { name: string | null; email: string }>;
const nobody: Known = new Map();

const person = (id: string, known: Known): Person => ({ id, name: known.get(id)?.name ?? null, email: known.get(id)?.email ?? null });

export const shareView = (s: ShareRow, known: Known = nobody): ShareView => ({
  id: s.id,
  splitId: s.splitId,
  userId: s.userId,
  name: known.get(s.userId)?.name ?? null,
  email: known.get(s.userId)?.email ?? null,
  amountCents: s.amountCents,
  status: s.status,
  transactionId: s.transactionId,
  awaitingReview: s.status === "PENDING" && s.transactionId !== null,
  paidAt: iso(s.paidAt),
});

const splitHead = (s: SplitRow, known: Known) => ({
  id: s.id,
  creatorId: s.creatorId,
  creator: person(s.creatorId, known),
  title: s.title,
  totalCents: s.totalCents,
  currency: "USD" as const,
  status: s.status,
  settledAt: iso(s.settledAt),
  createdAt: s.createdAt.toISOString(),
});

export const notFound = () => new AppError("NOT_FOUND", "Split not found");

export interface NewSplit {
  title: string;
  totalCents: number;
  participants: ShareInput[];
}

/** A reversed transfer as its event describes it: the participant paid the creator. */
export interface ReversedSharePayment {
  splitId: string;
  participantId: string;
  creatorId: string | null;
  amountCents: number;
  transactionId: string;
}

export type Splits = ReturnType<typeof createSplits>;

/**
 * Bill splits: creating them, showing them to the people in them, and recording paid shares.
 * Paying is in share-payments.ts; recording is here so the pay call and the transfer's event go
 * through the same guarded path.
 */
export function createSplits(deps: { db: Database; emit: Emit<typeof eventCatalog>; users: Users; clock: Clock; log: Logger }) {
  const { db, emit, users, clock, log } = deps;

  /** Every participant's user id: who hears that the split settled or reopened. */
  async function participantIds(tx: Executor, splitId: string): Promise<string[]> {
    const everyone = await tx.select({ userId: splitParticipants.userId }).from(splitParticipants).where(eq(splitParticipants.splitId, splitId));
    return everyone.map((p) => p.userId);
  }

  const splitFacts = (split: SplitRow, participants: string[]) => ({
    data: { splitId: split.id, creatorId: split.creatorId, title: split.title, totalCents: split.totalCents, currency: "USD" as const, participants },
    meta: { actorId: null, subjectUserIds: [split.creatorId, ...participants] },
  });

  /** The split and every share, if `userId` is its creator or one of its participants. */
  async function visible(userId: string, id: string): Promise<{ split: SplitRow; shares: ShareRow[] }> {
    if (!isUuid(id)) throw notFound();
    const splitId = id.toLowerCase();
    const [split] = await db.select().from(billSplits).where(eq(billSplits.id, splitId));
    if (!split) throw notFound();
    const shares = await db.select().from(splitParticipants).where(eq(splitParticipants.splitId, splitId)).orderBy(splitParticipants.id);
    if (split.creatorId !== userId && !shares.some((s) => s.userId === userId)) throw notFound();
    return { split, shares };
  }

  return {
    visible,

    /**
     * Creates a split. The creator's own share, when they list themself, is settled at creation:
     * they cannot pay themself, and what they owe is simply what they don't get back.
     */
    async create(creatorId: string, input: NewSplit): Promise<SplitView> {
      const issues = shareIssues(creatorId, input.totalCents, input.participants);
      if (issues.length) throw new AppError("INVALID_ARGUMENT", `Request body has invalid fields: ${[...new Set(issues.map((i) => i.field))].join(", ")}`, { fieldErrors: issues });
      const others = input.participants.map((p, i) => ({ ...p, i })).filter((p) => p.userId !== creatorId);
      const [participants, creator] = await Promise.all([
        users.requireAllActive(others.map((p) => p.userId), (k) => `participants.${others[k]!.i}.userId`),
        users.lookUp([creatorId]),
      ]);
      const known: Known = new Map([...creator, ...participants]);
      const now = clock.now();
      const splitId = Bun.randomUUIDv7();
      const { split, shares } = await db.transaction(async (tx) => {
        const [split] = await tx.insert(billSplits).values({ id: splitId, creatorId, title: input.title, totalCents: input.totalCents, currency: "USD", status: "OPEN", createdAt: now }).returning();
        const shares = await tx
          .insert(splitParticipants)
          .values(
            input.participants.map((p) => {
              const own = p.userId === creatorId;
              return { id: Bun.randomUUIDv7(), splitId, userId: p.userId, amountCents: p.amountCents, status: own ? ("PAID" as const) : ("PENDING" as const), paidAt: own ? now : null };
            }),
          )
          .returning();
        await emit(
          tx,
          "social.split_created",
          { splitId, creatorId, title: input.title, totalCents: input.totalCents, currency: "USD", participants: input.participants.map((p) => ({ userId: p.userId, amountCents: p.amountCents })) },
          { actorId: creatorId, subjectUserIds: [creatorId, ...input.participants.map((p) => p.userId)] },
        );
        return { split: split!, shares };
      });
      return { ...splitHead(split, known), participants: shares.map((s) => shareView(s, known)) };
    },

    async get(userId: string, id: string): Promise<SplitView> {
      const { split, shares } = await visible(userId, id);
      const known = await users.lookUp([split.creatorId, ...shares.map((s) => s.userId)]);
      return { ...splitHead(split, known), participants: shares.map((s) => shareView(s, known)) };
    },

    /** Splits the user created or has a share in, newest first. */
    async list(userId: string, page: PageQuery): Promise<Page<SplitSummary>> {
      const cursor = readCursor(page.cursor);
      const mine = db.select({ splitId: splitParticipants.splitId }).from(splitParticipants).where(eq(splitParticipants.userId, userId));
      const rows = await db
        .select()
        .from(billSplits)
        .where(and(or(eq(billSplits.creatorId, userId), inArray(billSplits.id, mine)), after(cursor, billSplits.createdAt, billSplits.id)))
        .orderBy(desc(billSplits.createdAt), desc(billSplits.id))
        .limit(page.limit + 1);
      const ids = rows.slice(0, page.limit).map((r) => r.id);
      const [shares, known] = await Promise.all([
        ids.length ? db.select().from(splitParticipants).where(inArray(splitParticipants.splitId, ids)) : Promise.resolve([]),
        users.lookUp(rows.slice(0, page.limit).map((r) => r.creatorId)),
      ]);
      return toPage(rows, page.limit, (s) => {
        const of = shares.filter((p) => p.splitId === s.id);
        const own = of.find((p) => p.userId === userId);
        return { ...splitHead(s, known), participantCount: of.length, paidCount: of.filter((p) => p.status === "PAID").length, myShare: own ? { amountCents: own.amountCents, status: own.status } : null };
      });
    },

    /**
     * Marks a share PAID by `transactionId` and settles the split when it was the last one, in the
     * caller's transaction. The split row is locked first, so two last shares paid at the same
     * moment are recorded one after the other and the second sees the first: the split settles
     * exactly once. A transfer that was reversed never pays a share. Returns the share, changed or not.
     */
    async recordPaid(tx: Executor, share: { splitId: string; userId: string }, transactionId: string): Promise<ShareRow | undefined> {
      const [split] = await tx.select().from(billSplits).where(eq(billSplits.id, share.splitId)).for("update");
      if (!split) return undefined;
      const now = clock.now();
      const [paid] = await tx
        .update(splitParticipants)
        .set({ status: "PAID", transactionId, paidAt: now })
        .where(
          and(
            eq(splitParticipants.splitId, share.splitId),
            eq(splitParticipants.userId, share.userId),
            eq(splitParticipants.status, "PENDING"),
            sql`not exists (select 1 from ${reversedSharePayments} where ${reversedSharePayments.transactionId} = ${transactionId})`,
          ),
        )
        .returning();
      if (!paid) {
        const [current] = await tx.select().from(splitParticipants).where(and(eq(splitParticipants.splitId, share.splitId), eq(splitParticipants.userId, share.userId)));
        if (current && current.transactionId !== transactionId) log.warn("a second transfer for an already paid split share", { splitId: share.splitId, userId: share.userId, transactionId, paidBy: current.transactionId });
        return current;
      }
      await emit(tx, "social.split_payment_recorded", { splitId: split.id, creatorId: split.creatorId, participantId: paid.userId, amountCents: paid.amountCents, transactionId }, { actorId: paid.userId, subjectUserIds: [split.creatorId, paid.userId] });
      const [settled] = await tx
        .update(billSplits)
        .set({ status: "SETTLED", settledAt: now })
        .where(
          and(
            eq(billSplits.id, split.id),
            eq(billSplits.status, "OPEN"),
            sql`not exists (select 1 from ${splitParticipants} where ${splitParticipants.splitId} = ${split.id} and ${splitParticipants.status} <> 'PAID')`,
          ),
        )
        .returning();
      if (settled) {
        const { data, meta } = splitFacts(split, await participantIds(tx, split.id));
        await emit(tx, "social.split_settled", data, meta);
      }
      return paid;
    },

    /**
     * An admin reversed the transfer that paid a share (in the caller's transaction). The transfer
     * is remembered as reversed, so it never pays the share again; a share it paid is unpaid again
     * under the next attempt (a new idempotency key: paying again is a new payment, not a replay
     * of the reversed one), and a settled split reopens. A share still waiting for that transfer
     * (its completion not recorded yet) moves to the next attempt too. The split row is locked
     * first, as in recordPaid, so a reversal and a payment of the same split never interleave. A
     * transfer that paid no share of ours, or a reversal seen before, changes nothing.
     */
    async recordReversal(tx: Executor, t: ReversedSharePayment): Promise<void> {
      const [split] = await tx.select().from(billSplits).where(eq(billSplits.id, t.splitId)).for("update");
      const [share] = split ? await tx.select().from(splitParticipants).where(and(eq(splitParticipants.splitId, split.id), eq(splitParticipants.userId, t.participantId))) : [];
      if (!split || !share || split.creatorId !== t.creatorId || share.amountCents !== t.amountCents) {
        log.warn("reversed transfer does not match a share of the split it names; ignored", { splitId: t.splitId, transactionId: t.transactionId });
        return;
      }
      const now = clock.now();
      const [first] = await tx.insert(reversedSharePayments).values({ transactionId: t.transactionId, splitId: split.id, userId: share.userId, reversedAt: now }).onConflictDoNothing().returning();
      if (!first) return;

      const byThisTransfer = or(
        and(eq(splitParticipants.status, "PAID"), eq(splitParticipants.transactionId, t.transactionId)),
        and(eq(splitParticipants.status, "PENDING"), or(isNull(splitParticipants.transactionId), eq(splitParticipants.transactionId, t.transactionId))),
      );
      const [unpaid] = await tx
        .update(splitParticipants)
        .set({ status: "PENDING", transactionId: null, paidAt: null, paymentAttempt: sql`${splitParticipants.paymentAttempt} + 1` })
        .where(and(eq(splitParticipants.id, share.id), byThisTransfer))
        .returning();
      if (!unpaid) {
        log.warn("reversed transfer is not the payment of its share; the share stays as it is", { splitId: split.id, transactionId: t.transactionId, paidBy: share.transactionId });
        return;
      }
      // Nobody was told this transfer paid the share, so nobody needs telling it no longer does.
      if (share.status !== "PAID") return;

      await emit(
        tx,
        "social.split_payment_reversed",
        { splitId: split.id, creatorId: split.creatorId, participantId: share.userId, amountCents: share.amountCents, transactionId: t.transactionId },
        { actorId: null, subjectUserIds: [split.creatorId, share.userId] },
      );
      const [reopened] = await tx.update(billSplits).set({ status: "OPEN", settledAt: null }).where(and(eq(billSplits.id, split.id), eq(billSplits.status, "SETTLED"))).returning();
      if (reopened) {
        const { data, meta } = splitFacts(reopened, await participantIds(tx, split.id));
        await emit(tx, "social.split_reopened", data, meta);
      }
    },
  };
}
