import { sql } from "drizzle-orm";
import type { Executor } from "../../shared/db/connect.ts";
import { transactions } from "./db/schema.ts";

export interface CompletedCounts {
  /** Top-ups that completed. */
  deposits: number;
  /** Transfers of any kind (requests and split shares included) the user sent that completed. */
  sent: number;
  /** Transfers to the user that completed. */
  received: number;
}

const t = transactions;

/**
 * How many of the user's deposits, sent and received transfers completed (a reversed one no longer
 * counts). Counted in the database over the sender and recipient indexes: a page never loads rows
 * to count them.
 */
export async function completedCounts(db: Executor, userId: string): Promise<CompletedCounts> {
  const [row] = await db.execute<{ deposits: string; sent: string; received: string }>(sql`
    select
      (select count(*) from ${t} where ${t.senderId} = ${userId} and ${t.status} = 'COMPLETED' and ${t.type} = 'TOPUP') as deposits,
      (select count(*) from ${t} where ${t.senderId} = ${userId} and ${t.status} = 'COMPLETED' and ${t.type} <> 'TOPUP') as sent,
      (select count(*) from ${t} where ${t.recipientId} = ${userId} and ${t.status} = 'COMPLETED') as received`);
  return { deposits: Number(row?.deposits ?? 0), sent: Number(row?.sent ?? 0), received: Number(row?.received ?? 0) };
}
