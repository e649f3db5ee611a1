import { canonicalRow, chainHash, type HashedFields } from "./canonical.ts";
import { EMPTY_CHAIN, type ChainHead } from "./entry.ts";

export interface StoredEntry extends HashedFields {
  prevHash: string;
  hash: string;
}

export type BreakReason = "SEQUENCE_GAP" | "LINK_BROKEN" | "HASH_MISMATCH" | "UNREADABLE";

export interface ChainBreak {
  seq: number;
  eventId: string;
  reason: BreakReason;
  detail: string;
}

/**
 * Walks the chain in seq order, one row at a time (so a caller can stream pages of any size), and
 * stops at the first row that is not what an honest append would have written:
 * - SEQUENCE_GAP: seq is not the previous seq + 1, so rows were removed (or inserted by hand);
 * - LINK_BROKEN: prev_hash is not the previous row's hash, so that row's hash was rewritten or the
 *   row before this one was replaced;
 * - HASH_MISMATCH: the row's content no longer gives its hash, so the row was altered;
 * - UNREADABLE: the row holds something the canonical form cannot express.
 */
export function createChainVerifier(start: ChainHead = EMPTY_CHAIN) {
  let head: ChainHead = start;
  let checked = 0;
  let broken: ChainBreak | null = null;

  function check(row: StoredEntry): ChainBreak | null {
    if (broken) return broken;
    const at = (reason: BreakReason, detail: string) => (broken = { seq: row.seq, eventId: row.eventId, reason, detail });
    if (row.seq !== head.seq + 1) {
      return at("SEQUENCE_GAP", head.seq === 0 ? `the chain starts at seq ${row.seq}, not 1: earlier rows are missing` : `seq ${row.seq} follows seq ${head.seq}: rows between them are missing`);
    }
    if (row.prevHash !== head.hash) {
      return at("LINK_BROKEN", head.seq === 0 ? "the first row does not link to the genesis hash" : `prev_hash does not match the hash of row ${head.seq}: that row's hash was rewritten`);
    }
    let expected: string;
    try {
      expected = chainHash(row.prevHash, canonicalRow(row));
    } catch (err) {
      return at("UNREADABLE", `the row cannot be put in canonical form: ${(err as Error).message}`);
    }
    if (expected !== row.hash) return at("HASH_MISMATCH", "the row's content does not match its hash: the row was altered");
    head = { seq: row.seq, hash: row.hash };
    checked++;
    return null;
  }

  return {
    check,
    /** Rows found intact so far. */
    get checked() {
      return checked;
    },
    /** The last intact row (EMPTY_CHAIN before any). */
    get head() {
      return head;
    },
    get broken() {
      return broken;
    },
  };
}
export type ChainVerifier = ReturnType<typeof createChainVerifier>;
