import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { canonicalJson, canonicalRow, chainHash, GENESIS_HASH, isoMillis, type HashedFields } from "./canonical.ts";

describe("canonical JSON", () => {
  test("sorts keys at every depth and writes no whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: "x" } })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  test("the same value gives the same text whatever order its keys were built in", () => {
    const one = { amount: 100, currency: "USD", ids: ["a", "b"] };
    const other = JSON.parse('{"ids":["a","b"],"currency":"USD","amount":100}');
    expect(canonicalJson(one)).toBe(canonicalJson(other));
  });

  test("orders keys by UTF-16 code units (upper case before lower, astral before U+FB00)", () => {
    expect(canonicalJson({ b: 0, a: 0, B: 0, "\u{1F600}": 0, "\uFB00": 0, é: 0 })).toBe('{"B":0,"a":0,"b":0,"é":0,"\u{1F600}":0,"\uFB00":0}');
  });

  test("numbers take their shortest round-trip form; -0 is 0", () => {
    expect(canonicalJson([1.0, 0.1, 1e21, 1e-7, -0, 123456789012345])).toBe("[1,0.1,1e+21,1e-7,0,123456789012345]");
  });

  test("strings are escaped as JSON.stringify does, lone surrogates included", () => {
    expect(canonicalJson('a"b\\c\n\u0001\uD800')).toBe('"a\\"b\\\\c\\n\\u0001\\ud800"');
  });

  test("undefined members are left out and undefined array items become null, as in JSON", () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  test.each([
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["a bigint", 1n],
    ["a Date", new Date(0)],
    ["a Map", new Map()],
    ["a function", () => 1],
  ])("refuses %s instead of guessing", (_what, value) => {
    expect(() => canonicalJson({ nested: [value] })).toThrow(TypeError);
  });

  test("refuses a value that is undefined as a whole", () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });

  test("the error says where the bad value is", () => {
    expect(() => canonicalJson({ a: { b: [0, Number.NaN] } })).toThrow("$.a.b[1]");
  });
});

const fields: HashedFields = {
  seq: 7,
  eventId: "01890a5d-ac96-774b-bcce-b302099a8057",
  type: "transaction.completed",
  producer: "transactions",
  actorId: "user-1",
  subjectUserIds: ["user-1", "user-2"],
  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
  occurredAt: new Date("2030-06-14T12:00:00.123Z"),
  recordedAt: new Date("2030-06-14T12:00:01Z"),
  payload: { transactionId: "t-1", amount: 1_000, currency: "USD" },
};

describe("canonical row", () => {
  test("is a versioned object with a fixed key set and millisecond UTC times", () => {
    expect(canonicalRow(fields)).toBe(
      '{"actorId":"user-1","eventId":"01890a5d-ac96-774b-bcce-b302099a8057","occurredAt":"2030-06-14T12:00:00.123Z",' +
        '"payload":{"amount":1000,"currency":"USD","transactionId":"t-1"},"producer":"transactions","recordedAt":"2030-06-14T12:00:01.000Z",' +
        '"seq":7,"subjectUserIds":["user-1","user-2"],"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","type":"transaction.completed","v":1}',
    );
  });

  test("null actor and trace id are written as null, not left out", () => {
    const row = canonicalRow({ ...fields, actorId: null, traceId: null });
    expect(row).toContain('"actorId":null');
    expect(row).toContain('"traceId":null');
  });

  test.each([
    ["seq", { seq: 8 }],
    ["event id", { eventId: "01890a5d-ac96-774b-bcce-b302099a8058" }],
    ["type", { type: "transaction.failed" }],
    ["producer", { producer: "wallet" }],
    ["actor", { actorId: "user-2" }],
    ["subject order", { subjectUserIds: ["user-2", "user-1"] }],
    ["trace id", { traceId: null }],
    ["occurred time", { occurredAt: new Date("2030-06-14T12:00:00.124Z") }],
    ["recorded time", { recordedAt: new Date("2030-06-14T12:00:01.001Z") }],
    ["payload", { payload: { transactionId: "t-1", amount: 1_001, currency: "USD" } }],
  ] as const)("changes when the %s changes", (_what, change) => {
    expect(canonicalRow({ ...fields, ...change })).not.toBe(canonicalRow(fields));
  });

  test("refuses a seq that is not a positive integer and an invalid date", () => {
    expect(() => canonicalRow({ ...fields, seq: 0 })).toThrow(TypeError);
    expect(() => canonicalRow({ ...fields, seq: 1.5 })).toThrow(TypeError);
    expect(() => isoMillis(new Date("nope"))).toThrow(TypeError);
  });
});

describe("chain hash", () => {
  test("is sha256 of the previous hash followed by the canonical row, in hex", () => {
    const canonical = canonicalRow(fields);
    const expected = createHash("sha256").update(`${GENESIS_HASH}${canonical}`).digest("hex");
    expect(chainHash(GENESIS_HASH, canonical)).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  test("depends on the previous hash", () => {
    const canonical = canonicalRow(fields);
    expect(chainHash(GENESIS_HASH, canonical)).not.toBe(chainHash("1".repeat(64), canonical));
  });

  test("refuses a previous hash that is not 64 lower-case hex characters", () => {
    expect(() => chainHash("ABC", "{}")).toThrow(TypeError);
    expect(() => chainHash("A".repeat(64), "{}")).toThrow(TypeError);
  });
});
