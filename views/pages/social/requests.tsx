import type { FC } from "hono/jsx";
import type { MoneyRequest } from "../../../services/web/clients/social.ts";
import { formatCents } from "../../../services/web/domain/money/money.ts";
import { personName, requestStatus, requestTitle, shortDate } from "../../../services/web/domain/social/social-view.ts";
import { Button } from "../../components/button.tsx";
import { CardHead } from "../../components/card-head.tsx";
import { Dialog, DialogOpener } from "../../components/dialog.tsx";
import { AmountField } from "../../components/payment-fields.tsx";
import { Unavailable } from "../../components/unavailable.tsx";
import type { FormErrors } from "../../types.ts";
import { FormMessage, Input, Origin, PersonAvatar, SrOnly, StatusPill } from "./bits.tsx";
import { PeopleResults, PeopleSearchBox, type Match, type PeopleSearch } from "./people.tsx";

export const REQUESTS_TAB = "/social?tab=requests";

export interface RequestLists {
  incoming: MoneyRequest[];
  outgoing: MoneyRequest[];
  /** Incoming requests waiting for an answer. */
  pendingCount: number;
  /** A request was just accepted and its payment has not ended: the list asks again on its own. */
  watchPayment: boolean;
}

const RequestRow: FC<{ r: MoneyRequest; tz?: string }> = ({ r, tz }) => {
  const status = requestStatus(r);
  const name = personName(r.counterparty);
  const amount = formatCents(r.amount);
  const act = (what: "pay" | "decline" | "cancel") => ({
    method: "post" as const,
    action: `/social/requests/${r.id}/${what}`,
    "hx-post": `/social/requests/${r.id}/${what}`,
    "hx-target": "#requests-slot",
    "hx-swap": "innerHTML",
    "hx-disable": "find button",
  });
  return (
    <li class="social-row request-row" id={`request-${r.id}`}>
      <PersonAvatar person={r.counterparty} />
      <div class="social-row-main">
        <p class="social-name">{requestTitle(r)}</p>
        {r.counterparty.name?.trim() && r.counterparty.email ? <p class="social-meta">{r.counterparty.email}</p> : null}
        <p class="social-meta">
          <time datetime={r.createdAt}>{shortDate(r.createdAt, tz)}</time>
        </p>
        {r.note ? <p class="request-note">“{r.note}”</p> : null}
        <p class="social-status-line">
          <StatusPill status={status} />
          {status.detail ? <span class="social-status-detail">{status.detail}</span> : null}
        </p>
      </div>
      {r.status === "PENDING" ? (
        <div class="social-row-actions">
          {r.direction === "incoming" ? (
            <>
              <form {...act("pay")}>
                <Button size="sm">
                  Pay<SrOnly> {name} {amount}</SrOnly>
                </Button>
              </form>
              <form {...act("decline")}>
                <Button size="sm" variant="secondary">
                  Decline<SrOnly> {name}'s request for {amount}</SrOnly>
                </Button>
              </form>
            </>
          ) : (
            <form {...act("cancel")}>
              <Button size="sm" variant="ghost">
                Cancel request<SrOnly> to {name} for {amount}</SrOnly>
              </Button>
            </form>
          )}
        </div>
      ) : null}
    </li>
  );
};

const RequestList: FC<{ items: MoneyRequest[]; tz?: string; empty: string; label: string }> = ({ items, tz, empty, label }) =>
  items.length === 0 ? (
    <p class="social-empty-line">{empty}</p>
  ) : (
    <ul class="social-list" aria-label={label}>
      {items.map((r) => (
        <RequestRow r={r} tz={tz} />
      ))}
    </ul>
  );

/**
 * Both lists, refreshed whenever a social notification arrives (a request paid, declined, failed…),
 * so a request paid by the other person turns Paid on an open page without a reload.
 */
export const RequestsPart: FC<{ lists: RequestLists | null; tz?: string; oob?: boolean }> = ({ lists, tz, oob }) => (
  <div
    id="requests-part"
    class="social-part"
    hx-get="/social/parts/requests"
    hx-trigger={lists?.watchPayment ? "social-changed from:body, every 3s" : "social-changed from:body"}
    hx-swap="outerHTML"
    hx-swap-oob={oob ? "true" : undefined}
  >
    {lists === null ? (
      <Unavailable what="Your money requests" retryHref={REQUESTS_TAB} />
    ) : (
      <>
        <div class="social-subhead">
          <h3 class="social-subtitle">Asked of you</h3>
          {lists.pendingCount > 0 ? <span class="social-count-badge">{lists.pendingCount > 99 ? "99+" : lists.pendingCount} pending</span> : null}
        </div>
        <RequestList items={lists.incoming} tz={tz} label="Requests asked of you" empty="Nobody has asked you for money." />
        <div class="social-subhead">
          <h3 class="social-subtitle">Asked by you</h3>
        </div>
        <RequestList items={lists.outgoing} tz={tz} label="Requests you made" empty="You haven't asked anyone for money yet." />
      </>
    )}
  </div>
);

export interface RequestFormProps {
  inDialog: boolean;
  search: PeopleSearch;
  chosen?: Match;
  amount?: string;
  note?: string;
  errors?: FormErrors;
  done?: boolean;
}

/**
 * "Request money": find the person by e-mail and choose them, the amount in dollars, a note.
 * Without JavaScript "Search" sends the form and comes back with the matches; the form keeps what
 * was typed.
 */
export const RequestPanel: FC<RequestFormProps> = (p) => (
  <div id="request-panel" class="social-panel" data-dialog-done={p.done ? "" : undefined}>
    <FormMessage id="request" error={p.errors?.form} />
    <form
      id="request-form"
      method="post"
      action="/social/requests"
      class="form social-form"
      data-enter-submits="create"
      {...(p.inDialog ? { "hx-post": "/social/requests", "hx-target": "#request-panel", "hx-swap": "outerHTML" } : {})}
    >
      <Origin inDialog={p.inDialog} />
      <PeopleSearchBox purpose="request" q={p.search.q} label="Request from (e-mail)" include="#request-form [name=recipient]:checked" autofocus={!p.chosen} />
      <PeopleResults purpose="request" search={p.search} chosen={p.chosen} error={p.errors?.fields.recipient} />
      <AmountField id="request-amount" value={p.amount} error={p.errors?.fields.amount} example="12.50" autocomplete="off" />
      <Input id="request-note" name="note" label="Note (optional)" value={p.note} error={p.errors?.fields.note} maxlength={255} hint="What it's for, up to 255 characters." />
      <Button block name="op" value="create" data-create>
        Send request
      </Button>
    </form>
  </div>
);

/** The requests tab. */
export const RequestsPanel: FC<{ lists: RequestLists | null; tz?: string; form: RequestFormProps }> = ({ lists, tz, form }) => (
  <>
    <section class="card social-card" aria-labelledby="requests-title">
      <CardHead id="requests-title" title="Money requests" subtitle="Ask people to pay you, and answer what they ask of you." class="social-card-head">
        <DialogOpener dialog="request-dialog" href="/social/requests/new" size="sm">
          Request money
        </DialogOpener>
      </CardHead>
      {/* Actions answer into this slot: the list inside may be refreshed by a notification meanwhile. */}
      <div id="requests-slot">
        <RequestsPart lists={lists} tz={tz} />
      </div>
    </section>
    <Dialog id="request-dialog" title="Request money" description="They get a notification and can pay you in one click.">
      <RequestPanel {...form} />
    </Dialog>
  </>
);
