import { expect, test } from "bun:test";
import { limitGroups, tierLabel } from "./limits-view.ts";

test("each limit with what is used and left; the per-transaction cap has no usage", () => {
  const [send, deposit] = limitGroups({
    transfer: {
      available: 50_000,
      windows: [
        { window: "PER_TRANSACTION", limit: 50_000, used: 0, remaining: 50_000, resetsAt: null },
        { window: "DAILY", limit: 200_000, used: 45_000, remaining: 155_000, resetsAt: "2030-01-02T00:00:00.000Z" },
        { window: "MONTHLY", limit: 1_000_000, used: 45_000, remaining: 955_000, resetsAt: "2030-02-01T00:00:00.000Z" },
      ],
    },
    deposit: {
      available: 0,
      windows: [
        { window: "PER_TRANSACTION", limit: 50_000, used: 0, remaining: 50_000, resetsAt: null },
        { window: "DAILY", limit: 200_000, used: 200_000, remaining: 0, resetsAt: "2030-01-02T00:00:00.000Z" },
      ],
    },
  });
  expect(send!.summary).toBe("You can send up to $500.00 right now.");
  expect(send!.rows.map((r) => [r.label, r.limit, r.usage?.used, r.usage?.left])).toEqual([
    ["Per transaction", "$500.00", undefined, undefined],
    ["Today", "$2,000.00", "$450.00", "$1,550.00"],
    ["This month", "$10,000.00", "$450.00", "$9,550.00"],
  ]);
  expect(deposit!.summary).toBe("You can't deposit more until a limit resets.");
  expect(deposit!.rows[1]!.usage).toMatchObject({ full: true, left: "$0.00", resets: "Resets at midnight UTC" });
  expect(tierLabel("BASIC")).toBe("Basic");
});
