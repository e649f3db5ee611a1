import { and, gte, isNotNull, isNull, ne, sql } from "drizzle-orm";
import type { Database } from "../../shared/db/connect.ts";
import { transactions } from "./db/schema.ts";
import { statusHistory } from "./domain/history.ts";
import type { TxnRow } from "./store.ts";
import { toTransaction } from "./view.ts";

/** What the admin service shows of transactions beyond the list: one in detail, and today's figures. */
export function createBackOffice(db: Database) {
  return {
    detail: (row: TxnRow) => ({ transaction: toTransaction(row), statusDetail: row.statusDetail, reversedBy: row.reversedBy, history: statusHistory(row) }),

    async stats(since: string) {
      const transfer = ne(transactions.type, "TOPUP");
      const completed = sql`${transactions.status} = 'COMPLETED'`;
      const [[made], [waiting]] = await Promise.all([
        db
          .select({
            transfers: sql<number>`count(*) filter (where ${transfer})`.mapWith(Number),
            completedTransfers: sql<number>`count(*) filter (where ${transfer} and ${completed})`.mapWith(Number),
            transferVolumeCents: sql<number>`coalesce(sum(${transactions.amount}) filter (where ${transfer} and ${completed}), 0)`.mapWith(Number),
            topups: sql<number>`count(*) filter (where ${transactions.type} = 'TOPUP' and ${completed})`.mapWith(Number),
            topupVolumeCents: sql<number>`coalesce(sum(${transactions.amount}) filter (where ${transactions.type} = 'TOPUP' and ${completed}), 0)`.mapWith(Number),
          })
          .from(transactions)
          .where(gte(transactions.createdAt, new Date(since))),
        db
          .select({
            heldForReview: sql<number>`count(*) filter (where ${and(sql`${transactions.status} = 'PENDING'`, isNotNull(transactions.heldAt))})`.mapWith(Number),
            unsettled: sql<number>`count(*) filter (where ${isNull(transactions.heldAt)})`.mapWith(Number),
          })
          .from(transactions)
          .where(sql`${transactions.status} in ('PENDING', 'PROCESSING')`),
      ]);
      return { since: new Date(since).toISOString(), ...made!, ...waiting! };
    },
  };
}
export type BackOffice = ReturnType<typeof createBackOffice>;
