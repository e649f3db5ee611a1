import { describe, expect, test } from "bun:test";
import { chooseMonth, monthChoices, monthLabel, monthNeighbours, shiftMonth } from "./month.ts";

const JUNE_15 = new Date("2030-06-15T12:00:00Z");

describe("chooseMonth", () => {
  test("no month, or an empty one, is this UTC month", () => {
    expect(chooseMonth(undefined, JUNE_15)).toEqual({ ok: true, month: "2030-06", current: "2030-06" });
    expect(chooseMonth("  ", JUNE_15)).toEqual({ ok: true, month: "2030-06", current: "2030-06" });
  });

  test("this month follows UTC, not the server's zone: 23:30 UTC on the 31st is still that month", () => {
    expect(chooseMonth(undefined, new Date("2030-05-31T23:30:00Z"))).toMatchObject({ month: "2030-05" });
    expect(chooseMonth(undefined, new Date("2030-06-01T00:00:00Z"))).toMatchObject({ month: "2030-06" });
  });

  test("a YYYY-MM month is taken as it is, past or future", () => {
    expect(chooseMonth("2029-12", JUNE_15)).toEqual({ ok: true, month: "2029-12", current: "2030-06" });
    expect(chooseMonth("2031-01", JUNE_15)).toMatchObject({ ok: true, month: "2031-01" });
  });

  test.each(["2030-13", "2030-00", "2030-6", "30-06", "2030/06", "June 2030", "2030-06-01", "1969-12", "0000-01", "２０３０-06"])("%p is refused with a sentence", (value) => {
    const r = chooseMonth(value, JUNE_15);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain("YYYY-MM");
  });
});

describe("shiftMonth", () => {
  test.each([
    ["2030-06", -1, "2030-05"],
    ["2030-01", -1, "2029-12"],
    ["2030-12", 1, "2031-01"],
    ["2030-06", -18, "2028-12"],
    ["2030-06", 0, "2030-06"],
    ["2030-03", 25, "2032-04"],
  ] as const)("%s by %d → %s", (month, by, expected) => {
    expect(shiftMonth(month, by)).toBe(expected);
  });

  test("refuses something that is not a month rather than inventing one", () => {
    expect(() => shiftMonth("2030-13", 1)).toThrow();
  });
});

test("monthLabel names the month in words, whatever the zone", () => {
  expect(monthLabel("2030-06")).toBe("June 2030");
  expect(monthLabel("2029-12")).toBe("December 2029");
  expect(monthLabel("2030-01")).toBe("January 2030");
});

describe("monthChoices", () => {
  test("the last months up to this one, newest first", () => {
    expect(monthChoices("2030-02", 4)).toEqual(["2030-02", "2030-01", "2029-12", "2029-11"]);
  });

  test("a month shown from the URL outside the list joins it in order", () => {
    expect(monthChoices("2030-02", 3, "2025-07")).toEqual(["2030-02", "2030-01", "2029-12", "2025-07"]);
    expect(monthChoices("2030-02", 2, "2030-05")).toEqual(["2030-05", "2030-02", "2030-01"]);
    expect(monthChoices("2030-02", 3, "2030-01")).toEqual(["2030-02", "2030-01", "2029-12"]);
  });

  test("never goes before the first month", () => {
    expect(monthChoices("1970-02", 12)).toEqual(["1970-02", "1970-01"]);
  });
});

describe("monthNeighbours", () => {
  test("a past month has both", () => {
    expect(monthNeighbours("2030-05", "2030-06")).toEqual({ previous: "2030-04", next: "2030-06" });
  });

  test("this month has no next: there is nothing to see in the future", () => {
    expect(monthNeighbours("2030-06", "2030-06")).toEqual({ previous: "2030-05", next: undefined });
  });

  test("a future month reached by URL offers only the way back", () => {
    expect(monthNeighbours("2031-02", "2030-06")).toEqual({ previous: "2031-01", next: undefined });
    expect(monthNeighbours("9999-12", "2030-06")).toEqual({ previous: "9999-11", next: undefined });
  });

  test("the first month has no previous", () => {
    expect(monthNeighbours("1970-01", "2030-06")).toEqual({ previous: undefined, next: "1970-02" });
  });
});
