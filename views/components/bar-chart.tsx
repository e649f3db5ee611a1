import type { FC } from "hono/jsx";

/** The geometry the server computed (services/web/domain/analytics/bar-chart.ts): x in percent, y in px. */
export interface BarChartGeometry {
  height: number;
  rows: { key: string; label: string; amount: string; colour: string; textY: number; barY: number; barHeight: number; widthPercent: number }[];
  ticks: { xPercent: number; label: string; anchor: "start" | "middle" | "end" }[];
  tickLabelY: number;
}

/**
 * A horizontal bar chart as SVG, drawn on the server. Each row names its category and amount in
 * text above its coloured bar, so colour is never the only signal; the whole chart is one image
 * whose name is `title` and whose description is `description` (every value in words), and
 * `describedBy` can point at a table or list that holds the same values.
 */
export const BarChart: FC<{ id: string; title: string; description: string; chart: BarChartGeometry; describedBy?: string }> = ({ id, title, description, chart, describedBy }) => {
  const inner = chart.ticks.filter((t) => t.xPercent > 0 && t.xPercent < 100);
  return (
    <svg
      class="bar-chart"
      width="100%"
      height={chart.height}
      role="img"
      aria-labelledby={`${id}-title`}
      aria-describedby={[`${id}-desc`, describedBy].filter(Boolean).join(" ")}
      focusable="false"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {chart.rows.map((row) => (
        <g>
          <text class="bar-chart-label" x="0" y={row.textY}>
            {row.label}
          </text>
          <text class="bar-chart-value" x="100%" y={row.textY} text-anchor="end">
            {row.amount}
          </text>
          <rect class="bar-chart-track" x="0" y={row.barY} width="100%" height={row.barHeight} rx="4" />
          {inner.map((t) => (
            <line class="bar-chart-grid" x1={`${t.xPercent}%`} x2={`${t.xPercent}%`} y1={row.barY} y2={row.barY + row.barHeight} />
          ))}
          <rect x="0" y={row.barY} width={`${row.widthPercent}%`} height={row.barHeight} rx="4" fill={row.colour} />
        </g>
      ))}
      {chart.ticks.map((t) => (
        <text class="bar-chart-tick" x={`${t.xPercent}%`} y={chart.tickLabelY} text-anchor={t.anchor}>
          {t.label}
        </text>
      ))}
    </svg>
  );
};
