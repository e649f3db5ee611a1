import { scaleLinear } from "d3-scale";
import { formatCents } from "../money/money.ts";

/**
 * The geometry of a horizontal bar chart of amounts, drawn as SVG by the server. Each row is a line
 * of text (the name at the left edge, the amount at the right edge) above its bar, so the labels
 * never collide with the bars or each other at any width. Horizontal positions are percentages of
 * the chart's width, so the SVG fills its card on a phone or a desktop with its text at its real
 * size (no viewBox scaling that would shrink the words on a 390 px screen); vertical positions are
 * pixels.
 */

export interface BarInput {
  key: string;
  label: string;
  /** Integer cents; rows with nothing (0 or less) are left out. */
  cents: number;
  colour: string;
}

export interface BarRow {
  key: string;
  label: string;
  /** The amount as the row's label shows it, e.g. "$120.00". */
  amount: string;
  colour: string;
  /** Baseline of the row's text line, px from the top. */
  textY: number;
  /** Top of the bar and its track, px. */
  barY: number;
  barHeight: number;
  /** The bar's length, in percent of the chart's width (0–100). */
  widthPercent: number;
}

export interface BarTick {
  /** Position in percent of the chart's width. */
  xPercent: number;
  label: string;
  /** Where the label hangs from its position, so the outer labels stay inside the chart. */
  anchor: "start" | "middle" | "end";
}

export interface BarChart {
  /** Total height in px (0 when there is nothing to draw). */
  height: number;
  rows: BarRow[];
  ticks: BarTick[];
  /** Baseline of the tick labels, px. */
  tickLabelY: number;
}

export const BAR_LAYOUT = {
  /** From one row's top to the next row's top. */
  rowHeight: 48,
  /** The text line's baseline below the row's top (13–14 px text). */
  textBaseline: 15,
  /** The bar's top below the row's top. */
  barOffset: 23,
  barHeight: 14,
  /** Room under the last row for the scale's labels. */
  axisHeight: 22,
  /** About this many steps on the scale (few, so the labels stay apart on a phone). */
  tickCount: 3,
  /** A bar for a non-zero amount is never thinner than this (percent), so small amounts stay visible; the label tells the exact value. */
  minBarPercent: 1,
} as const;

export function barChart(items: readonly BarInput[], layout: typeof BAR_LAYOUT = BAR_LAYOUT): BarChart {
  const shown = items.filter((i) => Number.isSafeInteger(i.cents) && i.cents > 0);
  if (shown.length === 0) return { height: 0, rows: [], ticks: [], tickLabelY: 0 };

  const max = Math.max(...shown.map((i) => i.cents));
  // A round scale (0–$500 rather than 0–$412.37) so the ticks read as plain amounts.
  const x = scaleLinear().domain([0, max]).nice(layout.tickCount).range([0, 100]);

  const rows = shown.map((item, i): BarRow => {
    const top = i * layout.rowHeight;
    const width = Math.min(100, Math.max(layout.minBarPercent, x(item.cents)));
    return {
      key: item.key,
      label: item.label,
      amount: formatCents(item.cents),
      colour: item.colour,
      textY: top + layout.textBaseline,
      barY: top + layout.barOffset,
      barHeight: layout.barHeight,
      widthPercent: round2(width),
    };
  });

  // Whole cents only: a scale up to a few cents would otherwise have fractions of a cent.
  const ticks = x.ticks(layout.tickCount).filter(Number.isInteger).map((value): BarTick => {
    const xPercent = round2(x(value));
    return { xPercent, label: tickLabel(value), anchor: xPercent <= 0 ? "start" : xPercent >= 100 ? "end" : "middle" };
  });

  const barsBottom = (shown.length - 1) * layout.rowHeight + layout.barOffset + layout.barHeight;
  return { height: barsBottom + layout.axisHeight, rows, ticks, tickLabelY: barsBottom + layout.axisHeight - 4 };
}

const compactUsd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", notation: "compact", maximumFractionDigits: 1 });

/** A scale label: "$0", "$250", "$1.5K", "$2M"; cents only when the scale is below a dollar. */
export function tickLabel(cents: number): string {
  if (!Number.isInteger(cents) || cents % 100 !== 0) return formatCents(Math.round(cents));
  const dollars = cents / 100;
  return dollars >= 1000 ? compactUsd.format(dollars) : `$${dollars}`;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
