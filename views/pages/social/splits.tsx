import type { FC } from "hono/jsx";
import type { Split, SplitSummary } from "../../../services/web/clients/social.ts";
import { formatCents } from "../../../services/web/domain/money/money.ts";
import { personName, shareStatus, shortDate, splitStatus } from "../../../services/web/domain/social/social-view.ts";
import { allocation, field, type SplitDraft } from "../../../services/web/domain/social/split-form.ts";
import { Button, LinkButton } from "../../components/button.tsx";
import { CardHead } from "../../components/card-head.tsx";
import { Dialog, DialogOpener } from "../../components/dialog.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { Unavailable } from "../../components/unavailable.tsx";
import type { FormErrors } from "../../types.ts";
import { FormMessage, Input, Origin, PersonAvatar, SrOnly, StatusPill } from "./bits.tsx";
import { PeopleResults, PeopleSearchBox, type PeopleSearch } from "./people.tsx";

export const SPLITS_TAB = "/social?tab=splits";

/** Whether the viewer still owes their share (the creator's own share is settled at creation). */
const owes = (s: { status: "OPEN" | "SETTLED"; creatorId: string; myShare: { status: "PENDING" | "PAID" } | null }, viewerId: string) =>
  s.status === "OPEN" && s.creatorId !== viewerId && s.myShare?.status === "PENDING";

/**
 * "Pay my share": the social API makes the transfer; paying twice is answered as already paid.
 * On the tab, htmx swaps the list; on a split's own page it is a plain form that comes back there.
 */
export const PayShareForm: FC<{ splitId: string; title: string; amountCents: number; onPage?: boolean }> = ({ splitId, title, amountCents, onPage }) => {
  const action = `/social/splits/${splitId}/pay`;
  return (
    <form method="post" action={action} {...(onPage ? {} : { "hx-post": action, "hx-target": "#splits-slot", "hx-swap": "innerHTML", "hx-disable": "find button" })}>
      {onPage ? <input type="hidden" name="from" value="page" /> : null}
      <Button size="sm">
        Pay my share<SrOnly> of {title}, {formatCents(amountCents)}</SrOnly>
      </Button>
    </form>
  );
};

/** Who is in the split, each by name with their share and whether it is paid. */
export const SplitShares: FC<{ split: Split; viewerId: string; tz?: string }> = ({ split, viewerId, tz }) => {
  return (
    <div class="split-detail-body">
      <p class="social-meta">
        Created by {split.creatorId === viewerId ? "you" : personName(split.creator)} on {shortDate(split.createdAt, tz)}
        {split.settledAt ? `; settled on ${shortDate(split.settledAt, tz)}` : ""}.
      </p>
      <ul class="split-shares" aria-label={`Shares of ${split.title}`}>
        {split.participants.map((p) => {
          const status = shareStatus(p);
          return (
            <li class="split-share">
              <PersonAvatar person={p} />
              <span class="split-share-name">{p.userId === viewerId ? "You" : personName(p)}</span>
              <span class="split-share-amount">{formatCents(p.amountCents)}</span>
              <StatusPill status={status} />
            </li>
          );
        })}
      </ul>
    </div>
  );
};

const SplitRow: FC<{ s: SplitSummary; viewerId: string; tz?: string }> = ({ s, viewerId, tz }) => {
  const status = splitStatus(s.status);
  const mine = s.creatorId === viewerId;
  const detailId = `split-${s.id}-detail`;
  return (
    <li class="split-row">
      <details class="split-details" id={`split-${s.id}`} hx-get={`/social/splits/${s.id}`} hx-trigger="toggle once" hx-target={`#${detailId}`} hx-swap="innerHTML">
        <summary class="split-summary">
          <span class="split-head">
            <span class="split-title">{s.title}</span>
            <span class="split-total">{formatCents(s.totalCents)}</span>
          </span>
          <span class="split-line">
            <StatusPill status={status} />
            <span class="social-meta">
              {s.paidCount}/{s.participantCount} paid · {mine ? "you split it" : `from ${personName(s.creator)}`} · {shortDate(s.createdAt, tz)}
            </span>
          </span>
          {s.myShare && !mine ? (
            <span class="social-meta">
              Your share {formatCents(s.myShare.amountCents)}: {s.myShare.status === "PAID" ? "paid" : "not paid yet"}
            </span>
          ) : null}
        </summary>
        <div id={detailId} class="split-detail">
          <a href={`/social/splits/${s.id}`}>See who has paid</a>
        </div>
      </details>
      {owes(s, viewerId) && s.myShare ? (
        <div class="split-actions">
          <PayShareForm splitId={s.id} title={s.title} amountCents={s.myShare.amountCents} />
        </div>
      ) : null}
    </li>
  );
};

