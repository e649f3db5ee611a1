import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { addDays, dateTime, dayKey, dayLabel, groupByDay, parseDayKey, startOfDay, timeOfDay, zoneOrUtc } from "./days.ts";

const NY = "America/New_York";

describe("calendar days in the user's time zone", () => {
  test("the day an instant falls on depends on the zone", () => {
    const at = new Date("2026-03-04T03:30:00Z");
    expect(dayKey(at, "UTC")).toBe("2026-03-04");
    expect(dayKey(at, NY)).toBe("2026-03-03");
    expect(dayKey(at, "Pacific/Kiritimati")).toBe("2026-03-04");
    expect(dayKey(new Date("2026-03-03T10:30:00Z"), "Pacific/Kiritimati")).toBe("2026-03-04");
  });

  test("an unknown or missing zone is UTC", () => {
    expect(zoneOrUtc(undefined)).toBe("UTC");
    expect(zoneOrUtc("Mars/Olympus")).toBe("UTC");
    expect(zoneOrUtc(NY)).toBe(NY);
  });

  test("a day begins at local midnight, also on the days the clocks change", () => {
    expect(startOfDay("2026-03-03", NY).toISOString()).toBe("2026-03-03T05:00:00.000Z");
    expect(startOfDay("2026-03-08", NY).toISOString()).toBe("2026-03-08T05:00:00.000Z"); // clocks go forward at 02:00
    expect(startOfDay("2026-03-09", NY).toISOString()).toBe("2026-03-09T04:00:00.000Z");
    expect(startOfDay("2026-11-01", NY).toISOString()).toBe("2026-11-01T04:00:00.000Z"); // clocks go back at 02:00
    expect(startOfDay("2026-03-03", "UTC").toISOString()).toBe("2026-03-03T00:00:00.000Z");
    expect(startOfDay("2026-03-03", "Asia/Kolkata").toISOString()).toBe("2026-03-02T18:30:00.000Z");
    // Where midnight itself is skipped, the day begins at the first instant that exists (01:00).
    expect(startOfDay("2024-09-08", "America/Santiago").toISOString()).toBe("2024-09-08T04:00:00.000Z");
  });

  test("every instant lies between the start of its day and the start of the next", () => {
    const zones = ["UTC", NY, "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Kiritimati", "America/Santiago", "Pacific/Pago_Pago"];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.constantFrom(...zones), (ms, tz) => {
        const at = new Date(ms);
        const key = dayKey(at, tz);
        expect(startOfDay(key, tz).getTime()).toBeLessThanOrEqual(ms);
        expect(startOfDay(addDays(key, 1), tz).getTime()).toBeGreaterThan(ms);
        expect(dayKey(startOfDay(key, tz), tz)).toBe(key);
      }),
      { numRuns: 500 },
    );
  });

  test("only real calendar days parse", () => {
    expect(parseDayKey("2026-02-28")).toEqual([2026, 2, 28]);
    for (const bad of ["2026-02-30", "2026-13-01", "26-01-01", "2026-1-1", "", "2026-01-01T00:00", "1969-12-31"]) expect(parseDayKey(bad)).toBeNull();
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2025-12-31", 1)).toBe("2026-01-01");
  });
});

describe("grouping by day", () => {
  test("labels: Today, Yesterday, then the date", () => {
    expect(dayLabel("2026-03-03", "2026-03-03")).toBe("Today");
    expect(dayLabel("2026-03-02", "2026-03-03")).toBe("Yesterday");
    expect(dayLabel("2026-02-28", "2026-03-01")).toBe("Yesterday");
    expect(dayLabel("2026-03-01", "2026-03-03")).toBe("March 1, 2026");
  });

  test("newest-first items fall into runs of the same local day", () => {
    const now = new Date("2026-03-04T02:00:00Z"); // 21:00 on March 3 in New York
    const items = ["2026-03-04T01:00:00Z", "2026-03-03T14:00:00Z", "2026-03-03T04:59:59Z", "2026-03-01T12:00:00Z"].map((at, i) => ({ i, at: new Date(at) }));
    const inNy = groupByDay(items, (x) => x.at, now, NY);
    expect(inNy.map((g) => [g.label, g.items.map((x) => x.i)])).toEqual([
      ["Today", [0, 1]],
      ["Yesterday", [2]],
      ["March 1, 2026", [3]],
    ]);
    const inUtc = groupByDay(items, (x) => x.at, now, "UTC");
    expect(inUtc.map((g) => [g.label, g.items.map((x) => x.i)])).toEqual([
      ["Today", [0]],
      ["Yesterday", [1, 2]],
      ["March 1, 2026", [3]],
    ]);
    expect(groupByDay([], (x: { at: Date }) => x.at, now, NY)).toEqual([]);
  });

  test("times read in the zone", () => {
    const at = new Date("2026-03-03T20:04:00Z");
    expect(timeOfDay(at, NY)).toBe("3:04 PM");
    expect(dateTime(at, NY)).toBe("Mar 3, 2026, 3:04 PM");
  });
});
