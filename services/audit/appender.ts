import { sql } from "drizzle-orm";
import type { Transaction } from "../../shared/db/connect.ts";
import { asAuditWriter } from "./audit-role.ts";
import { auditLog } from "./db/schema.ts";
import type { HandlerHooks } from "../../shared/events/consumer.ts";
import { chainEntry, EMPTY_CHAIN, type ChainedEntry, type ChainHead, type RecordedEvent } from "./domain/entry.ts";

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
  /** Rows chained in memory, written together before the commit. */
  pending: ChainedEntry[];
}

export interface AuditAppender {
  /** Chains the event after the last row (written before the commit); an event already recorded adds nothing. */
  append(tx: Transaction, event: RecordedEvent, hooks: Pick<HandlerHooks, "beforeCommit">): Promise<void>;
}

/**
 * Appends events inside the consumer's transaction. The runtime hands a whole batch of events to
 * the handlers in one transaction, so the lock and the head are taken once per transaction, the
 * rows are chained in memory, and one statement writes them all (a rolled-back transaction takes
 * them with it).
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
    const chain = { head, recordedAt: new Date(Number(row!.now_ms)), pending: [] };
    open.set(tx, chain);
    return chain;
  }

  async function write(tx: Transaction, chain: OpenChain): Promise<void> {
    const rows = chain.pending;
    // The inbox already keeps redeliveries out; the unique event id is the database's own guarantee.
    const inserted = await tx
      .insert(auditLog)
      .values(rows.map((entry) => ({ ...entry, subjectUserIds: [...entry.subjectUserIds] })))
      .onConflictDoNothing({ target: auditLog.eventId })
      .returning({ seq: auditLog.seq });
    // A row left out would leave the next one linked to nothing: the batch rolls back and the
    // events are appended one by one, where a lone event that is already recorded simply adds nothing.
    if (inserted.length !== rows.length && rows.length > 1) throw new Error("An event of the batch is already in the audit log");
  }

  return {
    async append(tx, event, hooks) {
      let chain = open.get(tx);
      if (!chain) {
        const opened = await openChain(tx);
        hooks.beforeCommit(() => write(tx, opened));
        chain = opened;
      }
      const entry = chainEntry(chain.head, event, chain.recordedAt);
      chain.pending.push(entry);
      chain.head = { seq: entry.seq, hash: entry.hash };
    },
  };
}