/** The splits list, refreshed whenever a social notification arrives (a share paid, a split settled or reopened). */
export const SplitsPart: FC<{ splits: SplitSummary[] | null; viewerId: string; tz?: string; oob?: boolean }> = ({ splits, viewerId, tz, oob }) => (
  <div id="splits-part" class="social-part" hx-get="/social/parts/splits" hx-trigger="social-changed from:body" hx-swap="outerHTML" hx-swap-oob={oob ? "true" : undefined}>
    {splits === null ? (
      <Unavailable what="Your bill splits" retryHref={SPLITS_TAB} />
    ) : splits.length === 0 ? (
      <EmptyState icon="users" title="No bill splits yet" compact>
        Split a bill and everyone pays their share from their own wallet.
      </EmptyState>
    ) : (
      <ul class="split-list" aria-label="Your bill splits">
        {splits.map((s) => (
          <SplitRow s={s} viewerId={viewerId} tz={tz} />
        ))}
      </ul>
    )}
  </div>
);

export interface SplitFormProps {
  inDialog: boolean;
  viewerId: string;
  draft: SplitDraft;
  search: PeopleSearch;
  errors?: FormErrors;
  done?: boolean;
}

/**
 * "Split a bill": title, total, the people (found by e-mail) and each one's share. The form keeps
 * the whole draft; every button sends it (search, add, remove, split evenly, create). It says how
 * much is allocated of the total, and the server refuses shares that don't add up to the cent.
 */
