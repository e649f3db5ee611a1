import type { FC } from "hono/jsx";
import { Alert } from "../../components/alert.tsx";
import { Button } from "../../components/button.tsx";
import { CardHead } from "../../components/card-head.tsx";
import { Dialog, DialogOpener } from "../../components/dialog.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { Field } from "../../components/field.tsx";
import { Icon, type IconName } from "../../components/icons.tsx";
import { ShareBar } from "../../components/share-bar.tsx";
import { Unavailable } from "../../components/unavailable.tsx";
import { ToastsOob } from "../../components/toast.tsx";
import type { FormErrors, ToastMessage } from "../../types.ts";
import { LIVE_REFRESH } from "./overview.tsx";

export type BudgetStateView = "ok" | "warning" | "reached" | "over";

export interface BudgetRowView {
  id: string;
  category: string;
  /** "food": the category in URLs and element ids. */
  slug: string;
  label: string;
  colour: string;
  /** "$100.00". */
  limit: string;
  /** "100.00": the limit as the change form shows it. */
  limitInput: string;
  active: boolean;
  progress: { state: BudgetStateView; percentUsed: number; barPercent: number; summary: string; status: string; detail: string };
}

export interface CategoryOption {
  value: string;
  label: string;
}

export interface BudgetFormProps {
  mode: "add" | "change";
  /** The month the page shows, so the answer comes back to it. */
  month: string;
  /** Add: the categories that have no budget yet. */
  options?: CategoryOption[];
  /** Change: the budget's category and its name. */
  category?: string;
  categoryLabel?: string;
  values: { category: string; amount: string };
  errors?: FormErrors;
}

export interface BudgetsProps {
  month: string;
  monthLabel: string;
  isCurrentMonth: boolean;
  /** Undefined when the analytics service did not answer. */
  budgets?: BudgetRowView[];
  /** Categories without a budget (offered by "Add budget"). */
  free: CategoryOption[];
  /** After a change made with htmx: put the focus on the section's heading. */
  focusHeading?: boolean;
}

const formId = (p: Pick<BudgetFormProps, "mode" | "category">) => (p.mode === "add" ? "budget-add" : `budget-change-${(p.category ?? "").toLowerCase()}`);
const monthQuery = (month: string) => `?month=${encodeURIComponent(month)}`;

const STATE_ICON: Record<BudgetStateView, IconName> = { ok: "checkCircle", warning: "alert", reached: "alert", over: "alert" };

/**
 * Add or change a budget. A real form (POST /analytics/budgets, then back to the page with the
 * outcome); with htmx it answers in place: the form again with its messages, or the refreshed
 * budgets section and a toast.
 */
export const BudgetForm: FC<BudgetFormProps> = (p) => {
  const id = formId(p);
  const errors = p.errors ?? { fields: {} };
  return (
    <form method="post" action="/analytics/budgets" class="form" id={`${id}-form`} hx-post="/analytics/budgets" hx-target="this" hx-swap="outerHTML" hx-disable="find button" novalidate>
      {errors.form ? <Alert tone="error">{errors.form}</Alert> : null}
      <input type="hidden" name="month" value={p.month} />
      <input type="hidden" name="mode" value={p.mode} />
      {p.mode === "add" ? (
        <div class={`field${errors.fields.category ? " field-invalid" : ""}`}>
          <div class="field-label-row">
            <label for={`${id}-category`} class="field-label">
              Category
            </label>
          </div>
          <select
            id={`${id}-category`}
            name="category"
            class="input"
            aria-invalid={errors.fields.category ? "true" : undefined}
            aria-describedby={errors.fields.category ? `${id}-category-error` : undefined}
          >
            {(p.options ?? []).map((o) => (
              <option value={o.value} selected={o.value === p.values.category}>
                {o.label}
              </option>
            ))}
          </select>
          {errors.fields.category ? (
            <p class="field-error" id={`${id}-category-error`}>
              {errors.fields.category}
            </p>
          ) : null}
        </div>
      ) : (
        <>
          <input type="hidden" name="category" value={p.category} />
          <p class="budget-form-category">
            Category: <strong>{p.categoryLabel}</strong>
          </p>
        </>
      )}
      <Field
        id={`${id}-amount`}
        name="amount"
        label="Monthly limit ($)"
        value={p.values.amount}
        error={errors.fields.amount}
        inputmode="decimal"
        autocomplete="off"
        placeholder="300.00"
        hint="In dollars, e.g. 300 or 250.50. You'll be alerted at 80% and 100%."
        required
      />
      <div class="budget-form-actions">
        <Button type="submit">{p.mode === "add" ? "Add budget" : "Save limit"}</Button>
        <a href={`/analytics${monthQuery(p.month)}`} class="btn btn-ghost" data-dialog-close>
          <span class="btn-label">Cancel</span>
        </a>
      </div>
    </form>
  );
};

