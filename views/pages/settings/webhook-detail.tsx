import type { FC } from "hono/jsx";
import type { DeliveryView, EndpointView } from "../../../services/web/domain/account/webhook-view.ts";
import { Alert } from "../../components/alert.tsx";
import { Button } from "../../components/button.tsx";
import { CardHead } from "../../components/card-head.tsx";
import { Dialog, DialogOpener } from "../../components/dialog.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { Icon } from "../../components/icons.tsx";
import { StatusBadge } from "../../components/status-badge.tsx";
import { Unavailable } from "../../components/unavailable.tsx";

export interface DeliveriesProps {
  endpointId: string;
  /** Undefined when the webhook service did not answer. */
  items?: DeliveryView[];
  /** The next (older) page's cursor. */
  nextCursor?: string | null;
  /** This page's cursor, when it is not the first. */
  cursor?: string;
}

/** What the page says about a secret: shown now (once), or no longer available. */
export type SecretNotice =
  | { kind: "shown"; secret: string; rotated: boolean; previousExpires?: string }
  | { kind: "gone" };

const base = (id: string) => `/settings/webhooks/${id}`;

/**
 * The signing secret, right after it was created or rotated: shown this once, with a copy button
 * (settings.js; without JavaScript the field can be selected and copied).
 */
const SecretBox: FC<{ notice: SecretNotice }> = ({ notice }) =>
  notice.kind === "gone" ? (
    <Alert tone="info" title="This secret can't be shown again">
      For your security a signing secret is shown only once. If you didn't save it, rotate the secret below to get a new one.
    </Alert>
  ) : (
    <section class="card wh-secret" aria-labelledby="wh-secret-title">
      <h2 id="wh-secret-title" class="card-title">
        <Icon name="alert" />
        {notice.rotated ? "Your new signing secret" : "Your signing secret"}
      </h2>
      <p class="wh-secret-warning">
        <strong>Copy it now: you won't see it again.</strong> Use it to check the <code>webhook-signature</code> header of each delivery.
      </p>
      <div class="wh-secret-row">
        <label for="wh-secret-value" class="sr-only">
          Signing secret
        </label>
        <input id="wh-secret-value" class="input wh-secret-value" type="text" readonly value={notice.secret} autocomplete="off" spellcheck={false} />
        <button type="button" class="btn btn-secondary" data-copy="wh-secret-value" hidden>
          <Icon name="copy" />
          <span class="btn-label">Copy</span>
        </button>
      </div>
      <p class="wh-copied sr-only" role="status" data-copy-status></p>
      {notice.rotated && notice.previousExpires ? <p class="field-hint">The previous secret keeps signing alongside it until {notice.previousExpires}.</p> : null}
    </section>
  );

