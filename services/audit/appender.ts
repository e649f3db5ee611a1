import { sql } from "drizzle-orm";
import type { Transaction } from "../../shared/db/connect.ts";
import { asAuditWriter } from "./audit-role.ts";
import { auditLog } from "./db/schema.ts";
import { chainEntry, EMPTY_CHAIN, type ChainedEntry, type ChainHead, type RecordedEvent } from "./domain/entry.ts";

/**
 * Key of the transaction-scoped advisory lock that serialises appends: one writer at a time per
 * database, so every row links to the row before it and the chain never forks, whichever stream
 * (and whichever replica) the event came from.
 */
const CHAIN_LOCK_KEY = 7_231_010;

export interface AuditAppender {
  /**
   * Appends the events as the next rows of the chain, in order, inside the caller's transaction;
   * events already recorded add nothing.
   */
  appendAll(tx: Transaction, events: RecordedEvent[]): Promise<void>;
}

/**
 * The runtime hands a whole batch of events to one transaction, so the lock and the head are taken
 * once for all of them, the rows are chained in memory and one statement writes them all (a
 * rolled-back transaction takes them with it).
 */
export function createAuditAppender(): AuditAppender {
  /** The last row, read under the lock, and the time the rows are recorded at: the moment it was taken. */
  async function openChain(tx: Transaction): Promise<{ head: ChainHead; recordedAt: Date }> {
    await asAuditWriter(tx);
    await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`);
    // A statement of its own: under READ COMMITTED its snapshot is taken after the lock is granted,
    // so it sees the rows of the transaction that held the lock before.
    const [row] = (await tx.execute(sql`
      select h.seq::text as seq, h.hash,
             (extract(epoch from date_trunc('milliseconds', clock_timestamp())) * 1000)::bigint::text as now_ms
      from (select 1) as one
      left join lateral (select seq, hash from ${auditLog} order by seq desc limit 1) as h on true`)) as unknown as { seq: string | null; hash: string | null; now_ms: string }[];
    return { head: row!.seq === null ? EMPTY_CHAIN : { seq: Number(row!.seq), hash: row!.hash! }, recordedAt: new Date(Number(row!.now_ms)) };
  }

  return {
    async appendAll(tx, events) {
      if (events.length === 0) return;
      const chain = await openChain(tx);
      const rows: ChainedEntry[] = [];
      for (const event of events) {
        const entry = chainEntry(chain.head, event, chain.recordedAt);
        rows.push(entry);
        chain.head = { seq: entry.seq, hash: entry.hash };
      }
      // The inbox already keeps redeliveries out; the unique event id is the database's own guarantee.
      const inserted = await tx
        .insert(auditLog)
        .values(rows.map((entry) => ({ ...entry, subjectUserIds: [...entry.subjectUserIds] })))
        .onConflictDoNothing({ target: auditLog.eventId })
        .returning({ seq: auditLog.seq });
      // A row left out would leave the next one linked to nothing: the batch rolls back and the
      // events are appended one by one, where a lone event that is already recorded simply adds nothing.
      if (inserted.length !== rows.length && rows.length > 1) throw new Error("An event of the batch is already in the audit log");
    },
  };
}
