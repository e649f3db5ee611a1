import { Hono } from "hono";
import type { FormState } from "@mint/views/pages/admin/parts.tsx";
import { ForceCompleteForm, ReverseForm, TransactionDetailPage, TransactionsPage, type TxnListResult, TxnActionPage } from "@mint/views/pages/admin/transactions.tsx";
import { isUuid } from "../../../../shared/ids.ts";
import type { WebEnv } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { view as h } from "../../app/render.tsx";
import { notFound, readForm } from "../../app/respond.ts";
import { parseTxnFilters, queryOf } from "../../domain/admin/filters.ts";
import { requiredText, ticked } from "../../domain/admin/forms.ts";
import { pendingToast, personName } from "../../domain/admin/words.ts";
import { formatCents } from "../../domain/money/money.ts";
import { fieldOfApiError } from "../../domain/transactions/transaction-filters.ts";
import { statusBadge } from "../../domain/transactions/transaction-view.ts";
import type { AdminTransaction } from "../../clients/admin.ts";
import { adminZone, cursorParam, onFilters, doneGoTo, formAgain, refusalStatus, refusalText, resolveUser, rowsOf, unavailablePage } from "./common.ts";

const ACTIVE = "/app-admin/transactions";
const PAGE_SIZE = 25;
const CURSOR = /^[A-Za-z0-9_.:=-]{1,400}$/;

/** Why the action does not apply to the transaction as it is now, or undefined when it does. */
function notApplicableText(action: "reverse" | "force-complete", t: AdminTransaction): string | undefined {
  const status = statusBadge(t).label;
  if (action === "reverse") return t.status === "REVERSED" ? "Nothing changed: this transaction was already reversed." : undefined;
  if (t.status === "PENDING" && t.statusReason === "FRAUD_REVIEW") return "Nothing changed: this transfer is held for fraud review. Approve or block it on Fraud instead.";
  if (t.status !== "PENDING" && t.status !== "PROCESSING") return `Nothing changed: only a transfer stuck in Pending or Processing can be force-completed, and this one is ${status.toLowerCase()}.`;
  return undefined;
}

/**
 * /app-admin/transactions: every transaction, filtered and paged; one in full (status history,
 * ledger movements, audited events with trace links); reverse and force-complete, which answer
 * with a pending action above the dual-control threshold.
 */