export const SplitPanel: FC<SplitFormProps> = ({ inDialog, viewerId, draft, search, errors, done }) => {
  const sum = allocation(draft);
  const sharesError = errors?.fields.shares;
  return (
    <div id="split-panel" class="social-panel" data-dialog-done={done ? "" : undefined}>
      <FormMessage id="split" error={errors?.form} />
      <form
        id="split-form"
        method="post"
        action="/social/splits"
        class="form social-form"
        data-enter-submits="create"
        data-split-form
        {...(inDialog ? { "hx-post": "/social/splits", "hx-target": "#split-panel", "hx-swap": "outerHTML" } : {})}
      >
        <Origin inDialog={inDialog} />
        <Input id="split-title" name="title" label="Title" value={draft.title} error={errors?.fields.title} maxlength={255} placeholder="Dinner at Luigi's" autofocus />
        <Input
          id="split-total"
          name="total"
          label="Total (USD)"
          value={draft.total}
          error={errors?.fields.total}
          inputmode="decimal"
          placeholder="0.00"
          attrs={{ "data-split-total": true }}
        />
        <PeopleSearchBox purpose="split" q={search.q} label="Add people (e-mail)" error={errors?.fields.q} />
        <PeopleResults purpose="split" search={search} />
        <fieldset class="split-people" aria-describedby="split-allocation">
          <legend class="field-label">Shares</legend>
          <ul class="split-draft">
            {draft.participants.map((p, i) => {
              const me = p.userId === viewerId;
              const who = me ? "You" : p.name || p.email;
              const error = errors?.fields[field.amount(i)];
              return (
                <li class={`split-draft-row${error ? " field-invalid" : ""}`}>
                  <input type="hidden" name={field.id(i)} value={p.userId} />
                  <input type="hidden" name={field.name(i)} value={p.name} />
                  <input type="hidden" name={field.email(i)} value={p.email} />
                  <label for={`split-share-${i}`} class="split-draft-who">
                    <span class="split-draft-name">{who}</span>
                    <span class="social-meta">{me ? "Your own share counts as paid" : p.name ? p.email : ""}</span>
                  </label>
                  <input
                    id={`split-share-${i}`}
                    name={field.amount(i)}
                    value={p.amount}
                    class="input split-draft-amount"
                    inputmode="decimal"
                    autocomplete="off"
                    placeholder="0.00"
                    aria-label={`Share of ${who} (USD)`}
                    aria-invalid={error ? "true" : undefined}
                    aria-describedby={error ? `split-share-${i}-error` : undefined}
                    data-split-share
                  />
                  <button type="submit" class="btn btn-ghost btn-sm" name="op" value={`remove:${p.userId}`}>
                    <span class="btn-label">
                      Remove<SrOnly> {who}</SrOnly>
                    </span>
                  </button>
                  {error ? (
                    <p class="field-error split-draft-error" id={`split-share-${i}-error`}>
                      {error}
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ul>
          {draft.participants.length === 0 ? <p class="social-empty-line">Nobody yet: add people above.</p> : null}
        </fieldset>
        <div class="split-allocation-row">
          <p id="split-allocation" class={`split-allocation${sum.balanced ? " is-balanced" : ""}`} aria-live="polite" data-split-allocation>
            {sum.text}
          </p>
          <button type="submit" class="btn btn-secondary btn-sm" name="op" value="even">
            <span class="btn-label">Split evenly</span>
          </button>
        </div>
        {sharesError ? (
          <p class="field-error" id="split-shares-error" role="alert">
            {sharesError}
          </p>
        ) : null}
        <Button block name="op" value="create" data-create>
          Create split
        </Button>
      </form>
    </div>
  );
};

/** The splits tab. */
export const SplitsPanel: FC<{ splits: SplitSummary[] | null; viewerId: string; tz?: string; form: SplitFormProps }> = ({ splits, viewerId, tz, form }) => (
  <>
    <section class="card social-card" aria-labelledby="splits-title">
      <CardHead id="splits-title" title="Bill splits" subtitle="Share a bill; everyone pays their part from their own wallet." class="social-card-head">
        <DialogOpener dialog="split-dialog" href="/social/splits/new" size="sm">
          Split a bill
        </DialogOpener>
      </CardHead>
      {/* Actions answer into this slot: the list inside may be refreshed by a notification meanwhile. */}
      <div id="splits-slot">
        <SplitsPart splits={splits} viewerId={viewerId} tz={tz} />
      </div>
    </section>
    <Dialog id="split-dialog" title="Split a bill" description="The shares must add up to the total, to the cent.">
      <SplitPanel {...form} />
    </Dialog>
  </>
);

/** One split on its own page (the no-JavaScript way to see who has paid). */
export const SplitPage: FC<{ split: Split; viewerId: string; tz?: string }> = ({ split, viewerId, tz }) => {
  const mine = split.participants.find((p) => p.userId === viewerId);
  const owe = split.status === "OPEN" && split.creatorId !== viewerId && mine?.status === "PENDING";
  return (
    <section class="card social-card" aria-labelledby="split-page-title" id="split-page">
      <div class="card-head social-card-head">
        <div>
          <h2 id="split-page-title" class="card-title">
            {split.title}
          </h2>
          <p class="card-subtitle split-line">
            <span>{formatCents(split.totalCents)}</span>
            <StatusPill status={splitStatus(split.status)} />
            <span>
              {split.participants.filter((p) => p.status === "PAID").length}/{split.participants.length} paid
            </span>
          </p>
        </div>
        <LinkButton href={SPLITS_TAB} variant="secondary" size="sm">
          All splits
        </LinkButton>
      </div>
      <SplitShares split={split} viewerId={viewerId} tz={tz} />
      {owe && mine ? (
        <div class="split-actions">
          <PayShareForm splitId={split.id} title={split.title} amountCents={mine.amountCents} onPage />
        </div>
      ) : null}
    </section>
  );
};
