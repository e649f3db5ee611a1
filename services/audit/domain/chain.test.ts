import { describe, expect, test } from "bun:test";
import { GENESIS_HASH } from "./canonical.ts";
import { chainEntry, EMPTY_CHAIN, traceIdOf, type ChainHead, type ChainedEntry, type RecordedEvent } from "./entry.ts";
import { createChainVerifier } from "./verify.ts";

const event = (n: number, over: Partial<RecordedEvent> = {}): RecordedEvent => ({
  id: `01890a5d-ac96-774b-bcce-${String(n).padStart(12, "0")}`,
  type: "wallet.balance_changed",
  producer: "wallet",
  actorId: "user-1",
  subjectUserIds: ["user-1"],
  traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
  occurredAt: "2030-06-14T12:00:00.123Z",
  data: { n, delta: -100 },
  ...over,
});

const at = new Date("2030-06-14T12:00:05.000Z");

function chainOf(count: number): ChainedEntry[] {
  const rows: ChainedEntry[] = [];
  let head: ChainHead = EMPTY_CHAIN;
  for (let n = 1; n <= count; n++) {
    const row = chainEntry(head, event(n), at);
    rows.push(row);
    head = { seq: row.seq, hash: row.hash };
  }
  return rows;
}

function verify(rows: ChainedEntry[]) {
  const verifier = createChainVerifier();
  for (const row of rows) if (verifier.check(row)) break;
  return verifier;
}

describe("trace id from traceparent", () => {
  test.each([
    ["00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "4bf92f3577b34da6a3ce929d0e0e4736"],
    ["01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-later", "4bf92f3577b34da6a3ce929d0e0e4736"],
    [null, null],
    ["", null],
    ["garbage", null],
    ["00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", null],
    ["00-00000000000000000000000000000000-00f067aa0ba902b7-01", null],
    ["00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", null],
    ["ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", null],
    ["00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", null],
  ])("%p → %p", (traceparent, expected) => {
    expect(traceIdOf(traceparent)).toBe(expected);
  });
});

describe("appending", () => {
  test("the first row is seq 1 and links to the genesis hash; each next row links to the one before", () => {
    const [first, second] = chainOf(2);
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
    expect(second).toMatchObject({ seq: 2, prevHash: first!.hash });
    expect(second!.hash).not.toBe(first!.hash);
  });

  test("keeps the envelope's fields, the trace id, and the producer's time at millisecond precision", () => {
    const row = chainEntry(EMPTY_CHAIN, event(1, { id: "01890A5D-AC96-774B-BCCE-B302099A8057", occurredAt: "2030-06-14T14:00:00.123456+02:00" }), at);
    expect(row).toMatchObject({
      eventId: "01890a5d-ac96-774b-bcce-b302099a8057",
      type: "wallet.balance_changed",
      producer: "wallet",
      actorId: "user-1",
      subjectUserIds: ["user-1"],
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      recordedAt: at,
      payload: { n: 1, delta: -100 },
    });
    expect(row.occurredAt.toISOString()).toBe("2030-06-14T12:00:00.123Z");
  });

  test("the same event after the same head gives the same row (a retried batch writes what the first try would have)", () => {
    expect(chainEntry(EMPTY_CHAIN, event(1), at)).toEqual(chainEntry(EMPTY_CHAIN, event(1), at));
  });

  test("refuses an event whose time does not parse", () => {
    expect(() => chainEntry(EMPTY_CHAIN, event(1, { occurredAt: "yesterday" }), at)).toThrow(TypeError);
  });
});

describe("verifying", () => {
  test("an honest chain verifies to its last row", () => {
    const rows = chainOf(5);
    const verifier = verify(rows);
    expect(verifier.broken).toBeNull();
    expect(verifier.checked).toBe(5);
    expect(verifier.head).toEqual({ seq: 5, hash: rows[4]!.hash });
  });

  test("an empty chain verifies", () => {
    const verifier = verify([]);
    expect(verifier.broken).toBeNull();
    expect(verifier.head).toEqual(EMPTY_CHAIN);
  });

  test("an altered payload is reported at that row", () => {
    const rows = chainOf(5);
    rows[2] = { ...rows[2]!, payload: { n: 3, delta: -1 } };
    expect(verify(rows).broken).toMatchObject({ seq: 3, reason: "HASH_MISMATCH", eventId: rows[2]!.eventId });
  });

  test.each([
    ["actor", { actorId: "someone-else" }],
    ["recorded time", { recordedAt: new Date("2030-06-14T12:00:06Z") }],
    ["trace id", { traceId: null }],
    ["subjects", { subjectUserIds: [] }],
  ] as const)("an altered %s is reported", (_what, change) => {
    const rows = chainOf(3);
    rows[1] = { ...rows[1]!, ...change };
    expect(verify(rows).broken).toMatchObject({ seq: 2, reason: "HASH_MISMATCH" });
  });

  test("a row whose hash was recomputed after altering it breaks the link of the next row", () => {
    const rows = chainOf(4);
    const forged = chainEntry({ seq: 1, hash: rows[0]!.hash }, event(2, { data: { n: 2, delta: -1_000_000 } }), at);
    rows[1] = forged;
    expect(verify(rows).broken).toMatchObject({ seq: 3, reason: "LINK_BROKEN" });
  });

  test("a removed row is a gap at the row after it", () => {
    const rows = chainOf(4);
    rows.splice(1, 1);
    expect(verify(rows).broken).toMatchObject({ seq: 3, reason: "SEQUENCE_GAP" });
  });

  test("a chain missing its first rows is reported at its first row", () => {
    const rows = chainOf(3).slice(1);
    expect(verify(rows).broken).toMatchObject({ seq: 2, reason: "SEQUENCE_GAP" });
  });

  test("a payload the canonical form cannot hold is reported as unreadable, not thrown", () => {
    const rows = chainOf(2);
    rows[1] = { ...rows[1]!, payload: { n: Number.NaN } };
    expect(verify(rows).broken).toMatchObject({ seq: 2, reason: "UNREADABLE" });
  });

  test("checking stops at the first break", () => {
    const rows = chainOf(5);
    rows[1] = { ...rows[1]!, payload: {} };
    rows[3] = { ...rows[3]!, payload: {} };
    const verifier = verify(rows);
    expect(verifier.broken?.seq).toBe(2);
    expect(verifier.checked).toBe(1);
    expect(verifier.check(rows[4]!)?.seq).toBe(2);
  });
});
