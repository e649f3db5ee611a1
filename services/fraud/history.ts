import { eq, sql } from "drizzle-orm";
import type { Executor } from "../../shared/db/connect.ts";
import { contacts, countedTransfers, knownRecipients, senderStats, userCountries } from "./db/schema.ts";
import type { CountrySeen } from "./domain/usual-country.ts";
import { addSample, EMPTY_STATS, fromDecimal, toDecimal, type RunningStats } from "./domain/welford.ts";

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

/**
 * Adds a completed transfer to the sender's statistics and known recipients, once per
 * transaction id whatever the number of events about it. The row lock serialises replicas
 * updating one sender.
 */
export async function addCompletedTransfer(tx: Executor, t: { transactionId: string; senderId: string; recipientId: string | null; amount: number }): Promise<boolean> {
  // Counted once per transaction; the recipient becomes known in the same statement.
  const [fresh] = await tx.execute<{ counted: boolean }>(sql`
    with counted as (
      insert into ${countedTransfers} (transaction_id, user_id, amount) values (${t.transactionId}, ${t.senderId}, ${t.amount})
      on conflict do nothing returning transaction_id),
    known as (
      insert into ${knownRecipients} (user_id, recipient_id)
      select ${t.senderId}, ${t.recipientId}::text from counted where ${t.recipientId}::text is not null
      on conflict (user_id, recipient_id) do update set last_paid_at = now())
    select exists (select 1 from counted) as counted`);
  if (!fresh?.counted) return false;

  // The upsert leaves the sender's row locked until commit, so replicas add samples one at a time.
  const [row] = await tx
    .insert(senderStats)
    .values({ userId: t.senderId })
    .onConflictDoUpdate({ target: senderStats.userId, set: { userId: sql`excluded.user_id` } })
    .returning();
  const next = addSample({ count: BigInt(row!.count), mean: fromDecimal(row!.mean), m2: fromDecimal(row!.m2) }, t.amount);
  await tx
    .update(senderStats)
    .set({ count: Number(next.count), mean: toDecimal(next.mean), m2: toDecimal(next.m2), updatedAt: sql`now()` })
    .where(eq(senderStats.userId, t.senderId));
  return true;
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

