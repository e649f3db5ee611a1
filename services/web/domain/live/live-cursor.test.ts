import { expect, test } from "bun:test";
import { liveCursorAt, resumeFrom } from "./live-cursor.ts";

/** A UUIDv7 as the notifications service makes them: the time in the first 48 bits, then random bits. */
const v7At = (ms: number) => Bun.randomUUIDv7(undefined, ms);

test("the cursor orders before every id created at or after its moment, and after every earlier one", () => {
  const t = Date.parse("2025-03-04T10:20:30.456Z");
  const cursor = liveCursorAt(t);
  expect(cursor).toBe(`${t.toString(16).padStart(12, "0").slice(0, 8)}-${t.toString(16).padStart(12, "0").slice(8)}-7000-8000-000000000000`);
  for (let i = 0; i < 200; i++) {
    expect(v7At(t) > cursor).toBe(true);
    expect(v7At(t + 1 + i) > cursor).toBe(true);
    expect(v7At(t - 1 - i) < cursor).toBe(true);
  }
});

test("resume from the browser's Last-Event-ID first, else the page's cursor; anything else is ignored", () => {
  const id = Bun.randomUUIDv7();
  const cursor = liveCursorAt(Date.now());
  expect(resumeFrom(id, cursor)).toBe(id);
  expect(resumeFrom(` ${id.toUpperCase()} `, cursor)).toBe(id);
  expect(resumeFrom(undefined, cursor)).toBe(cursor);
  expect(resumeFrom("", cursor)).toBe(cursor);
  expect(resumeFrom("not-an-id", cursor)).toBe(cursor);
  expect(resumeFrom(undefined, "1; drop table")).toBeUndefined();
  expect(resumeFrom(undefined, undefined)).toBeUndefined();
});
