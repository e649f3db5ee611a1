import { and, eq, isNull, sql } from "drizzle-orm";
import type { EventData } from "../../proto-like-schemas/events/index.ts";
import type { Transaction } from "../../shared/db/connect.ts";
import type { Envelope } from "../../shared/events/envelope.ts";
import { aggregateClauses, recomputeUserMonth } from "./aggregates.ts";
import type { BudgetAlerts } from "./alerts.ts";
import { reversals, spendEvents } from "./db/schema.ts";
import { categorise } from "./domain/classify.ts";
import { merchantKey, tidyMerchant } from "./domain/merchant.ts";
import { yearMonthOf } from "./domain/month.ts";

/** Money moving between two users; a top-up is the user's own money and is neither spent nor received. */
const TRANSFER_TYPES: ReadonlySet<string> = new Set(["TRANSFER", "SPLIT_PAYMENT", "REQUEST_PAYMENT"]);

export interface Ingest {
  /** The completed transfers of one consumer transaction, together: three statements for the batch. */
  completed(events: Envelope<EventData<"transaction.completed">>[], tx: Transaction): Promise<void>;
  reversed(event: Envelope<EventData<"transaction.reversed">>, tx: Transaction): Promise<void>;
}

/**
 * Turns completed transfers into spend events and aggregates, and takes reversed ones out again.
 * Runs in the consumer's inbox transaction, so a redelivered event is never seen twice; the
 * unique (transaction, user, direction) also makes a second event about one transfer a no-op.
 */
export function createIngest(alerts: BudgetAlerts): Ingest {
  return {
    async completed(events, tx) {
      const values = events.flatMap((event) => {
        const t = event.data;
        if (!TRANSFER_TYPES.has(t.type) || t.recipientId === null) return [];
        const occurredAt = new Date(t.completedAt);
        const { category, source } = categorise(t);
        const merchant = tidyMerchant(t.merchant);
        // A reversal that arrived first (events of different streams race) keeps the transfer out of every sum.
        const reversedAt = sql<Date | null>`(select ${reversals.reversedAt} from ${reversals} where ${reversals.transactionId} = ${t.transactionId})`;
        const sides = [
          { userId: t.senderId, direction: "SPEND" as const, counterpartyId: t.recipientId },
          { userId: t.recipientId, direction: "RECEIVE" as const, counterpartyId: t.senderId },
        ];
        return sides.map((side) => ({
          id: Bun.randomUUIDv7(),
          transactionId: t.transactionId,
          ...side,
          transactionType: t.type,
          amountCents: t.amount,
          category,
          categorySource: source,
          merchant,
          merchantKey: merchant === null ? null : merchantKey(merchant),
          description: t.description,
          occurredAt,
          yearMonth: yearMonthOf(occurredAt),
          eventId: event.id,
          reversedAt,
        }));
      });
      if (values.length === 0) return;
      // The spend events and what they add to the aggregates, in one statement.
      const inserted = tx.$with("inserted").as(tx.insert(spendEvents).values(values).onConflictDoNothing().returning());
      const rows = await tx
        .with(inserted, ...aggregateClauses("inserted"))
        .select()
        .from(inserted);
      const spent = rows.filter((r) => r.reversedAt === null && r.direction === "SPEND");
      if (spent.length === 0) return;
      // Only then the locks: they need only come before reading the budgets (see BudgetAlerts.serialise).
      await alerts.serialise(tx, spent);
      await alerts.check(tx, spent);
    },

    async reversed(event, tx) {
      const t = event.data;
      const reversedAt = new Date(event.occurredAt);
      await tx.insert(reversals).values({ transactionId: t.transactionId, reversedAt, eventId: event.id }).onConflictDoNothing();
      const undone = await tx
        .update(spendEvents)
        .set({ reversedAt })
        .where(and(eq(spendEvents.transactionId, t.transactionId), isNull(spendEvents.reversedAt)))
        .returning({ userId: spendEvents.userId, yearMonth: spendEvents.yearMonth });
      // Alerts already sent stay sent: the month's spend went down, it did not re-arm a threshold.
      const months = new Map(undone.map((r) => [`${r.userId}|${r.yearMonth}`, r]));
      for (const r of months.values()) await recomputeUserMonth(tx, r.userId, r.yearMonth);
    },
  };
}
