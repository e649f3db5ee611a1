import { describe, expect, test } from "bun:test";
import { centsToInput, formatCents, MAX_CENTS, parseDollars } from "./money.ts";

describe("parseDollars", () => {
  test.each([
    ["12.34", 1234],
    ["12.3", 1230],
    ["12", 1200],
    ["0.29", 29],
    ["0.01", 1],
    ["$5", 500],
    ["1,200.50", 120050],
    [" 7.00 ", 700],
    ["1000000000", MAX_CENTS],
  ])("%p → %p cents", (text, cents) => {
    expect(parseDollars(text)).toEqual({ ok: true, cents });
  });

  test.each(["", "   ", "1.234", "1e3", "-5", "0", "0.00", "abc", "1.2.3", "12,34", ".5", "5.", "Infinity", "NaN", "1000000000.01", "99999999999"])("%p is refused with a message", (text) => {
    const r = parseDollars(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message.length).toBeGreaterThan(5);
  });

  test("no float rounding: every cent from 0.01 to 9.99 round-trips", () => {
    for (let cents = 1; cents < 1000; cents++) expect(parseDollars(centsToInput(cents))).toEqual({ ok: true, cents });
  });
});

test("formatCents", () => {
  expect(formatCents(123456)).toBe("$1,234.56");
  expect(formatCents(5)).toBe("$0.05");
  expect(formatCents(-500)).toBe("-$5.00");
});
