import { getCookie } from "hono/cookie";
import { MoreFailed, MoreRows, TransactionResults, TransactionsPage, type DayGroupView, type FiltersView, type MoreLink, type ResultsView } from "@mint/views/pages/transactions/list.tsx";
import type { C } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { view as h } from "../../app/render.tsx";
import { isHtmx, redirect } from "../../app/respond.ts";
import type { SignedIn } from "../../app/session.ts";
import type { ListedTransaction } from "../../clients/transactions.ts";
import { groupByDay, zoneOrUtc } from "../../domain/transactions/days.ts";
import type { Problem } from "../../domain/page/problem.ts";
import { type ApiFilters, fieldOfApiError, filterQuery, parseFilters, type ParsedFilters } from "../../domain/transactions/transaction-filters.ts";
import { transactionRowView } from "../../domain/transactions/transaction-view.ts";

/** Set by app.js: the browser's IANA time zone. */
export const TZ_COOKIE = "mint_tz";
export const PAGE_SIZE = 20;
/** The API's largest page, used when a refresh brings back many rows or an export reads them all. */
export const API_PAGE_MAX = 100;
/** A live refresh brings back at most this many rows (the user loaded them with "Load more"). */
const REFRESH_MAX_ROWS = 500;

export const userZone = (c: C) => zoneOrUtc(getCookie(c, TZ_COOKIE));
export const queryOf = (c: C) => new URL(c.req.url).searchParams;

/** The filters of this request, read in the user's zone. */
export function readFilters(c: C): ParsedFilters {
  return parseFilters(queryOf(c), userZone(c));
}

const filtersView = (f: ParsedFilters): FiltersView => ({ values: f.values, errors: f.errors, active: f.active });

type Fetched = { ok: true; items: ListedTransaction[]; nextCursor: string | null } | { ok: false; problem: Problem };

/**
 * Reads at least `want` rows (or all there are) starting at `cursor`, in pages of the API's size:
 * the first page of the list, a "Load more", or a refresh of the rows on screen.
 */
async function fetchRows(kit: Kit, c: C, s: SignedIn, api: ApiFilters, want: number, cursor?: string): Promise<Fetched> {
  const items: ListedTransaction[] = [];
  let next = cursor;
  do {
    const r = await kit.clients.transactions.list(c.get("meta"), s.accessToken, { ...api, cursor: next, limit: Math.min(API_PAGE_MAX, want - items.length) });
    if (!r.ok) return { ok: false, problem: r.problem };
    items.push(...r.data.items);
    next = r.data.nextCursor ?? undefined;
  } while (next && items.length < want);
  return { ok: true, items, nextCursor: next ?? null };
}

/** The API refused a filter (a value only it could judge): show its message on that field. */
function withApiErrors(f: ParsedFilters, problem: Problem): ParsedFilters | null {
  if (problem.status !== 400 && problem.status !== 422) return null;
  const errors = { ...f.errors };
  for (const e of problem.errors ?? []) {
    const field = fieldOfApiError(e.field);
    if (field) errors[field] = `This value can't be used: ${e.message}.`;
  }
  return Object.keys(errors).length > Object.keys(f.errors).length ? { ...f, errors, api: null } : null;
}

interface Rendered {
  filters: ParsedFilters;
  results: ResultsView;
  query: string;
}

interface ResultsOptions {
  /** A page reached by a link or "Load more" starts there. */
  cursor?: string;
  /** Rows already on screen above these (after "Load more"). */
  shownBefore?: number;
  /** The last day shown above: its rows continue without a second heading. */
  continuesDay?: string;
}

