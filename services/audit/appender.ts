import { sql } from "drizzle-orm";
import type { Transaction } from "../../shared/db/connect.ts";
import { asAuditWriter } from "./audit-role.ts";
import { auditLog } from "./db/schema.ts";
import { chainEntry, EMPTY_CHAIN, type ChainHead, type RecordedEvent } from "./domain/entry.ts";

/**
 * Key of the transaction-scoped advisory lock that serialises appends: one writer at a time per
 * database, so every row links to the row before it and the chain never forks, whichever stream
 * (and whichever replica) the event came from.
 */
const CHAIN_LOCK_KEY = 7_231_010;

interface OpenChain {
  head: ChainHead;
  /** One recorded time per transaction: the moment it took the lock. */
  recordedAt: Date;
}

export interface AuditAppender {
  /** Appends the event as the next row of the chain; an event already recorded adds nothing. */
  append(tx: Transaction, event: RecordedEvent): Promise<void>;
}

/**
 * Appends events inside the consumer's transaction. The runtime hands a whole batch of events to
 * the handlers in one transaction, so the lock and the head are taken once per transaction and the
 * head is then carried forward in memory (a rolled-back transaction takes its head with it).
 */
export function createAuditAppender(): AuditAppender {
  const open = new WeakMap<Transaction, OpenChain>();

  async function openChain(tx: Transaction): Promise<OpenChain> {
    await asAuditWriter(tx);
    await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`);
    // A statement of its own: under READ COMMITTED its snapshot is taken after the lock is granted,
    // so it sees the rows of the transaction that held the lock before.
    const [row] = (await tx.execute(sql`
      select h.seq::text as seq, h.hash,
             (extract(epoch from date_trunc('milliseconds', clock_timestamp())) * 1000)::bigint::text as now_ms
      from (select 1) as one
      left join lateral (select seq, hash from ${auditLog} order by seq desc limit 1) as h on true`)) as unknown as { seq: string | null; hash: string | null; now_ms: string }[];
    const head = row!.seq === null ? EMPTY_CHAIN : { seq: Number(row!.seq), hash: row!.hash! };
    const chain = { head, recordedAt: new Date(Number(row!.now_ms)) };
    open.set(tx, chain);
    return chain;
  }

  return {
    async append(tx, event) {
      const chain = open.get(tx) ?? (await openChain(tx));
      const entry = chainEntry(chain.head, event, chain.recordedAt);
      // The inbox already keeps redeliveries out; the unique event id is the database's own guarantee.
      const inserted = await tx.insert(auditLog).values({ ...entry, subjectUserIds: [...entry.subjectUserIds] }).onConflictDoNothing({ target: auditLog.eventId }).returning({ seq: auditLog.seq });
      if (inserted.length) chain.head = { seq: entry.seq, hash: entry.hash };
    },
  };
}
