import { and, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "../../shared/db/connect.ts";
import { contacts, countedTransfers, knownRecipients, senderStats, userCountries } from "./db/schema.ts";
import type { CountrySeen } from "./domain/usual-country.ts";
import { addSample, EMPTY_STATS, fromDecimal, statsFromAmounts, toDecimal, type RunningStats } from "./domain/welford.ts";

/** What the rules know about a sender's past: transfer statistics, whether the recipient is known, countries. */
export interface SenderHistory {
  stats: RunningStats;
  /** A contact of the sender, or someone the sender has completed a transfer to. */
  knownRecipient: boolean;
  countries: CountrySeen[];
}

/** Everything the rules read, in one statement: scoring is on every transfer's path. */
export async function senderHistory(db: Executor, userId: string, recipientId: string): Promise<SenderHistory> {
  const [row] = await db.execute<{ count: string | number | null; mean: string | null; m2: string | null; known: boolean; countries: { country: string; count: number; firstSeenAt: string }[] | null }>(sql`
    select s.count, s.mean, s.m2,
      exists (select 1 from ${contacts} c where c.owner_id = ${userId} and c.contact_id = ${recipientId} and c.active)
        or exists (select 1 from ${knownRecipients} k where k.user_id = ${userId} and k.recipient_id = ${recipientId}) as known,
      (select json_agg(json_build_object('country', u.country, 'count', u.count, 'firstSeenAt', u.first_seen_at))
         from ${userCountries} u where u.user_id = ${userId}) as countries
    from (select ${userId}::text as user_id) me left join ${senderStats} s on s.user_id = me.user_id`);
  return {
    stats: row?.count != null ? { count: BigInt(row.count), mean: fromDecimal(row.mean!), m2: fromDecimal(row.m2!) } : EMPTY_STATS,
    knownRecipient: row?.known === true,
    countries: (row?.countries ?? []).map((c) => ({ country: c.country, count: c.count, firstSeenAt: new Date(c.firstSeenAt) })),
  };
}

export async function recordCountry(tx: Executor, userId: string, country: string): Promise<void> {
  await tx
    .insert(userCountries)
    .values({ userId, country, count: 1 })
    .onConflictDoUpdate({
      target: [userCountries.userId, userCountries.country],
      set: { count: sql`${userCountries.count} + 1`, lastSeenAt: sql`now()` },
    });
}

export interface CompletedTransfer {
  transactionId: string;
  senderId: string;
  recipientId: string | null;
  amount: number;
}

/**
 * Adds completed transfers to their senders' statistics and known recipients, once per
 * transaction id whatever the number of events about it: three statements for a whole batch.
 * The upsert leaves each sender's row locked until commit (taken in id order, so replicas never
 * deadlock), so samples are added one writer at a time. Returns how many transfers counted.
 */
export async function addCompletedTransfers(tx: Executor, transfers: CompletedTransfer[]): Promise<number> {
  const once = [...new Map(transfers.map((t) => [t.transactionId, t])).values()];
  if (once.length === 0) return 0;
  // Counted once per transaction; the recipients become known in the same statement.
  const rows = sql.join(
    once.map((t) => sql`(${t.transactionId}::text, ${t.senderId}::text, ${t.amount}::bigint, ${t.recipientId}::text)`),
    sql`, `,
  );
  const counted = await tx.execute<{ transaction_id: string }>(sql`
    with incoming (transaction_id, user_id, amount, recipient_id) as (values ${rows}),
    counted as (
      insert into ${countedTransfers} (transaction_id, user_id, amount, recipient_id)
      select transaction_id, user_id, amount, recipient_id from incoming
      on conflict do nothing returning transaction_id),
    known as (
      insert into ${knownRecipients} (user_id, recipient_id)
      select distinct i.user_id, i.recipient_id from incoming i join counted c using (transaction_id)
      where i.recipient_id is not null
      order by 1, 2
      on conflict (user_id, recipient_id) do update set last_paid_at = now())
    select transaction_id from counted`);
  const fresh = new Set([...counted].map((r) => r.transaction_id));
  const samples = once.filter((t) => fresh.has(t.transactionId));
  if (samples.length === 0) return 0;

  const senders = [...new Set(samples.map((t) => t.senderId))].sort();
  const current = await tx
    .insert(senderStats)
    .values(senders.map((userId) => ({ userId })))
    .onConflictDoUpdate({ target: senderStats.userId, set: { userId: sql`excluded.user_id` } })
    .returning();
  const next = new Map(current.map((r) => [r.userId, { count: BigInt(r.count), mean: fromDecimal(r.mean), m2: fromDecimal(r.m2) }]));
  for (const t of samples) next.set(t.senderId, addSample(next.get(t.senderId)!, t.amount));
  const updates = sql.join(
    [...next].map(([userId, s]) => sql`(${userId}::text, ${Number(s.count)}::bigint, ${toDecimal(s.mean)}::numeric, ${toDecimal(s.m2)}::numeric)`),
    sql`, `,
  );
  await tx.execute(sql`
    update ${senderStats} s set count = v.count, mean = v.mean, m2 = v.m2, updated_at = now()
    from (values ${updates}) as v(user_id, count, mean, m2) where s.user_id = v.user_id`);
  return samples.length;
}

export interface ReversedTransfer extends CompletedTransfer {
  reversedAt: Date;
}

/**
 * Takes a reversed transfer back out: a reversed transfer is no longer a completed one, so it
 * leaves the sender's statistics, and its recipient is no longer known unless another transfer
 * that still stands was paid to them. A reversal that arrives before its completion (events can
 * be redelivered out of order) is recorded first, so the completion then counts nothing.
 */
export async function removeReversedTransfer(tx: Executor, t: ReversedTransfer): Promise<void> {
  const undone = await tx
    .update(countedTransfers)
    .set({ reversedAt: t.reversedAt })
    .where(and(eq(countedTransfers.transactionId, t.transactionId), isNull(countedTransfers.reversedAt)))
    .returning({ userId: countedTransfers.userId, recipientId: countedTransfers.recipientId });
  if (undone.length === 0) {
    await tx.insert(countedTransfers).values({ transactionId: t.transactionId, userId: t.senderId, amount: t.amount, recipientId: t.recipientId, reversedAt: t.reversedAt }).onConflictDoNothing();
    return;
  }
  const { userId, recipientId } = undone[0]!;
  // The stats row first: adding a sample waits on it, so the rows read next are all there are.
  const [locked] = await tx.select({ userId: senderStats.userId }).from(senderStats).where(eq(senderStats.userId, userId)).for("update");
  if (locked) {
    const standing = await tx
      .select({ amount: countedTransfers.amount })
      .from(countedTransfers)
      .where(and(eq(countedTransfers.userId, userId), isNull(countedTransfers.reversedAt)));
    const stats = statsFromAmounts(standing.map((r) => r.amount));
    await tx.update(senderStats).set({ count: Number(stats.count), mean: toDecimal(stats.mean), m2: toDecimal(stats.m2), updatedAt: sql`now()` }).where(eq(senderStats.userId, userId));
  }
  if (recipientId !== null) {
    await tx.execute(sql`
      delete from ${knownRecipients} k where k.user_id = ${userId} and k.recipient_id = ${recipientId}
        and not exists (select 1 from ${countedTransfers} c where c.user_id = ${userId} and c.recipient_id = ${recipientId} and c.reversed_at is null)`);
  }
}

/** Mirrors a contact change; an event older than the one already applied changes nothing. */
export async function setContact(tx: Executor, ownerId: string, contactId: string, active: boolean, occurredAt: Date): Promise<void> {
  await tx
    .insert(contacts)
    .values({ ownerId, contactId, active, changedAt: occurredAt })
    .onConflictDoUpdate({
      target: [contacts.ownerId, contacts.contactId],
      set: { active, changedAt: occurredAt },
      setWhere: sql`${contacts.changedAt} <= excluded.changed_at`,
    });
}

