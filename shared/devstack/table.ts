import { bold } from "./process.ts";

/** ANSI colour codes. */
const ANSI = /\x1b\[[0-9;]*m/g;
const width = (text: string) => text.replace(ANSI, "").length;

/** A plain text table with a bold header row; cells may contain colour codes. */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ""))));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c + " ".repeat((widths[i] ?? 0) - width(c)))).join("   ");
  const rule = widths.map((w) => "─".repeat(w)).join("───");
  return [bold(line(header)), rule, ...rows.map(line)].join("\n");
}
