import type { FC } from "hono/jsx";
import { LIMIT_KEYS, LIMIT_LABEL, LIMIT_TIERS, limitField } from "../../../services/web/domain/admin/limits-form.ts";
import { tierLabel } from "../../../services/web/domain/admin/words.ts";
import { Alert } from "../../components/alert.tsx";
import { Button } from "../../components/button.tsx";
import { Unavailable } from "../../components/unavailable.tsx";
import { FieldMessages } from "../../components/field.tsx";
import { type FormState, ReasonField } from "./parts.tsx";

const TIER_NOTE: Record<string, string> = {
  UNVERIFIED: "E-mail not verified yet",
  BASIC: "E-mail verified",
  VERIFIED: "Identity documents approved",
};

/**
 * The limits of every tier, in dollars, with each field's message next to it. Saved changes
 * apply to the next payment in every replica.
 */
export const SystemPage: FC<{ state: FormState | null }> = ({ state }) => (
  <div class="stack">
    <section class="card" aria-labelledby="limits-title">
      <h2 id="limits-title" class="card-title">
        Limits per verification tier
      </h2>
      <p class="adm-sub">Amounts in dollars. For each tier one transfer can't be more than a day of transfers, nor a day more than a month; one deposit can't be more than a day of deposits.</p>
      {!state ? <Unavailable what="The limits table" retryHref="/app-admin/system" /> : <LimitsForm state={state} />}
    </section>
  </div>
);

/** The form alone (htmx swaps it in place when a field needs attention). */
export const LimitsForm: FC<{ state: FormState }> = ({ state }) => (
  <form id="limits-form" class="form adm-limits" method="post" action="/app-admin/system" hx-post="/app-admin/system" hx-target="this" hx-swap="outerHTML" novalidate>
    {state.form ? (
      <Alert tone="error" id="limits-alert">
        {state.form}
      </Alert>
    ) : Object.keys(state.errors).length > 0 ? (
      <Alert tone="error" id="limits-alert">
        Nothing was saved: check the highlighted fields.
      </Alert>
    ) : null}
    <div class="adm-tiers">
      {LIMIT_TIERS.map((tier) => (
        <fieldset class="adm-tier">
          <legend class="adm-tier-name">
            {tierLabel(tier)} <span class="adm-sub">{TIER_NOTE[tier]}</span>
          </legend>
          {LIMIT_KEYS.map((key) => {
            const name = limitField(tier, key);
            const id = `lim-${tier}-${key}`;
            const error = state.errors[name];
            return (
              <div class={`field${error ? " field-invalid" : ""}`}>
                <label for={id} class="field-label">
                  {LIMIT_LABEL[key]}
                  <span class="sr-only"> ({tierLabel(tier)})</span>
                </label>
                <div class="adm-dollar">
                  <span aria-hidden="true">$</span>
                  <input
                    id={id}
                    name={name}
                    class="input"
                    inputmode="decimal"
                    autocomplete="off"
                    value={state.values[name] ?? ""}
                    aria-invalid={error ? "true" : undefined}
                    aria-describedby={error ? `${id}-error` : undefined}
                  />
                </div>
                <FieldMessages id={id} error={error} />
              </div>
            );
          })}
        </fieldset>
      ))}
    </div>
    <ReasonField id="limits-reason" label="Reason for the change (kept in the audit log)" state={state} rows={2} />
    <div class="adm-form-actions">
      <Button>Save limits</Button>
      <span class="adm-sub">Saved limits apply to the next payment.</span>
    </div>
  </form>
);