/** The endpoint's deliveries, newest first; refreshes itself while any is still on its way. */
export const Deliveries: FC<DeliveriesProps> = ({ endpointId, items, nextCursor, cursor }) => {
  const polling = items?.some((d) => d.inFlight) && !cursor;
  const partUrl = `${base(endpointId)}/parts/deliveries`;
  // A delivery follows most things that notify the user (a transfer, a request…): the first page
  // looks again shortly after each notification, and every 2 s while one is still on its way.
  const live = cursor ? {} : { "hx-get": partUrl, "hx-trigger": `${polling ? "every 2s, " : ""}notifications-changed from:body delay:1s`, "hx-swap": "outerHTML" };
  return (
    <section
      id="wh-deliveries"
      class="card"
      aria-labelledby="wh-deliveries-title"
      {...live}
    >
      <CardHead id="wh-deliveries-title" title="Deliveries" subtitle={cursor ? "Older deliveries." : "The latest first. A failed one is retried seven times over about a day."}>
        <a href={`${base(endpointId)}#wh-deliveries`} class="btn btn-ghost btn-sm" hx-get={partUrl} hx-target="#wh-deliveries" hx-swap="outerHTML">
          <Icon name="refresh" />
          <span class="btn-label">Refresh</span>
        </a>
      </CardHead>
      {items === undefined ? (
        <Unavailable what="The deliveries" />
      ) : items.length === 0 ? (
        <EmptyState icon="send" title="No deliveries yet" compact>
          Send a test event, or wait for something to happen on your account.
        </EmptyState>
      ) : (
        <ul class="wh-deliveries">
          {items.map((d) => (
            <li class="wh-delivery">
              <div class="wh-delivery-main">
                <p class="wh-delivery-event">
                  {d.eventLabel} <code class="wh-code">{d.eventType}</code>
                </p>
                <p class="wh-delivery-meta">
                  {d.attempts} · {d.response} · <span class="wh-time">{d.time}</span>
                </p>
                {d.next ? <p class="wh-delivery-meta">{d.next}</p> : null}
              </div>
              <StatusBadge status={d.status} />
              {d.canRedeliver ? (
                <form method="post" action={`${base(endpointId)}/deliveries/${d.id}/redeliver`} class="wh-redeliver" hx-post={`${base(endpointId)}/deliveries/${d.id}/redeliver`} hx-target="#wh-deliveries" hx-swap="outerHTML" hx-disable="find button">
                  <button type="submit" class="btn btn-ghost btn-sm">
                    <span class="btn-spinner" aria-hidden="true"></span>
                    <span class="btn-label">
                      Redeliver<span class="sr-only"> {d.eventLabel} from {d.time}</span>
                    </span>
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {nextCursor ? (
        <p class="wh-more">
          <a href={`${base(endpointId)}?cursor=${encodeURIComponent(nextCursor)}#wh-deliveries`}>Older deliveries</a>
        </p>
      ) : cursor ? (
        <p class="wh-more">
          <a href={`${base(endpointId)}#wh-deliveries`}>Back to the latest</a>
        </p>
      ) : null}
    </section>
  );
};

/** The delete confirmation: a dialog on the endpoint's page, and the page of its own without JavaScript. */
export const DeleteForm: FC<{ endpoint: Pick<EndpointView, "id" | "url"> }> = ({ endpoint }) => (
  <form method="post" action={`${base(endpoint.id)}/delete`} class="form">
    <p>
      Deliveries to <strong class="wh-url">{endpoint.url}</strong> stop at once, and its delivery log is deleted. This can't be undone.
    </p>
    <div class="settings-actions">
      <Button type="submit" variant="danger">
        <Icon name="trash" />
        Delete endpoint
      </Button>
      <a href={base(endpoint.id)} class="btn btn-ghost" data-dialog-close>
        <span class="btn-label">Cancel</span>
      </a>
    </div>
  </form>
);

export const DeleteConfirmPage: FC<{ endpoint: Pick<EndpointView, "id" | "url"> }> = ({ endpoint }) => (
  <div class="settings-page">
    <a href={base(endpoint.id)} class="settings-back">
      <Icon name="chevronLeft" /> Back to the endpoint
    </a>
    <section class="card settings-section" aria-labelledby="wh-delete-title">
      <h2 id="wh-delete-title" class="card-title">
        Delete this webhook endpoint?
      </h2>
      <DeleteForm endpoint={endpoint} />
    </section>
  </div>
);

export interface WebhookDetailProps {
  endpoint: EndpointView;
  secret?: SecretNotice;
  deliveries: DeliveriesProps;
}

/** /settings/webhooks/:id: the endpoint, its secret when just issued, its actions and deliveries. */
export const WebhookDetail: FC<WebhookDetailProps> = ({ endpoint: e, secret, deliveries }) => (
  <div class="settings-page stack">
    <a href="/settings#settings-webhooks" class="settings-back">
      <Icon name="chevronLeft" /> Settings
    </a>
    {secret ? <SecretBox notice={secret} /> : null}
    <section class="card" aria-labelledby="wh-endpoint-title">
      <div class="card-head">
        <h2 id="wh-endpoint-title" class="card-title wh-url">
          {e.url}
        </h2>
        <StatusBadge status={e.status} />
      </div>
      {e.status.detail ? <p class="field-hint">{e.status.detail}</p> : null}
      {e.description ? <p class="wh-desc">{e.description}</p> : null}
      <dl class="wh-facts">
        <div>
          <dt>Events</dt>
          <dd>
            <ul class="wh-event-list">
              {e.events.map((ev) => (
                <li>
                  {ev.label} {ev.type !== "*" ? <code class="wh-code">{ev.type}</code> : null}
                </li>
              ))}
            </ul>
          </dd>
        </div>
        <div>
          <dt>Added</dt>
          <dd>{e.created}</dd>
        </div>
      </dl>
      <div class="wh-actions">
        <form method="post" action={`${base(e.id)}/test`} hx-post={`${base(e.id)}/test`} hx-target="#wh-deliveries" hx-swap="outerHTML" hx-disable="find button">
          <Button type="submit" variant="secondary" size="sm">
            <Icon name="send" />
            Send test event
          </Button>
        </form>
        <form method="post" action={`${base(e.id)}/rotate`}>
          <Button type="submit" variant="secondary" size="sm" aria-describedby="wh-rotate-hint">
            <Icon name="refresh" />
            Rotate secret
          </Button>
        </form>
        <DialogOpener dialog="wh-delete-dialog" href={`${base(e.id)}/delete`} variant="ghost" size="sm">
          Delete…
        </DialogOpener>
      </div>
      <p id="wh-rotate-hint" class="field-hint">
        Rotating issues a new secret, shown once; the current one keeps signing for 24 hours so you can switch over.
      </p>
    </section>
    <Deliveries {...deliveries} />
    <Dialog id="wh-delete-dialog" title="Delete this webhook endpoint?">
      <DeleteForm endpoint={e} />
    </Dialog>
  </div>
);
