import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ToastsOob } from "@mint/views/components/toast.tsx";
import { BudgetForm, BudgetFormPage, type BudgetFormProps, BudgetsUpdated } from "@mint/views/pages/analytics/budgets.tsx";
import type { ToastMessage } from "@mint/views/types.ts";
import type { C, WebEnv } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { view as h } from "../../app/render.tsx";
import { isHtmx, readForm, redirect } from "../../app/respond.ts";
import type { SignedIn } from "../../app/session.ts";
import { budgetFormValues, categoriesWithoutBudget, categoryFromSlug, readBudgetForm, savedMessage } from "../../domain/analytics/budgets.ts";
import { centsToInput } from "../../domain/money/money.ts";
import { chooseMonth } from "../../domain/analytics/month.ts";
import { utcMonth } from "../../domain/analytics/month-stats.ts";
import { type FormErrors, problemMessage, problemToFormErrors } from "../../domain/page/problem.ts";
import { categoryLabel, isCategory } from "../../domain/analytics/spending.ts";
import { CATEGORIES } from "../../../../proto-like-schemas/transactions.ts";
import { budgetsProps, categoryOptions, type MonthView } from "./data.ts";

/** The month a form came from (to go back to it), this month when it is missing or not a month. */
function formMonth(value: string | undefined): MonthView {
  const now = new Date();
  const choice = chooseMonth(value, now);
  const current = utcMonth(now);
  return choice.ok ? { month: choice.month, current } : { month: current, current };
}

const backTo = (month: MonthView) => (month.month === month.current ? "/analytics" : `/analytics?month=${month.month}`);

/**
 * Adding, changing and removing budgets. Each is a real form that posts and comes back to
 * /analytics with the outcome (post/redirect/get); with htmx the answer is the refreshed budgets
 * card (HX-Retarget) and a toast, or the form again with its messages.
 */
export function budgetActions(kit: Kit) {
  const { clients } = kit;
  const app = new Hono<WebEnv>();

  /** After a change made with htmx: the budgets card as it is now, with the outcome as a toast. */
  const refreshedCard = async (c: C, s: SignedIn, month: MonthView, toast: ToastMessage, status: number) => {
    const r = await clients.analytics.budgets(c.get("meta"), s.accessToken, month.month);
    c.header("HX-Retarget", "#budgets");
    c.header("HX-Reswap", "outerHTML");
    return c.html(h(BudgetsUpdated, { ...budgetsProps(r.ok ? r.data.items : undefined, month, true), toasts: [toast] }), status as ContentfulStatusCode);
  };

  /** The categories "Add budget" may offer now (all of them when the list cannot be read). */
  const freeCategories = async (c: C, s: SignedIn) => {
    const r = await clients.analytics.budgets(c.get("meta"), s.accessToken);
    return r.ok ? categoriesWithoutBudget(r.data.items) : [...CATEGORIES];
  };

  app.get(
    "/new",
    kit.userPage("/analytics", async (c, s) => {
      const month = formMonth(c.req.query("month"));
      const r = await clients.analytics.budgets(c.get("meta"), s.accessToken);
      const free = r.ok ? categoriesWithoutBudget(r.data.items) : [];
      const wanted = categoryFromSlug(c.req.query("category") ?? "");
      const category = wanted && free.includes(wanted) ? wanted : (free[0] ?? "");
      return h(BudgetFormPage, { title: "Add a budget", unavailable: !r.ok, mode: "add", month: month.month, options: categoryOptions(free), values: { category, amount: "" } });
    }),
  );

  app.get(
    "/:category/edit",
    kit.userPage("/analytics", async (c, s) => {
      const month = formMonth(c.req.query("month"));
      const category = categoryFromSlug(c.req.param("category") ?? "");
      if (!category) return redirect(c, backTo(month));
      const r = await clients.analytics.budgets(c.get("meta"), s.accessToken);
      const budget = r.ok ? r.data.items.find((b) => b.category === category) : undefined;
      // No budget for this category (any more): offer to add one instead.
      if (r.ok && !budget) return redirect(c, `/analytics/budgets/new?month=${month.month}&category=${category.toLowerCase()}`);
      const label = categoryLabel(category);
      return h(BudgetFormPage, {
        title: `Change the ${label} budget`,
        unavailable: !r.ok,
        mode: "change",
        month: month.month,
        category,
        categoryLabel: label,
        values: { category, amount: budget ? centsToInput(budget.limitCents) : "" },
      });
    }),
  );

  // Add or change (the API keeps one budget per category: saving replaces its limit).
  app.post(
    "/",
    kit.userPage("/analytics", async (c, s) => {
      const input = await readForm(c);
      const month = formMonth(input.month);
      const mode: BudgetFormProps["mode"] = input.mode === "change" ? "change" : "add";
      const values = budgetFormValues(input);
      const again = async (errors: FormErrors, status: number) => {
        const options = mode === "add" ? categoryOptions(await freeCategories(c, s)) : undefined;
        const form: BudgetFormProps = { mode, month: month.month, options, category: values.category, categoryLabel: categoryLabel(values.category), values, errors };
        c.status(status as ContentfulStatusCode);
        if (isHtmx(c)) return h(BudgetForm, form);
        return h(BudgetFormPage, { ...form, title: mode === "add" ? "Add a budget" : `Change the ${categoryLabel(values.category)} budget` });
      };

      const checked = readBudgetForm(values);
      if (!checked.ok) return again(checked.errors, 422);

      const r = await clients.analytics.saveBudget(c.get("meta"), s.accessToken, { category: checked.category, limitCents: checked.limitCents });
      if (!r.ok) {
        const errors = problemToFormErrors(r.problem, { fields: ["category", "amount"], aliases: { limitCents: "amount" } });
        return again(errors, r.status >= 500 ? r.status : 422);
      }
      const toast: ToastMessage = { kind: "success", message: savedMessage(checked.category, checked.limitCents, r.status === 201) };
      if (isHtmx(c)) return refreshedCard(c, s, month, toast, 200);
      kit.flash(c, toast);
      return redirect(c, backTo(month));
    }),
  );

  app.post(
    "/:id/remove",
    kit.userAction(async (c, s) => {
      const input = await readForm(c);
      const month = formMonth(input.month);
      const named = (input.category ?? "").toUpperCase();
      const r = await clients.analytics.removeBudget(c.get("meta"), s.accessToken, c.req.param("id") ?? "");
      const toast: ToastMessage = r.ok
        ? { kind: "success", message: `${categoryLabel(r.data.category)} budget removed.` }
        : r.status === 404
          ? { kind: "info", message: isCategory(named) ? `The ${categoryLabel(named)} budget was already removed.` : "That budget was already removed." }
          : { kind: "error", message: `We couldn't remove the budget. ${problemMessage(r.problem)}` };
      if (isHtmx(c)) {
        if (r.ok || r.status === 404) return refreshedCard(c, s, month, toast, 200);
        c.header("HX-Reswap", "none");
        return c.html(h(ToastsOob, { toasts: [toast] }), (r.status >= 500 ? r.status : 422) as ContentfulStatusCode);
      }
      kit.flash(c, toast);
      return redirect(c, backTo(month));
    }),
  );

  return app;
}
