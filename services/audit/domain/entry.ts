import { canonicalRow, chainHash, GENESIS_HASH, type HashedFields } from "./canonical.ts";

/** The last row of the chain, as an append needs it. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** An empty log: the first row gets seq 1 and links to the genesis hash. */
export const EMPTY_CHAIN: ChainHead = { seq: 0, hash: GENESIS_HASH };

/** What audit keeps of an event envelope. */
export interface RecordedEvent {
  id: string;
  type: string;
  producer: string;
  actorId: string | null;
  subjectUserIds: readonly string[];
  traceparent: string | null;
  occurredAt: string;
  data: unknown;
}

export interface ChainedEntry extends HashedFields {
  prevHash: string;
  hash: string;
}

// W3C Trace Context, version 00 (later versions start with the same fields): version-traceid-parentid-flags.
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE = "0".repeat(32);

/** The trace id of a traceparent header value, or null when there is none or it is not valid. */
export function traceIdOf(traceparent: string | null | undefined): string | null {
  const match = traceparent ? TRACEPARENT.exec(traceparent.trim()) : null;
  if (!match) return null;
  const [, version, traceId, parentId] = match;
  if (version === "ff" || (version === "00" && match[5] !== undefined)) return null;
  if (traceId === ZERO_TRACE || parentId === "0".repeat(16)) return null;
  return traceId!;
}

/** The producer's time, cut to the millisecond the log stores; a time that does not parse is refused. */
export function occurredAtOf(iso: string): Date {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw new TypeError(`occurredAt "${iso}" is not a time`);
  return at;
}

/** The row that follows `head` for this event: next seq, linked to head's hash, hashed. */
export function chainEntry(head: ChainHead, event: RecordedEvent, recordedAt: Date): ChainedEntry {
  const fields: HashedFields = {
    seq: head.seq + 1,
    eventId: event.id.toLowerCase(),
    type: event.type,
    producer: event.producer,
    actorId: event.actorId,
    subjectUserIds: [...event.subjectUserIds],
    traceId: traceIdOf(event.traceparent),
    occurredAt: occurredAtOf(event.occurredAt),
    recordedAt,
    payload: event.data ?? null,
  };
  return { ...fields, prevHash: head.hash, hash: chainHash(head.hash, canonicalRow(fields)) };
}
