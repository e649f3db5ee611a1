import { describe, expect, test } from "bun:test";
import { BAR_LAYOUT, barChart, tickLabel } from "./bar-chart.ts";

const bar = (key: string, cents: number) => ({ key, label: key, cents, colour: "#3B82F6" });

describe("barChart", () => {
  test("no data, or only zero amounts, draws nothing (and no NaN anywhere)", () => {
    expect(barChart([])).toEqual({ height: 0, rows: [], ticks: [], tickLabelY: 0 });
    expect(barChart([bar("FOOD", 0), bar("OTHER", -5)])).toEqual({ height: 0, rows: [], ticks: [], tickLabelY: 0 });
  });

  test("the scale is rounded up to a plain amount and bars are proportional to it", () => {
    const chart = barChart([bar("FOOD", 41_237), bar("TRANSPORT", 20_000), bar("OTHER", 5_000)]);
    // $412.37 → a scale of $0–$600 in three steps (few labels, so they stay apart on a phone)
    expect(chart.ticks.map((t) => t.label)).toEqual(["$0", "$200", "$400", "$600"]);
    expect(chart.rows.map((r) => r.widthPercent)).toEqual([68.73, 33.33, 8.33]);
    expect(chart.rows.map((r) => r.amount)).toEqual(["$412.37", "$200.00", "$50.00"]);
  });

  test("a largest amount that is already round fills the whole width", () => {
    const chart = barChart([bar("FOOD", 40_000), bar("OTHER", 10_000)]);
    expect(chart.rows[0]!.widthPercent).toBe(100);
    expect(chart.rows[1]!.widthPercent).toBe(25);
    expect(chart.ticks.at(-1)).toEqual({ xPercent: 100, label: "$400", anchor: "end" });
  });

  test("a tiny amount next to a large one still shows a sliver; its label carries the exact value", () => {
    const chart = barChart([bar("FOOD", 1_000_000), bar("OTHER", 1)]);
    expect(chart.rows[1]!.widthPercent).toBe(BAR_LAYOUT.minBarPercent);
    expect(chart.rows[1]!.amount).toBe("$0.01");
  });

  test("every bar stays within 0–100 % of the width", () => {
    const amounts = [1, 7, 99, 100, 101, 12_345, 99_999_999_999, 100_000_000_000];
    const chart = barChart(amounts.map((c, i) => bar(String(i), c)));
    for (const row of chart.rows) {
      expect(row.widthPercent).toBeGreaterThan(0);
      expect(row.widthPercent).toBeLessThanOrEqual(100);
    }
  });

  test("rows stack without overlapping: each text line sits above its own bar, the scale below the last bar", () => {
    const chart = barChart([bar("A", 300), bar("B", 200), bar("C", 100)]);
    chart.rows.forEach((row, i) => {
      expect(row.textY).toBeLessThan(row.barY);
      expect(row.barY + row.barHeight).toBeLessThanOrEqual((i + 1) * BAR_LAYOUT.rowHeight);
      const next = chart.rows[i + 1];
      if (next) expect(next.textY - 14).toBeGreaterThan(row.barY + row.barHeight);
    });
    const last = chart.rows.at(-1)!;
    expect(chart.tickLabelY).toBeGreaterThan(last.barY + last.barHeight);
    expect(chart.height).toBeGreaterThanOrEqual(chart.tickLabelY);
  });

  test("the scale's outer labels hang inwards so they stay inside the chart", () => {
    const chart = barChart([bar("A", 30_000)]);
    expect(chart.ticks[0]).toMatchObject({ xPercent: 0, anchor: "start" });
    expect(chart.ticks.at(-1)).toMatchObject({ xPercent: 100, anchor: "end" });
    for (const t of chart.ticks.slice(1, -1)) expect(t.anchor).toBe("middle");
  });

  test("a scale of a few cents ticks in whole cents", () => {
    const chart = barChart([bar("A", 3)]);
    expect(chart.ticks.map((t) => t.label)).toEqual(["$0", "$0.01", "$0.02", "$0.03"]);
  });
});

test.each([
  [0, "$0"],
  [25_00, "$25"],
  [999_00, "$999"],
  [1_000_00, "$1K"],
  [1_500_00, "$1.5K"],
  [2_000_000_00, "$2M"],
  [50, "$0.50"],
])("tickLabel(%d) is %p", (cents, label) => {
  expect(tickLabel(cents)).toBe(label);
});
