import type { FC } from "hono/jsx";
import type { EventGroup } from "../../../services/web/domain/account/webhook-form.ts";
import type { EndpointView } from "../../../services/web/domain/account/webhook-view.ts";
import { Alert } from "../../components/alert.tsx";
import { Button, LinkButton } from "../../components/button.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { Field } from "../../components/field.tsx";
import { Icon } from "../../components/icons.tsx";
import { StatusBadge } from "../../components/status-badge.tsx";
import { Unavailable } from "../../components/unavailable.tsx";
import type { FormErrors } from "../../types.ts";

/** The endpoints on /settings: each links to its page (deliveries, test, rotate, delete). */
export const WebhookList: FC<{ endpoints?: EndpointView[] }> = ({ endpoints }) => (
  <section id="settings-webhooks" class="card settings-section" aria-labelledby="settings-webhooks-title">
    <div class="settings-section-head settings-section-head-row">
      <div>
        <h2 id="settings-webhooks-title" class="card-title">
          Webhooks
        </h2>
        <p class="card-subtitle">Signed HTTP calls to your own server when something happens on your account.</p>
      </div>
      <LinkButton href="/settings/webhooks/new" variant="secondary" size="sm">
        Add endpoint
      </LinkButton>
    </div>
    {endpoints === undefined ? (
      <Unavailable what="Your webhook endpoints" retryHref="/settings#settings-webhooks" />
    ) : endpoints.length === 0 ? (
      <EmptyState icon="send" title="No webhook endpoints" compact>
        Add one to receive events such as completed transfers at your own URL, signed so you can check they came from Mint.
      </EmptyState>
    ) : (
      <ul class="wh-list">
        {endpoints.map((e) => (
          <li class="wh-item">
            <a href={`/settings/webhooks/${e.id}`} class="wh-item-link">
              <span class="wh-url">{e.url}</span>
              <span class="sr-only">: manage this endpoint</span>
            </a>
            <div class="wh-item-meta">
              <StatusBadge status={e.status} />
              <span>{e.eventsSummary}</span>
              <span>Added {e.created}</span>
            </div>
            {e.description ? <p class="wh-desc">{e.description}</p> : null}
          </li>
        ))}
      </ul>
    )}
  </section>
);

export interface WebhookFormProps {
  values: { url: string; events: string[]; description: string };
  groups: EventGroup[];
  errors?: FormErrors;
}

/**
 * A new endpoint: URL, the events it receives (checkboxes from the catalogue) and a note. A real
 * form (POST /settings/webhooks); with htmx a refusal comes back in place, and success goes to
 * the endpoint's page, where the signing secret is shown once.
 */
export const WebhookForm: FC<WebhookFormProps> = ({ values, groups, errors = { fields: {} } }) => {
  const checked = (type: string) => values.events.includes(type);
  const eventsError = errors.fields.events;
  return (
    <form method="post" action="/settings/webhooks" id="webhook-form" class="form wh-form" hx-post="/settings/webhooks" hx-target="this" hx-swap="outerHTML" hx-disable="find button" novalidate>
      {errors.form ? <Alert tone="error">{errors.form}</Alert> : null}
      <Field
        name="url"
        id="wh-url"
        label="Endpoint URL"
        type="url"
        value={values.url}
        error={errors.fields.url}
        placeholder="https://example.com/webhooks/mint"
        hint="HTTPS, on a public address. We POST each event there as JSON."
        autocomplete="url"
        inputmode="url"
        required
        maxlength={2048}
      />
      <Field name="description" id="wh-description" label="Description (optional)" value={values.description} error={errors.fields.description} maxlength={500} autocomplete="off" />
      <fieldset class={`wh-events${eventsError ? " field-invalid" : ""}`} aria-describedby={eventsError ? "wh-events-error" : "wh-events-hint"}>
        <legend class="field-label">Events to send</legend>
        <p id="wh-events-hint" class="field-hint">
          Choose at least one. Events about a transfer reach both people's endpoints.
        </p>
        {eventsError ? (
          <p id="wh-events-error" class="field-error">
            {eventsError}
          </p>
        ) : null}
        <label class="wh-check wh-check-all">
          <input type="checkbox" name="events" value="*" checked={checked("*")} />
          <span>
            All events <span class="muted">(including ones added later)</span>
          </span>
        </label>
        {groups.map((g) => (
          <fieldset class="wh-group">
            <legend class="wh-group-name">{g.name}</legend>
            <div class="wh-checks">
              {g.events.map((e) => (
                <label class="wh-check">
                  <input type="checkbox" name="events" value={e.type} checked={checked(e.type)} />
                  <span>
                    {e.label} <code class="wh-code">{e.type}</code>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
        ))}
      </fieldset>
      <div class="settings-actions">
        <Button type="submit">Create endpoint</Button>
        <a href="/settings#settings-webhooks" class="btn btn-ghost">
          <span class="btn-label">Cancel</span>
        </a>
      </div>
    </form>
  );
};

/** /settings/webhooks/new: the form as a page of its own. */
export const WebhookFormPage: FC<WebhookFormProps> = (p) => (
  <div class="settings-page">
    <a href="/settings#settings-webhooks" class="settings-back">
      <Icon name="chevronLeft" /> Settings
    </a>
    <section class="card" aria-labelledby="wh-new-title">
      <h2 id="wh-new-title" class="card-title">
        Add a webhook endpoint
      </h2>
      <p class="card-subtitle">You'll see its signing secret once, right after you create it.</p>
      <WebhookForm {...p} />
    </section>
  </div>
);
