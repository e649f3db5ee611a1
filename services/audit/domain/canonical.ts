import { createHash } from "node:crypto";

/**
 * The exact bytes an audit row is hashed as. Changing anything here changes every hash, so the
 * format carries a version (`v`) and must only ever be extended by a new version.
 *
 * Canonical JSON (the rules of RFC 8785 for the values JSON can hold):
 * - object keys sorted by UTF-16 code units, no whitespace, members whose value is undefined left out;
 * - strings and numbers written as ECMAScript's JSON.stringify writes them (shortest round-trip
 *   number, lone surrogates escaped), so the same value always gives the same text;
 * - anything JSON cannot hold (NaN, Infinity, bigint, functions, class instances) is refused
 *   rather than silently turned into something else.
 */
export function canonicalJson(value: unknown): string {
  return write(value, "$");
}

function write(value: unknown, path: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} has no JSON form`);
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) return `[${value.map((item, i) => (item === undefined ? "null" : write(item, `${path}[${i}]`))).join(",")}]`;
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw new TypeError(`${path}: ${proto?.constructor?.name ?? "object"} is not plain JSON`);
      const record = value as Record<string, unknown>;
      const members = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${write(record[key], `${path}.${key}`)}`);
      return `{${members.join(",")}}`;
    }
    default:
      throw new TypeError(`${path}: ${typeof value} has no JSON form`);
  }
}

/** The fields of a row that its hash covers (everything but the hashes themselves). */
export interface HashedFields {
  seq: number;
  eventId: string;
  type: string;
  producer: string;
  actorId: string | null;
  subjectUserIds: readonly string[];
  traceId: string | null;
  occurredAt: Date;
  recordedAt: Date;
  payload: unknown;
}

export const CANONICAL_ROW_VERSION = 1;

/** Times are UTC with exactly three fractional digits: the precision of the stored columns. */
export function isoMillis(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new TypeError("invalid date");
  return at.toISOString();
}

/** The canonical row: one JSON object with a fixed set of keys, in canonical JSON. */
export function canonicalRow(row: HashedFields): string {
  if (!Number.isSafeInteger(row.seq) || row.seq < 1) throw new TypeError(`seq must be a positive integer, got ${row.seq}`);
  return canonicalJson({
    v: CANONICAL_ROW_VERSION,
    seq: row.seq,
    eventId: row.eventId,
    type: row.type,
    producer: row.producer,
    actorId: row.actorId,
    subjectUserIds: [...row.subjectUserIds],
    traceId: row.traceId,
    occurredAt: isoMillis(row.occurredAt),
    recordedAt: isoMillis(row.recordedAt),
    payload: row.payload,
  });
}

/** The previous hash of the first row. */
export const GENESIS_HASH = "0".repeat(64);

const HEX_64 = /^[0-9a-f]{64}$/;

/**
 * hash = sha256(prev_hash ‖ canonical row), hex. prev_hash is always 64 hex characters, so the
 * concatenation cannot be read two ways.
 */
export function chainHash(prevHash: string, canonical: string): string {
  if (!HEX_64.test(prevHash)) throw new TypeError("prevHash must be 64 lower-case hex characters");
  return createHash("sha256").update(prevHash + canonical, "utf8").digest("hex");
}
