import { describe, expect, test } from "bun:test";
import { balanceChart, compactDollars, PLOT, shortDate } from "./balance-chart.ts";

const days = (balances: number[]) => balances.map((balance, i) => ({ date: `2030-03-${String(i + 1).padStart(2, "0")}`, balance }));

describe("balance chart", () => {
  test("axis labels", () => {
    expect([0, 95_000, 120_000, 1_200_000, 150_000_000, -50_000].map(compactDollars)).toEqual(["$0", "$950", "$1.2k", "$12k", "$1.5M", "-$500"]);
    expect(shortDate("2030-03-05")).toBe("Mar 5");
  });

  test("geometry stays in the plotting box; ticks from zero up; five dates first to last", () => {
    const chart = balanceChart(days(Array.from({ length: 30 }, (_, i) => i * 1_000)));
    expect(chart.empty).toBe(false);
    expect(chart.linePath).toStartWith("M0,");
    expect(chart.areaPath).toContain(`${PLOT.width},`);
    for (const n of chart.linePath.match(/-?\d+(\.\d+)?/g)!.map(Number)) expect(n).toBeGreaterThanOrEqual(0);
    expect(chart.yTicks[0]).toEqual({ y: PLOT.height, label: "$0" });
    expect(chart.yTicks.at(-1)!.y).toBe(0);
    expect(chart.xLabels).toEqual(["Mar 1", "Mar 8", "Mar 16", "Mar 23", "Mar 30"]);
    expect(chart.rows[0]).toEqual({ date: "2030-03-30", label: "Mar 30", balance: "$290.00" });
  });

  test("the text alternative gives the values", () => {
    const chart = balanceChart(days([0, 5_000, 12_34, 2_000]));
    expect(chart.summary).toBe("Over the 4 days from Mar 1 to Mar 4, your balance rose from $0.00 to $20.00; highest $50.00 on Mar 2, lowest $0.00 on Mar 1.");
    expect(balanceChart(days([0, 0, 0])).empty).toBe(true);
    expect(balanceChart(days([0, 0])).summary).toBe("Your balance stayed at $0.00 over the 2 days from Mar 1 to Mar 2.");
    expect(balanceChart([]).summary).toBe("No balance history yet.");
  });

  test("a negative balance (a wallet in recovery) is drawn below zero", () => {
    const chart = balanceChart(days([1_000, -500, -500]));
    expect(chart.yTicks[0]!.label.startsWith("-$")).toBe(true);
    expect(chart.summary).toContain("fell from $10.00 to -$5.00");
  });
});
