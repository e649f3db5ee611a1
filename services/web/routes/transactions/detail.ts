import { STANDALONE_ID, TransactionDetailPage, TransactionDetailPanel } from "@mint/views/pages/transactions/detail.tsx";
import { isUuid } from "../../../../shared/ids.ts";
import type { Kit } from "../../app/kit.ts";
import { view as h } from "../../app/render.tsx";
import { notFound, problemResponse, wantsFragment } from "../../app/respond.ts";
import { transactionDetailView } from "../../domain/transactions/transaction-view.ts";
import { userZone } from "./list.ts";

/**
 * GET /transactions/{id}: one transaction in full. A page of its own without JavaScript; with htmx
 * the panel alone, which the list shows in a side panel and which refreshes itself.
 */
export function detailPage(kit: Kit) {
  return kit.userPage("/transactions", async (c, s) => {
    const id = c.req.param("id") ?? "";
    if (!isUuid(id)) return notFound(c);
    const r = await kit.clients.transactions.get(c.get("meta"), s.accessToken, id);
    if (!r.ok) {
      if (r.status === 404) return notFound(c);
      kit.log.warn("transaction detail unavailable", { status: r.status, requestId: c.get("requestId") });
      return problemResponse(c, r.status === 504 ? 504 : 503, "Transaction unavailable", "We couldn't load this transaction just now. Please try again in a moment.", { retryHref: c.req.url });
    }
    const d = transactionDetailView(r.data, s.user.id, userZone(c));
    if (!wantsFragment(c)) return h(TransactionDetailPage, { d });
    // A refresh of the panel on its own page keeps it without the dialog's close button.
    return h(TransactionDetailPanel, { d, inDialog: c.req.header("hx-target") !== `div#${STANDALONE_ID}` });
  });
}
