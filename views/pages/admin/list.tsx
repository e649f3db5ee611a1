import type { Child, FC } from "hono/jsx";
import { Alert } from "../../components/alert.tsx";
import { Unavailable } from "../../components/unavailable.tsx";
import { Pager } from "./parts.tsx";

/**
 * One page of a console list as the route got it: its rows with the links to the first and the
 * next page, or why there are none (filters to correct, or the service behind it down).
 */
export type ListResult<T, Extra extends object = {}> = ({ kind: "rows"; items: T[]; next: string | null; first?: string } & Extra) | { kind: "invalid" } | { kind: "unavailable" };

/** A column's heading: its label, or the label with how it is shown (amounts right-aligned, an action's column read by screen readers only). */
export type Column = string | { label: string; num?: boolean; hidden?: boolean };

/** A console table: the headings of its columns, then its rows. */
export const Table: FC<{ columns: Column[]; children?: Child }> = ({ columns, children }) => (
  <table class="adm-table">
    <thead>
      <tr>
        {columns.map((col) =>
          typeof col === "string" ? (
            <th scope="col">{col}</th>
          ) : (
            <th scope="col" class={col.num ? "adm-num" : undefined}>
              {col.hidden ? <span class="sr-only">{col.label}</span> : col.label}
            </th>
          ),
        )}
      </tr>
    </thead>
    <tbody>{children}</tbody>
  </table>
);

export interface ListBodyProps<T, Extra extends object = {}> {
  result: ListResult<T, Extra>;
  /** What is missing when the service does not answer ("The audit log"), and where to try again. */
  what: string;
  retryHref: string;
  /** What stands in for the rows when there are none. */
  empty: Child;
  /** The pager's accessible name ("Audit pages"). */
  pages: string;
  rows: (items: T[]) => Child;
}

/** A list's body: the rows and the pager under them, or what stands in for them. */
export function ListBody<T, Extra extends object = {}>({ result, what, retryHref, empty, pages, rows }: ListBodyProps<T, Extra>) {
  if (result.kind === "invalid") return <Alert tone="error">Check the highlighted filters.</Alert>;
  if (result.kind === "unavailable") return <Unavailable what={what} retryHref={retryHref} />;
  if (result.items.length === 0) return <>{empty}</>;
  return (
    <>
      {rows(result.items)}
      <Pager label={pages} first={result.first} next={result.next} />
    </>
  );
}