const BudgetRow: FC<{ budget: BudgetRowView; month: string }> = ({ budget: b, month }) => {
  const tone = b.progress.state === "ok" ? "ok" : b.progress.state === "warning" ? "warning" : "over";
  return (
    <li class={`budget budget-${b.progress.state}`}>
      <div class="budget-head">
        <h4 class="budget-name">
          <svg class="swatch" width="10" height="10" aria-hidden="true" focusable="false">
            <rect width="10" height="10" rx="3" fill={b.colour} />
          </svg>
          {b.label}
        </h4>
        <span class={`budget-status budget-status-${b.progress.state}`}>
          <Icon name={STATE_ICON[b.progress.state]} />
          {b.progress.status}
        </span>
        {!b.active ? <span class="budget-paused">Paused: no alerts</span> : null}
        <div class="budget-actions">
          <DialogOpener dialog={`budget-change-${b.slug}`} href={`/analytics/budgets/${b.slug}/edit${monthQuery(month)}`} variant="ghost" size="sm">
            Change<span class="sr-only"> {b.label} budget</span>
          </DialogOpener>
          <form method="post" action={`/analytics/budgets/${encodeURIComponent(b.id)}/remove`} hx-post={`/analytics/budgets/${encodeURIComponent(b.id)}/remove`} hx-disable="find button">
            <input type="hidden" name="month" value={month} />
            <input type="hidden" name="category" value={b.category} />
            <button type="submit" class="btn btn-ghost btn-sm budget-remove">
              <span class="btn-spinner" aria-hidden="true"></span>
              <span class="btn-label">
                Remove<span class="sr-only"> {b.label} budget</span>
              </span>
            </button>
          </form>
        </div>
      </div>
      <div
        class="budget-bar"
        role="progressbar"
        aria-label={`${b.label} budget used`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={b.progress.barPercent}
        aria-valuetext={`${b.progress.summary} (${b.progress.percentUsed}%). ${b.progress.status}.`}
      >
        <ShareBar percent={b.progress.barPercent} tone={tone} />
      </div>
      <p class="budget-figures">
        <span>{b.progress.summary}</span>
        <span class="budget-detail">{b.progress.detail}</span>
      </p>
    </li>
  );
};

type BudgetListProps = { month: string; monthLabel: string; isCurrentMonth: boolean; budgets?: BudgetRowView[] };

/** The budgets with their progress in the month: what the list's live refresh (/analytics/parts/budgets) answers. */
export const BudgetListBody: FC<BudgetListProps> = ({ month, budgets }) =>
  !budgets ? (
    <Unavailable what="Your budgets" />
  ) : budgets.length === 0 ? (
    <EmptyState icon="sliders" title="No budgets set" compact>
      Set a monthly limit for a category and Mint tells you at 80% and when you go over.
    </EmptyState>
  ) : (
    <ul class="budgets">
      {budgets.map((b) => (
        <BudgetRow budget={b} month={month} />
      ))}
    </ul>
  );

/** The list, refreshed live like the overview (its container stays; its content is replaced). */
export const BudgetList: FC<BudgetListProps> = (props) => (
  <div id="budget-list" hx-get={`/analytics/parts/budgets${monthQuery(props.month)}`} hx-trigger={LIVE_REFRESH} hx-sync="this:queue last" hx-swap="innerHTML">
    <BudgetListBody {...props} />
  </div>
);

/**
 * The budgets card: the list, "Add budget", and the dialogs that enhance the add and change
 * pages. The dialogs sit outside the list, so a live refresh of the numbers never closes one that
 * is open.
 */
export const BudgetsSection: FC<BudgetsProps> = ({ month, monthLabel, isCurrentMonth, budgets, free, focusHeading }) => (
  <section id="budgets" class="card" aria-labelledby="budgets-title">
    <header class="card-head">
      <div>
        <h3 id="budgets-title" class="card-title" tabindex={-1} autofocus={focusHeading}>
          Monthly budgets
        </h3>
        <p class="card-subtitle">{isCurrentMonth ? "This month's spending against each limit" : `Spending in ${monthLabel} against your current limits`}</p>
      </div>
      {budgets && free.length > 0 ? (
        <DialogOpener dialog="budget-add" href={`/analytics/budgets/new${monthQuery(month)}`} size="sm">
          <Icon name="plus" />
          Add budget
        </DialogOpener>
      ) : budgets ? (
        <p class="budget-all-set">Every category has a budget: change one below.</p>
      ) : null}
    </header>
    <BudgetList month={month} monthLabel={monthLabel} isCurrentMonth={isCurrentMonth} budgets={budgets} />
    {budgets ? (
      <div class="budget-dialogs">
        {free.length > 0 ? (
          <Dialog id="budget-add" title="Add a budget" description="A monthly spending limit for one category.">
            <BudgetForm mode="add" month={month} options={free} values={{ category: free[0]!.value, amount: "" }} />
          </Dialog>
        ) : null}
        {budgets.map((b) => (
          <Dialog id={`budget-change-${b.slug}`} title={`Change the ${b.label} budget`} description={`Now ${b.limit} a month.`}>
            <BudgetForm mode="change" month={month} category={b.category} categoryLabel={b.label} values={{ category: b.category, amount: b.limitInput }} />
          </Dialog>
        ))}
      </div>
    ) : null}
  </section>
);

/** The add and change forms as pages of their own: what the dialogs' openers link to, and where a form without JavaScript comes back with its messages. */
export const BudgetFormPage: FC<BudgetFormProps & { title: string; unavailable?: boolean }> = ({ title, unavailable, ...form }) => (
  <article class="card budget-form-page" aria-labelledby="budget-form-title">
    <CardHead id="budget-form-title" title={title} subtitle="A monthly spending limit for one category. You'll be alerted at 80% and 100%." />
    {unavailable ? (
      <Unavailable what="Your budgets" retryHref={form.mode === "add" ? `/analytics/budgets/new${monthQuery(form.month)}` : undefined} />
    ) : form.mode === "add" && (form.options ?? []).length === 0 ? (
      <EmptyState icon="sliders" title="Every category has a budget" compact>
        <a href={`/analytics${monthQuery(form.month)}`}>Back to Analytics</a> to change one.
      </EmptyState>
    ) : (
      <BudgetForm {...form} />
    )}
  </article>
);

/** The answer to a budget change made with htmx: the card as it is now (it replaces the old one) and the outcome as a toast. */
export const BudgetsUpdated: FC<BudgetsProps & { toasts: ToastMessage[] }> = ({ toasts, ...card }) => (
  <>
    <BudgetsSection {...card} />
    <ToastsOob toasts={toasts} />
  </>
);
