/**
 * The transaction list's filters as they live in the page's URL (so a filtered view can be
 * shared, bookmarked and reached with Back), checked here so a bad value gets a message next to
 * its field, and turned into the query the transactions API applies.
 */
import { TRANSACTION_STATUSES, TRANSACTION_TYPES } from "../../../../proto-like-schemas/transactions.ts";
import { addDays, parseDayKey, startOfDay } from "./days.ts";
import { parseDollars } from "../money/money.ts";

/** The URL's filter parameters, in the order a canonical URL lists them. */
export const FILTER_KEYS = ["q", "type", "status", "direction", "from", "to", "min", "max"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type FilterValues = Partial<Record<FilterKey, string>>;

export type TransactionType = (typeof TRANSACTION_TYPES)[number];
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];
export const DIRECTIONS = ["sent", "received"] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** What the transactions API is asked for (its own parameter names). */
export interface ApiFilters {
  q?: string;
  type?: TransactionType;
  status?: TransactionStatus;
  direction?: Direction;
  from?: string;
  to?: string;
  minAmount?: number;
  maxAmount?: number;
}

export interface ParsedFilters {
  /** The values as the user gave them (trimmed), for the form and for links. */
  values: FilterValues;
  /** Set only when every value is valid. */
  api: ApiFilters | null;
  errors: Partial<Record<FilterKey, string>>;
  /** Whether any filter is set (the page offers "Clear"). */
  active: boolean;
}

/** The longest search text the API takes. */
export const MAX_SEARCH = 100;

const oneOf = <T extends string>(list: readonly T[], v: string): v is T => (list as readonly string[]).includes(v);

/**
 * Reads the filters from the URL's query. Dates are calendar days in the user's zone `tz`: "from"
 * is from the start of that day, "to" up to and including its end. Amounts are dollars typed as
 * text (parseDollars), never floats.
 */
export function parseFilters(query: URLSearchParams, tz: string): ParsedFilters {
  const values: FilterValues = {};
  for (const key of FILTER_KEYS) {
    const v = query.get(key)?.trim();
    if (v) values[key] = v;
  }
  if (values.direction === "all") delete values.direction;

  const errors: ParsedFilters["errors"] = {};
  const api: ApiFilters = {};
  if (values.q !== undefined) {
    if (values.q.length > MAX_SEARCH) errors.q = `Search for at most ${MAX_SEARCH} characters.`;
    else api.q = values.q;
  }
  if (values.type !== undefined) {
    if (oneOf(TRANSACTION_TYPES, values.type)) api.type = values.type;
    else errors.type = "Choose a type from the list.";
  }
  if (values.status !== undefined) {
    if (oneOf(TRANSACTION_STATUSES, values.status)) api.status = values.status;
    else errors.status = "Choose a status from the list.";
  }
  if (values.direction !== undefined) {
    if (oneOf(DIRECTIONS, values.direction)) api.direction = values.direction;
    else errors.direction = "Choose sent or received.";
  }
  const from = values.from === undefined ? undefined : parseDayKey(values.from) ? values.from : null;
  const to = values.to === undefined ? undefined : parseDayKey(values.to) ? values.to : null;
  if (from === null) errors.from = "Enter a date like 2026-03-31.";
  if (to === null) errors.to = "Enter a date like 2026-03-31.";
  if (from && to && from > to) errors.to = "The end date must be on or after the start date.";
  if (from && !errors.from) api.from = startOfDay(from, tz).toISOString();
  // Up to and including the last millisecond of the day (the API's "to" is inclusive).
  if (to && !errors.to) api.to = new Date(startOfDay(addDays(to, 1), tz).getTime() - 1).toISOString();

  const amount = (key: "min" | "max") => {
    const text = values[key];
    if (text === undefined) return undefined;
    const parsed = parseDollars(text);
    if (!parsed.ok) {
      errors[key] = parsed.message;
      return undefined;
    }
    return parsed.cents;
  };
  const min = amount("min");
  const max = amount("max");
  if (min !== undefined && max !== undefined && min > max) errors.max = "The maximum must be at least the minimum.";
  if (min !== undefined) api.minAmount = min;
  if (max !== undefined && !errors.max) api.maxAmount = max;

  return { values, api: Object.keys(errors).length === 0 ? api : null, errors, active: Object.keys(values).length > 0 };
}

/** The query string of these filters (canonical: known keys in order, no empty ones), plus extras. */
export function filterQuery(values: FilterValues, extra: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const v = values[key];
    if (v) params.set(key, v);
  }
  for (const [k, v] of Object.entries(extra)) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** Which of our fields an API field error belongs to. */
export function fieldOfApiError(field: string): FilterKey | undefined {
  if (field === "minAmount") return "min";
  if (field === "maxAmount") return "max";
  return (FILTER_KEYS as readonly string[]).includes(field) ? (field as FilterKey) : undefined;
}
