import type { Kit } from "../../app/kit.ts";
import { problemResponse, redirect } from "../../app/respond.ts";
import type { ListedTransaction } from "../../clients/transactions.ts";
import { csvHeader, exportFileName, transactionCsvRecord } from "../../domain/transactions/transactions-csv.ts";
import { filterQuery } from "../../domain/transactions/transaction-filters.ts";
import { API_PAGE_MAX, readFilters, userZone } from "./list.ts";

/** Spreadsheets read a file as UTF-8 (names with accents) only when it starts with the byte-order mark. */
const BOM = "\uFEFF";

/**
 * GET /transactions/export.csv?<the list's filters>: every transaction the filters match, as CSV,
 * streamed. The list is read from the API page by page with the user's own token and each page
 * is written as it arrives, so a long history never sits in memory; the next page is asked for
 * only when the client has taken the last one.
 */
export function exportCsv(kit: Kit) {
  return kit.userAction(async (c, s) => {
    const filters = readFilters(c);
    // Bad filters: the page shows what is wrong next to each field.
    if (!filters.api) return redirect(c, `/transactions${filterQuery(filters.values)}`);
    const api = filters.api;
    const meta = c.get("meta");
    const viewerId = s.user.id;
    const list = (cursor?: string) => kit.clients.transactions.list(meta, s.accessToken, { ...api, cursor, limit: API_PAGE_MAX });
    const records = (items: ListedTransaction[]) => items.map((t) => transactionCsvRecord(t, viewerId)).join("");

    // The first page is read before answering, so an outage is a proper error rather than an empty file.
    const first = await list();
    if (!first.ok) {
      kit.log.warn("transactions export unavailable", { status: first.status, requestId: c.get("requestId") });
      return problemResponse(c, first.status === 504 ? 504 : 503, "Export unavailable", "We couldn't read your transactions just now. Please try again in a moment.", { retryHref: c.req.url });
    }

    const encoder = new TextEncoder();
    let cursor = first.data.nextCursor;
    let rows = first.data.items.length;
    const stream = new ReadableStream<Uint8Array>(
      {
        start(controller) {
          controller.enqueue(encoder.encode(BOM + csvHeader() + records(first.data.items)));
        },
        async pull(controller) {
          if (!cursor) {
            controller.close();
            return;
          }
          const next = await list(cursor);
          if (!next.ok) {
            // Headers are sent: failing the download is the only honest answer (never a silently short file).
            kit.log.warn("transactions export cut short", { status: next.status, rows, requestId: c.get("requestId") });
            controller.error(new Error("the transactions service stopped answering during the export"));
            return;
          }
          rows += next.data.items.length;
          cursor = next.data.nextCursor;
          controller.enqueue(encoder.encode(records(next.data.items)));
        },
      },
      { highWaterMark: 1 },
    );

    const name = exportFileName(new Date(), userZone(c));
    return c.body(stream, 200, {
      "content-type": "text/csv; charset=utf-8; header=present",
      "content-disposition": `attachment; filename="${name}"`,
      // A money record: not kept by shared caches, nor by the browser's.
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    });
  });
}
