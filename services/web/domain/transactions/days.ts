/**
 * Calendar days as the user lives them: in their own time zone (the browser tells it in the
 * mint_tz cookie; UTC until it has). A day is named by its key, "2026-03-03".
 */
import { isValidTimeZone } from "../page/greeting.ts";

/** The zone to use for `tz`: itself when the runtime knows it, else UTC. */
export const zoneOrUtc = (tz: string | undefined): string => (isValidTimeZone(tz) ? tz : "UTC");

// Building an Intl formatter costs far more than using one; a page formats dozens of times.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string, kind: "parts" | "time" | "dateTime"): Intl.DateTimeFormat {
  const key = `${kind}|${tz}`;
  let f = formatters.get(key);
  if (!f) {
    if (formatters.size > 500) formatters.clear();
    f =
      kind === "parts"
        ? new Intl.DateTimeFormat("en-US", { timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
        : kind === "time"
          ? new Intl.DateTimeFormat("en-US", { timeZone: tz, hour: "numeric", minute: "2-digit" })
          : new Intl.DateTimeFormat("en-US", { timeZone: tz, year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });
    formatters.set(key, f);
  }
  return f;
}

/** The wall-clock fields of `at` in `tz`. */
function wallClock(at: Date, tz: string) {
  const p: Record<string, number> = {};
  for (const part of formatter(tz, "parts").formatToParts(at)) if (part.type !== "literal") p[part.type] = Number(part.value);
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour! % 24, minute: p.minute!, second: p.second! };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const keyOf = (year: number, month: number, day: number) => `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

/** "2026-03-03": the calendar day `at` falls on in `tz`. */
export function dayKey(at: Date, tz: string): string {
  const w = wallClock(at, tz);
  return keyOf(w.year, w.month, w.day);
}

const DAY_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day's [year, month, day] when `key` names a real calendar day ("2026-02-30" does not). */
export function parseDayKey(key: string): [number, number, number] | null {
  const m = DAY_KEY.exec(key);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1970 || probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return null;
  return [y, mo, d];
}

/** The key of the day `days` after (or before, when negative) `key`. */
export function addDays(key: string, days: number): string {
  const [y, m, d] = parseDayKey(key) ?? [1970, 1, 1];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return keyOf(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** How far `tz`'s wall clock is ahead of UTC at `at`, in milliseconds. */
function offsetMs(at: Date, tz: string): number {
  const w = wallClock(at, tz);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant the day `key` begins in `tz` ("2026-03-03" in New York is 05:00Z). Where a change
 * of clocks skips midnight, the day begins at the first instant that exists.
 */
export function startOfDay(key: string, tz: string): Date {
  const [y, m, d] = parseDayKey(key) ?? [1970, 1, 1];
  const midnightUtc = Date.UTC(y, m - 1, d);
  let t = midnightUtc - offsetMs(new Date(midnightUtc), tz);
  // The offset at the day's start may differ from the one at UTC midnight (a change of clocks in between).
  t = midnightUtc - offsetMs(new Date(t), tz);
  if (dayKey(new Date(t), tz) < key) t += 3600_000;
  return new Date(t);
}

const longDate = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", year: "numeric", month: "long", day: "numeric" });

/** "Today", "Yesterday", or "March 3, 2026". */
export function dayLabel(key: string, todayKey: string): string {
  if (key === todayKey) return "Today";
  if (key === addDays(todayKey, -1)) return "Yesterday";
  const [y, m, d] = parseDayKey(key) ?? [1970, 1, 1];
  return longDate.format(new Date(Date.UTC(y, m - 1, d)));
}

export interface DayGroup<T> {
  key: string;
  label: string;
  items: T[];
}

/**
 * Items (newest first) in runs of the same calendar day in `tz`, each run labelled for a person
 * reading it at `now`.
 */
export function groupByDay<T>(items: readonly T[], at: (item: T) => Date, now: Date, tz: string): DayGroup<T>[] {
  const today = dayKey(now, tz);
  const groups: DayGroup<T>[] = [];
  for (const item of items) {
    const key = dayKey(at(item), tz);
    const last = groups.at(-1);
    if (last && last.key === key) last.items.push(item);
    else groups.push({ key, label: dayLabel(key, today), items: [item] });
  }
  return groups;
}

/** "3:04 PM" in `tz`. */
export const timeOfDay = (at: Date, tz: string): string => formatter(tz, "time").format(at);

/** "Mar 3, 2026, 3:04 PM" in `tz`. */
export const dateTime = (at: Date, tz: string): string => formatter(tz, "dateTime").format(at);
