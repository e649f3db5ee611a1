import { expect, test } from "bun:test";
import { decodeCursor, encodeCursor } from "./cursor.ts";

const position = { createdAt: "2026-03-02T10:11:12.123456Z", id: "0190a3c4-0000-7000-8000-000000000001" };

test("a cursor round-trips with microseconds and is URL-safe", () => {
  const cursor = encodeCursor(position);
  expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  expect(decodeCursor(cursor)).toEqual(position);
});

test.each([
  ["empty", ""],
  ["not base64url", "abc+/="],
  ["not JSON", Buffer.from("nope").toString("base64url")],
  ["wrong shape", Buffer.from(JSON.stringify({ a: 1 })).toString("base64url")],
  ["bad time", Buffer.from(JSON.stringify(["yesterday", position.id])).toString("base64url")],
  ["bad id", Buffer.from(JSON.stringify([position.createdAt, "1; drop table"])).toString("base64url")],
  ["too long", "a".repeat(201)],
])("%s is not a cursor", (_, text) => {
  expect(decodeCursor(text)).toBeNull();
});