export function transactionsPage(kit: Kit) {
  const app = new Hono<WebEnv>();
  const admin = kit.clients.admin;

  app.get(
    "/",
    kit.adminPage(ACTIVE, async (c, s) => {
      const tz = adminZone(c);
      const url = new URL(c.req.url);
      const filters = parseTxnFilters(url.searchParams, tz);
      const cursor = cursorParam(c, CURSOR);
      const render = (result: TxnListResult, status = 200) => {
        c.status(status as 200);
        return h(TransactionsPage, { filters, result, tz });
      };
      if (!filters.api) return render({ kind: "invalid" }, 422);
      let userId: string | undefined;
      if (filters.user) {
        const who = await resolveUser(kit, c, s, filters.user);
        if (!who.ok) {
          if (who.outage) return render({ kind: "unavailable" }, 503);
          filters.errors.user = who.message;
          return render({ kind: "invalid" }, 422);
        }
        userId = who.id;
      }
      const r = await admin.transactions(c.get("meta"), s.accessToken, { ...filters.api, userId, cursor, limit: PAGE_SIZE });
      if (!r.ok) {
        const filterOf = (field: string) => {
          const key = field === "userId" ? "user" : fieldOfApiError(field);
          // Direction means nothing in the console's list.
          return key === "direction" ? undefined : key;
        };
        if (onFilters(r, filters.errors, filterOf)) {
          return render({ kind: "invalid" }, 422);
        }
        return render({ kind: "unavailable" }, 200);
      }
      const values = filters.values as Record<string, string | undefined>;
      return render(rowsOf(r.data, cursor, (next) => `${ACTIVE}${queryOf(values, { cursor: next })}`));
    }),
  );

  app.get(
    "/:id",
    kit.adminPage(ACTIVE, async (c, s) => {
      const id = c.req.param("id") ?? "";
      if (!isUuid(id)) return notFound(c);
      const r = await admin.transaction(c.get("meta"), s.accessToken, id);
      if (!r.ok) return unavailablePage(c, r, "Transaction unavailable");
      return h(TransactionDetailPage, { d: r.data, tz: adminZone(c), viewerId: s.user.id });
    }),
  );

  for (const action of ["reverse", "force-complete"] as const) {
    app.get(
      `/:id/${action}`,
      kit.adminPage(ACTIVE, async (c, s) => {
        const id = c.req.param("id") ?? "";
        if (!isUuid(id)) return notFound(c);
        const r = await admin.transaction(c.get("meta"), s.accessToken, id);
        if (!r.ok && r.status === 404) return notFound(c);
        const amount = r.ok ? formatCents(r.data.transaction.amount) : "the amount";
        return h(TxnActionPage, { id, action, amount, state: { values: {}, errors: {} } });
      }),
    );
    app.post(
      `/:id/${action}`,
      kit.adminPage(ACTIVE, async (c, s) => {
        const id = c.req.param("id") ?? "";
        if (!isUuid(id)) return notFound(c);
        const form = await readForm(c);
        const inDialog = form.in_dialog === "1";
        const force = action === "reverse" && ticked(form, "force");
        const values = { ...form, force: force ? "true" : "" };
        // The transaction as it is now: for the form's wording, and because the API answers a
        // repeat with the transaction as it is (a double click is harmless), which, asked of one
        // already settled, would read as done now.
        const current = await admin.transaction(c.get("meta"), s.accessToken, id);
        if (!current.ok && current.status === 404) return notFound(c);
        const amount = current.ok ? formatCents(current.data.transaction.amount) : "the amount";
        const again = (status: number, state: FormState, offerForce = false) =>
          formAgain(
            c,
            status as 422,
            action === "reverse" ? h(ReverseForm, { id, amount, state, inDialog, offerForce }) : h(ForceCompleteForm, { id, state, inDialog }),
            () => h(TxnActionPage, { id, action, amount, state, offerForce }),
          );
        if (!current.ok) return again(refusalStatus(current.problem), { values, errors: {}, form: refusalText(current.problem) });
        const reason = requiredText(form.reason, "reason");
        if (!reason.ok) return again(422, { values, errors: { reason: reason.message } });
        const notApplicable = notApplicableText(action, current.data.transaction);
        if (notApplicable) return again(409, { values, errors: {}, form: notApplicable });
        const r = action === "reverse" ? await admin.reverse(c.get("meta"), s.accessToken, id, reason.value, force) : await admin.forceComplete(c.get("meta"), s.accessToken, id, reason.value);
        if (!r.ok) {
          const field = r.problem.errors?.find((e) => e.field.endsWith("reason"));
          if (field) return again(refusalStatus(r.problem), { values, errors: { reason: field.message } });
          const short = r.problem.code === "INSUFFICIENT_FUNDS";
          const message = short ? `${refusalText(r.problem).replace(/\.$/, "")}. Tick “Force” to reverse anyway: the payee's balance goes below zero and shows as owed.` : refusalText(r.problem);
          return again(refusalStatus(r.problem), { values, errors: {}, form: message }, short);
        }
        if (r.pending) return doneGoTo(kit, c, `/app-admin/transactions/${id}`, { kind: "info", message: pendingToast(r.action) });
        const t = r.data.transaction;
        const what = `${formatCents(t.amount)} from ${personName(t.sender)}${t.recipient ? ` to ${personName(t.recipient)}` : ""}`;
        const message =
          action === "reverse"
            ? `Reversed: ${t.recipient ? `${personName(t.recipient)} paid back ${formatCents(t.amount)} to ${personName(t.sender)}` : `${what} was taken back`}${force ? " (forced)" : ""}.`
            : t.status === "COMPLETED"
              ? `Force-completed: the wallet had moved the money, so ${what} is now completed.`
              : `Settled as ${t.status.toLowerCase()}: the wallet had not moved the money, so nothing was sent.`;
        return doneGoTo(kit, c, `/app-admin/transactions/${id}`, { kind: "success", message });
      }),
    );
  }

  return app;
}
