import type { FC } from "hono/jsx";
import { type FilterKey, type FilterValues, MAX_SEARCH } from "../../../services/web/domain/transactions/transaction-filters.ts";
import type { TransactionRowView } from "../../../services/web/domain/transactions/transaction-view.ts";
import { Button } from "../../components/button.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { FilterField as SharedFilterField, type FilterFieldProps, TXN_STATUS_OPTIONS, TXN_TYPE_OPTIONS } from "../../components/filter-field.tsx";
import { Icon } from "../../components/icons.tsx";
import { ToastsOob } from "../../components/toast.tsx";
import { TransactionRow } from "../../components/transaction-row.tsx";
import { Unavailable } from "../../components/unavailable.tsx";

export interface FiltersView {
  values: FilterValues;
  errors: Partial<Record<FilterKey, string>>;
  active: boolean;
}

export interface DayGroupView {
  key: string;
  label: string;
  rows: TransactionRowView[];
  /** The same day as the last group of the page before (after "Load more"): no second heading. */
  continued: boolean;
}

/** The link to the next page: a real page for the link, a fragment for htmx. */
export interface MoreLink {
  href: string;
  hxGet: string;
}

export type ResultsView =
  | {
      kind: "rows";
      groups: DayGroupView[];
      /** How many rows are on screen (for the count and for a live refresh of the same rows). */
      shown: number;
      more: MoreLink | null;
      /** A page reached through a "next page" link without JavaScript. */
      older: boolean;
    }
  | { kind: "invalid" }
  | { kind: "unavailable" };

export interface TransactionsPageProps {
  filters: FiltersView;
  results: ResultsView;
  /** "?type=TOPUP&min=5" (or ""): the filters as a query, for the export link and refreshes. */
  query: string;
}

const DIRECTION_OPTIONS: [string, string][] = [
  ["", "All directions"],
  ["sent", "Sent (and deposits)"],
  ["received", "Received"],
];

/** A filter control laid out on this page's grid; a text box takes what the search does. */
const FilterField: FC<Omit<FilterFieldProps, "class" | "maxlength"> & { name: FilterKey }> = (p) => <SharedFilterField {...p} class={`txn-field txn-field-${p.name}`} maxlength={MAX_SEARCH} />;

/**
 * The filter form: a real GET form, so a filtered view is a URL (shared, bookmarked, reached with
 * Back). With htmx it swaps the page's content and pushes that URL.
 */
export const TransactionFilters: FC<{ filters: FiltersView }> = ({ filters: { values, errors, active } }) => (
  <section class="card txn-filters-card" aria-labelledby="txn-filters-title">
    <h2 id="txn-filters-title" class="card-title">
      Filters
    </h2>
    <form
      id="txn-filters"
      class="txn-filters"
      method="get"
      action="/transactions"
      role="search"
      aria-label="Filter transactions"
      hx-get="/transactions"
      hx-target="#txn-page"
      hx-swap="outerHTML"
      hx-push-url="true"
    >
      <FilterField name="q" label="Search" type="search" value={values.q} error={errors.q} placeholder="Description or merchant" />
      <FilterField name="direction" label="Direction" value={values.direction} error={errors.direction} options={DIRECTION_OPTIONS} />
      <FilterField name="type" label="Type" value={values.type} error={errors.type} options={TXN_TYPE_OPTIONS} />
      <FilterField name="status" label="Status" value={values.status} error={errors.status} options={TXN_STATUS_OPTIONS} />
      <FilterField name="from" label="From date" type="date" value={values.from} error={errors.from} />
      <FilterField name="to" label="To date" type="date" value={values.to} error={errors.to} />
      <FilterField name="min" label="Min amount ($)" value={values.min} error={errors.min} inputmode="decimal" placeholder="0.00" />
      <FilterField name="max" label="Max amount ($)" value={values.max} error={errors.max} inputmode="decimal" placeholder="0.00" />
      <div class="txn-filter-actions">
        <Button id="txn-apply" size="sm">
          Apply filters
        </Button>
        {active ? (
          <a class="btn btn-ghost btn-sm" href="/transactions" hx-get="/transactions" hx-target="#txn-page" hx-swap="outerHTML" hx-push-url="true">
            <span class="btn-label">Clear</span>
          </a>
        ) : null}
      </div>
    </form>
  </section>
);

const countText = (shown: number, hasMore: boolean, filtered: boolean, older: boolean): string => {
  const noun = shown === 1 ? "transaction" : "transactions";
  const which = filtered ? ` matching your filters` : "";
  if (older) return `Showing ${shown} older ${noun}${which}`;
  return hasMore ? `Showing the latest ${shown} ${noun}${which}` : `${shown} ${noun}${which}`;
};

/** The count line, also sent out of band after "Load more". */
export const TransactionCount: FC<{ shown: number; hasMore: boolean; filtered: boolean; older?: boolean; oob?: boolean }> = ({ shown, hasMore, filtered, older, oob }) => (
  <p id="txn-count" class="card-subtitle" hx-swap-oob={oob ? "true" : undefined}>
    {countText(shown, hasMore, filtered, older ?? false)}
  </p>
);

/** How many rows are on screen, sent with a live refresh so it brings back as many. */
export const ShownInput: FC<{ shown: number; oob?: boolean }> = ({ shown, oob }) => (
  <input type="hidden" id="txn-shown" name="shown" value={String(shown)} hx-swap-oob={oob ? "true" : undefined} />
);

