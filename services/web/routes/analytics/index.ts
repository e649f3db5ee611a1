import { Hono } from "hono";
import { BudgetListBody } from "@mint/views/pages/analytics/budgets.tsx";
import { OverviewBody } from "@mint/views/pages/analytics/overview.tsx";
import { AnalyticsContent } from "@mint/views/pages/analytics/page.tsx";
import type { C, WebEnv } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { view as h } from "../../app/render.tsx";
import { problemResponse } from "../../app/respond.ts";
import { chooseMonth, monthChoices, monthLabel, monthNeighbours } from "../../domain/analytics/month.ts";
import { budgetActions } from "./budgets.ts";
import { budgetsProps, loadOverview, type MonthView } from "./data.ts";

/** How many months the picker lists (older ones are a "previous" click or a URL away). */
const PICKER_MONTHS = 24;

const option = (month: string) => ({ value: month, label: monthLabel(month) });

/** The month of `?month=`, or an answer that says what a month looks like. */
export function monthOf(c: C): MonthView | Response | Promise<Response> {
  const choice = chooseMonth(c.req.query("month"), new Date());
  if (!choice.ok) return problemResponse(c, 400, "That month isn't valid", choice.message, { retryHref: "/analytics", code: "INVALID_ARGUMENT" });
  return { month: choice.month, current: choice.current };
}

const monthNote = ({ month, current }: MonthView) => (month === current ? "This month so far (UTC)" : month < current ? "A past month (UTC)" : "A month still to come (UTC)");

/** /analytics: a month's spending, its chart and breakdown, top merchants and the budgets. */
export function analyticsPage(kit: Kit) {
  const { clients } = kit;
  const app = new Hono<WebEnv>();

  app.get(
    "/",
    kit.userPage("/analytics", async (c, s) => {
      const view = monthOf(c);
      if (!("month" in view)) return view;
      const meta = c.get("meta");
      // Summary, insights, merchants and budgets, all at once.
      const [overview, budgets] = await Promise.all([loadOverview(clients, meta, s, view), clients.analytics.budgets(meta, s.accessToken, view.month)]);
      const { previous, next } = monthNeighbours(view.month, view.current);
      return h(AnalyticsContent, {
        picker: {
          shown: option(view.month),
          previous: previous ? option(previous) : undefined,
          next: next ? option(next) : undefined,
          choices: monthChoices(view.current, PICKER_MONTHS, view.month).map(option),
        },
        monthNote: monthNote(view),
        overview,
        budgets: budgetsProps(budgets.ok ? budgets.data.items : undefined, view),
      });
    }),
  );

  // The parts that refresh themselves when a payment or a budget alert arrives.
  app.get(
    "/parts/overview",
    kit.userAction(async (c, s) => {
      const view = monthOf(c);
      if (!("month" in view)) return view;
      return c.html(h(OverviewBody, await loadOverview(clients, c.get("meta"), s, view)));
    }),
  );
  app.get(
    "/parts/budgets",
    kit.userAction(async (c, s) => {
      const view = monthOf(c);
      if (!("month" in view)) return view;
      const r = await clients.analytics.budgets(c.get("meta"), s.accessToken, view.month);
      const props = budgetsProps(r.ok ? r.data.items : undefined, view);
      return c.html(h(BudgetListBody, { month: props.month, monthLabel: props.monthLabel, isCurrentMonth: props.isCurrentMonth, budgets: props.budgets }));
    }),
  );

  app.route("/budgets", budgetActions(kit));
  return app;
}