/** The results for the request's filters: `want` rows, grouped by the user's day. */
async function results(kit: Kit, c: C, s: SignedIn, want: number, opts: ResultsOptions = {}): Promise<Rendered> {
  const filters = readFilters(c);
  const query = filterQuery(filters.values);
  if (!filters.api) return { filters, results: { kind: "invalid" }, query };
  const fetched = await fetchRows(kit, c, s, filters.api, want, opts.cursor);
  if (!fetched.ok) {
    const refused = withApiErrors(filters, fetched.problem);
    if (refused) return { filters: refused, results: { kind: "invalid" }, query };
    // A cursor from an old link that no longer reads: start from the newest.
    if (opts.cursor && fetched.problem.status === 400) return results(kit, c, s, want);
    kit.log.warn("transactions list unavailable", { status: fetched.problem.status, requestId: c.get("requestId") });
    return { filters, results: { kind: "unavailable" }, query };
  }
  const tz = userZone(c);
  const groups: DayGroupView[] = groupByDay(fetched.items, (t) => new Date(t.createdAt), new Date(), tz).map((g) => ({
    key: g.key,
    label: g.label,
    rows: g.items.map((t) => transactionRowView(t, s.user.id, tz, "time")),
    continued: false,
  }));
  if (groups[0] && opts.continuesDay === groups[0].key) groups[0].continued = true;
  const total = (opts.shownBefore ?? 0) + fetched.items.length;
  const more: MoreLink | null = fetched.nextCursor
    ? {
        href: `/transactions${filterQuery(filters.values, { cursor: fetched.nextCursor })}`,
        hxGet: `/transactions/parts/more${filterQuery(filters.values, { cursor: fetched.nextCursor, day: groups.at(-1)?.key, shown: String(total) })}`,
      }
    : null;
  return { filters, results: { kind: "rows", groups, shown: total, more, older: opts.cursor !== undefined && opts.shownBefore === undefined }, query };
}

const cursorParam = (c: C) => {
  const v = queryOf(c).get("cursor");
  return v && v.length <= 200 ? v : undefined;
};

/** GET /transactions: the filter form and the first page (or the page a "next page" link names). */
export function listPage(kit: Kit) {
  return kit.userPage("/transactions", async (c, s) => {
    const params = queryOf(c);
    const cursor = cursorParam(c);
    const canonical = `/transactions${filterQuery(readFilters(c).values, { cursor })}`;
    if (`/transactions${params.size ? `?${params}` : ""}` !== canonical) {
      // Empty fields of a submitted form and unknown parameters leave the URL, so it can be shared as it is.
      if (!isHtmx(c)) return redirect(c, canonical);
      c.header("HX-Push-Url", canonical);
    }
    const r = await results(kit, c, s, PAGE_SIZE, { cursor });
    if (r.results.kind === "invalid") c.status(422);
    return h(TransactionsPage, { filters: filtersView(r.filters), results: r.results, query: r.query });
  });
}

/**
 * GET /transactions/parts/more: the next page's day groups, put in place of the "Load more" link,
 * with the count and the number of rows on screen updated out of band.
 */
export function morePart(kit: Kit) {
  return kit.userAction(async (c, s) => {
    const params = queryOf(c);
    const cursor = cursorParam(c);
    const shownBefore = Math.max(0, Math.trunc(Number(params.get("shown"))) || 0);
    const r = await results(kit, c, s, PAGE_SIZE, { cursor, shownBefore, continuesDay: params.get("day") ?? undefined });
    if (r.results.kind !== "rows") {
      // Keep the link so the user can try again, and say what went wrong.
      const retry = { href: `/transactions${filterQuery(r.filters.values, { cursor })}`, hxGet: `${c.req.path}?${params}` };
      const message = r.results.kind === "invalid" ? "Those filters can't be used. Check the values marked above." : "We couldn't load more transactions. Please try again.";
      return c.html(h(MoreFailed, { more: retry, message }), r.results.kind === "invalid" ? 422 : 503);
    }
    return c.html(h(MoreRows, { groups: r.results.groups, more: r.results.more, shown: r.results.shown, filtered: r.filters.active }));
  });
}

/** GET /transactions/parts/results: the results card again, with as many rows as were on screen. */
export function resultsPart(kit: Kit) {
  return kit.userAction(async (c, s) => {
    const shown = Math.min(REFRESH_MAX_ROWS, Math.max(PAGE_SIZE, Math.trunc(Number(queryOf(c).get("shown"))) || PAGE_SIZE));
    const r = await results(kit, c, s, shown);
    return c.html(h(TransactionResults, { results: r.results, query: r.query, filtered: r.filters.active }));
  });
}