/** Day groups of rows; each row opens the detail panel (a page without JavaScript). */
export const DayGroups: FC<{ groups: DayGroupView[]; firstOfPage?: boolean }> = ({ groups, firstOfPage }) => (
  <>
    {groups.map((g, i) => (
      <section class={`txn-day${g.continued ? " txn-day-continued" : ""}`} aria-label={g.continued ? `${g.label}, continued` : undefined} aria-labelledby={g.continued ? undefined : `txn-day-${g.key}`} data-txn-page-start={firstOfPage && i === 0 ? "" : undefined}>
        {g.continued ? null : (
          <h3 class="txn-day-title" id={`txn-day-${g.key}`}>
            {g.label}
          </h3>
        )}
        <ul class="txn-rows">
          {g.rows.map((row) => (
            <TransactionRow row={row} href={`/transactions/${row.id}`} hxTarget="#txn-detail-body" />
          ))}
        </ul>
      </section>
    ))}
  </>
);

/** "Load more" again after it failed, with a toast saying so. */
export const MoreFailed: FC<{ more: MoreLink; message: string }> = ({ more, message }) => (
  <>
    <LoadMore more={more} />
    <ToastsOob toasts={[{ kind: "error", message }]} />
  </>
);

/** "Load more": a link to the next page, which htmx turns into an append. */
export const LoadMore: FC<{ more: MoreLink | null }> = ({ more }) =>
  more ? (
    <div id="txn-more" class="txn-more">
      <a class="btn btn-secondary" href={more.href} hx-get={more.hxGet} hx-target="#txn-more" hx-swap="outerHTML">
        <span class="btn-spinner" aria-hidden="true"></span>
        <span class="btn-label">Load more</span>
      </a>
    </div>
  ) : (
    <div id="txn-more" class="txn-more txn-more-end">
      <p class="muted">That's everything.</p>
    </div>
  );

/**
 * The results card. It refreshes itself when a transaction's status changes (an admin approved or
 * blocked a held transfer), bringing back as many rows as are on screen.
 */
export const TransactionResults: FC<{ results: ResultsView; query: string; filtered: boolean }> = ({ results, query, filtered }) => {
  const refresh = `/transactions/parts/results${query}`;
  return (
    <section id="txn-results" class="card txn-results" aria-labelledby="txn-results-title" hx-get={refresh} hx-trigger="transactions-changed from:body" hx-include="#txn-shown" hx-swap="outerHTML">
      <header class="card-head txn-results-head">
        <div>
          <h2 id="txn-results-title" class="card-title">
            {results.kind === "rows" && results.older ? "Older transactions" : "Transactions"}
          </h2>
          {results.kind === "rows" ? <TransactionCount shown={results.shown} hasMore={results.more !== null} filtered={filtered} older={results.older} /> : null}
        </div>
        {results.kind === "invalid" ? null : (
          <a class="btn btn-secondary btn-sm" href={`/transactions/export.csv${query}`} download>
            <Icon name="download" />
            <span class="btn-label">Export CSV</span>
          </a>
        )}
      </header>
      {results.kind === "unavailable" ? (
        <Unavailable what="Your transactions" retryHref={`/transactions${query}`} />
      ) : results.kind === "invalid" ? (
        <EmptyState icon="alert" title="Check the highlighted filters" compact>
          Fix the values marked above to see your transactions.
        </EmptyState>
      ) : results.shown === 0 ? (
        filtered ? (
          <EmptyState icon="search" title="No transactions found — try adjusting your filters" compact>
            <a href="/transactions">Clear all filters</a>
          </EmptyState>
        ) : (
          <EmptyState icon="arrows" title="No transactions yet" compact>
            Deposits, transfers and payments will appear here as they happen.
          </EmptyState>
        )
      ) : (
        <div class="txn-groups">
          {results.older ? (
            <p class="txn-newest">
              <a href={`/transactions${query}`}>Back to the newest</a>
            </p>
          ) : null}
          <DayGroups groups={results.groups} />
          <LoadMore more={results.more} />
        </div>
      )}
      {results.kind === "rows" ? <ShownInput shown={results.shown} /> : null}
    </section>
  );
};

/** The whole content of /transactions: filters, results, and the (empty) detail panel. */
export const TransactionsPage: FC<TransactionsPageProps> = ({ filters, results, query }) => (
  <div id="txn-page" class="stack txn-page">
    <TransactionFilters filters={filters} />
    <TransactionResults results={results} query={query} filtered={filters.active} />
    <dialog id="txn-detail" class="dialog txn-panel" aria-labelledby="txn-detail-title">
      <div id="txn-detail-body">
        <h2 id="txn-detail-title" class="txn-visually-hidden">
          Transaction details
        </h2>
      </div>
    </dialog>
  </div>
);

/** The answer to "Load more": the next day groups and link, with the count and row total out of band. */
export const MoreRows: FC<{ groups: DayGroupView[]; more: MoreLink | null; shown: number; filtered: boolean }> = ({ groups, more, shown, filtered }) => (
  <>
    <DayGroups groups={groups} firstOfPage />
    <LoadMore more={more} />
    <TransactionCount shown={shown} hasMore={more !== null} filtered={filtered} oob />
    <ShownInput shown={shown} oob />
  </>
);
