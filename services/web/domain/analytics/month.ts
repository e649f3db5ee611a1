/**
 * Calendar months as the analytics pages name them: "YYYY-MM", UTC (analytics keeps its months in
 * UTC). All arithmetic is on the year and month numbers, never on dates, so no time zone or
 * daylight-saving change can move a month.
 */
import { utcMonth } from "./month-stats.ts";

const YEAR_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The earliest month the pages offer (nothing in Mint is older). */
export const FIRST_MONTH = "1970-01";

export type MonthChoice = { ok: true; month: string; current: string } | { ok: false; message: string };

/**
 * The month a page shows: `?month=YYYY-MM`, or this month when there is none. A month outside
 * FIRST_MONTH…9999-12 or in another shape is refused with a sentence saying what is expected.
 */
export function chooseMonth(value: string | undefined, now: Date): MonthChoice {
  const current = utcMonth(now);
  const text = (value ?? "").trim();
  if (text === "") return { ok: true, month: current, current };
  if (!YEAR_MONTH.test(text) || text < FIRST_MONTH) return { ok: false, message: "Choose a month written as YYYY-MM, for example 2030-06." };
  return { ok: true, month: text, current };
}

/** The month `by` months after `month` (before, when negative). */
export function shiftMonth(month: string, by: number): string {
  const [year, m] = parts(month);
  const index = year * 12 + (m - 1) + by;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

const LABEL = new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" });

/** "2030-06" → "June 2030". */
export function monthLabel(month: string): string {
  const [year, m] = parts(month);
  return LABEL.format(Date.UTC(year, m - 1, 1));
}

/** The month picker's choices: the `count` months up to `current`, newest first, with `shown` added in order when it is not among them. */
export function monthChoices(current: string, count: number, shown: string = current): string[] {
  const months: string[] = [];
  for (let i = 0; i < count; i++) {
    const month = shiftMonth(current, -i);
    if (month < FIRST_MONTH) break;
    months.push(month);
  }
  if (!months.includes(shown)) {
    months.push(shown);
    months.sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  }
  return months;
}

/** Where the previous/next links go: none before FIRST_MONTH, none past this month. */
export function monthNeighbours(month: string, current: string): { previous?: string; next?: string } {
  const previous = shiftMonth(month, -1);
  const next = shiftMonth(month, 1);
  return { previous: previous >= FIRST_MONTH ? previous : undefined, next: YEAR_MONTH.test(next) && next <= current ? next : undefined };
}

function parts(month: string): [number, number] {
  const match = YEAR_MONTH.exec(month);
  if (!match) throw new Error(`not a YYYY-MM month: ${month}`);
  return [Number(match[1]), Number(match[2])];
}
