import { expect, test } from "bun:test";
import { averageCents, utcMonth } from "./month-stats.ts";

test("the UTC month, not the local one", () => {
  expect(utcMonth(new Date("2030-01-31T23:30:00-05:00"))).toBe("2030-02");
  expect(utcMonth(new Date("2030-12-01T00:00:00Z"))).toBe("2030-12");
});

test.each([
  [0, 0, 0],
  [1000, 0, 0],
  [1000, 3, 333],
  [1001, 2, 501],
  [1003, 2, 502],
  [5, 2, 3],
  [100_000_000_000 * 50, 50, 100_000_000_000],
])("average of %p cents over %p payments is %p cents, rounded half up in integers", (total, count, avg) => {
  expect(averageCents(total, count)).toBe(avg);
});
