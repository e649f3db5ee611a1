import { eq, sql } from "drizzle-orm";
import type { Executor } from "../../shared/db/connect.ts";
import { contacts, countedTransfers, knownRecipients, senderStats, userCountries } from "./db/schema.ts";
import type { CountrySeen } from "./domain/usual-country.ts";
import { addSample, EMPTY_STATS, fromDecimal, toDecimal, type RunningStats } from "./domain/welford.ts";

/** What the rules know about a user's past: transfer statistics, known recipients, contacts, countries. */

export async function senderStatsOf(db: Executor, userId: string): Promise<RunningStats> {
  const [row] = await db.select().from(senderStats).where(eq(senderStats.userId, userId)).limit(1);
  return row ? { count: BigInt(row.count), mean: fromDecimal(row.mean), m2: fromDecimal(row.m2) } : EMPTY_STATS;
}

/** A contact of the sender, or someone the sender has completed a transfer to. */
export async function isKnownRecipient(db: Executor, userId: string, recipientId: string): Promise<boolean> {
  const [row] = await db.execute<{ known: boolean }>(sql`
    select exists (select 1 from ${contacts} where ${contacts.ownerId} = ${userId} and ${contacts.contactId} = ${recipientId} and ${contacts.active})
        or exists (select 1 from ${knownRecipients} where ${knownRecipients.userId} = ${userId} and ${knownRecipients.recipientId} = ${recipientId}) as known`);
  return row?.known === true;
}

export async function countriesOf(db: Executor, userId: string): Promise<CountrySeen[]> {
  return db
    .select({ country: userCountries.country, count: userCountries.count, firstSeenAt: userCountries.firstSeenAt })
    .from(userCountries)
    .where(eq(userCountries.userId, userId));
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
  const fresh = await tx
    .insert(countedTransfers)
    .values({ transactionId: t.transactionId, userId: t.senderId, amount: t.amount })
    .onConflictDoNothing()
    .returning({ id: countedTransfers.transactionId });
  if (fresh.length === 0) return false;

  await tx.insert(senderStats).values({ userId: t.senderId }).onConflictDoNothing();
  const [row] = await tx.select().from(senderStats).where(eq(senderStats.userId, t.senderId)).for("update");
  const next = addSample({ count: BigInt(row!.count), mean: fromDecimal(row!.mean), m2: fromDecimal(row!.m2) }, t.amount);
  await tx
    .update(senderStats)
    .set({ count: Number(next.count), mean: toDecimal(next.mean), m2: toDecimal(next.m2), updatedAt: sql`now()` })
    .where(eq(senderStats.userId, t.senderId));

  if (t.recipientId) {
    await tx
      .insert(knownRecipients)
      .values({ userId: t.senderId, recipientId: t.recipientId })
      .onConflictDoUpdate({ target: [knownRecipients.userId, knownRecipients.recipientId], set: { lastPaidAt: sql`now()` } });
  }
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

