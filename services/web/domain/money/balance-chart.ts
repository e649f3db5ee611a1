import { scaleLinear } from "d3-scale";
import { area, curveMonotoneX, line } from "d3-shape";
import { formatCents } from "./money.ts";

/**
 * The balance-history chart's geometry, computed on the server: an SVG path for the line and the
 * area under it in a fixed plotting box, the value ticks, the date labels, and a sentence that
 * says what the chart shows for people who cannot see it.
 */

export interface DayBalance {
  /** UTC date, YYYY-MM-DD. */
  date: string;
  /** Closing balance of the day, in cents (negative only for a wallet in recovery). */
  balance: number;
}

/** The plotting box (SVG user units); the SVG stretches it to the card's width. */
export const PLOT = { width: 600, height: 200 } as const;

export interface BalanceChart {
  linePath: string;
  areaPath: string;
  /** Value ticks from the bottom up, each with its height in the plot and its label ("$1.2k"). */
  yTicks: { y: number; label: string }[];
  /** A few dates along the bottom, first to last. */
  xLabels: string[];
  /** True when the balance never moved from zero: there is nothing to draw yet. */
  empty: boolean;
  summary: string;
  /** Each day as the data table shows it, newest first. */
  rows: { date: string; label: string; balance: string }[];
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2030-03-05" → "Mar 5". */
export function shortDate(date: string): string {
  const [, m, d] = date.split("-").map(Number);
  return m && d ? `${MONTHS[m - 1]} ${d}` : date;
}

/** Axis labels: "$0", "$950", "$1.2k", "$12k", "$1.5M" (cents in, whole dollars shown). */
export function compactDollars(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const dollars = Math.abs(cents) / 100;
  const fixed = (v: number) => (v >= 10 ? String(Math.round(v)) : String(Math.round(v * 10) / 10).replace(/\.0$/, ""));
  if (dollars >= 1_000_000) return `${sign}$${fixed(dollars / 1_000_000)}M`;
  if (dollars >= 1_000) return `${sign}$${fixed(dollars / 1_000)}k`;
  return `${sign}$${Math.round(dollars)}`;
}

/** Picks `count` evenly spread items, always the first and the last. */
function spread<T>(items: T[], count: number): T[] {
  if (items.length <= count) return items;
  return Array.from({ length: count }, (_, i) => items[Math.round((i * (items.length - 1)) / (count - 1))]!);
}

export function balanceChart(days: DayBalance[]): BalanceChart {
  const n = days.length;
  const balances = days.map((d) => d.balance);
  const low = Math.min(0, ...balances);
  const high = Math.max(0, ...balances);
  const empty = n === 0 || (low === 0 && high === 0);

  // Money stays integer cents; the scale only places it on the screen.
  const y = scaleLinear()
    .domain([low, high === low ? low + 10_000 : high])
    .nice(4)
    .range([PLOT.height, 0]);
  const x = scaleLinear()
    .domain([0, Math.max(1, n - 1)])
    .range([0, PLOT.width]);
  const px = (_: DayBalance, i: number) => x(i);
  const py = (d: DayBalance) => y(d.balance);
  const linePath = n === 0 ? "" : (line<DayBalance>().x(px).y(py).curve(curveMonotoneX)(days) ?? "");
  const areaPath =
    n === 0
      ? ""
      : (area<DayBalance>()
          .x(px)
          .y0(y(Math.max(low, Math.min(0, high))))
          .y1(py)
          .curve(curveMonotoneX)(days) ?? "");
  const yTicks = y.ticks(4).map((v) => ({ y: y(v), label: compactDollars(v) }));
  const xLabels = spread(days, 5).map((d) => shortDate(d.date));

  return { linePath, areaPath, yTicks, xLabels, empty, summary: describe(days, empty), rows: [...days].reverse().map((d) => ({ date: d.date, label: shortDate(d.date), balance: formatCents(d.balance) })) };
}

/** One sentence with the values that matter: where the balance started, ended, peaked and bottomed. */
function describe(days: DayBalance[], empty: boolean): string {
  if (days.length === 0) return "No balance history yet.";
  const first = days[0]!;
  const last = days.at(-1)!;
  const span = `the ${days.length} days from ${shortDate(first.date)} to ${shortDate(last.date)}`;
  if (empty) return `Your balance stayed at ${formatCents(0)} over ${span}.`;
  let hi = first;
  let lo = first;
  for (const d of days) {
    if (d.balance > hi.balance) hi = d;
    if (d.balance < lo.balance) lo = d;
  }
  const trend = last.balance > first.balance ? "rose" : last.balance < first.balance ? "fell" : "ended where it started";
  const move = trend === "ended where it started" ? `${trend}, at ${formatCents(last.balance)}` : `${trend} from ${formatCents(first.balance)} to ${formatCents(last.balance)}`;
  return `Over ${span}, your balance ${move}; highest ${formatCents(hi.balance)} on ${shortDate(hi.date)}, lowest ${formatCents(lo.balance)} on ${shortDate(lo.date)}.`;
}
