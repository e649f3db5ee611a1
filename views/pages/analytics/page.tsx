import type { FC } from "hono/jsx";
import { BudgetsSection, type BudgetsProps } from "./budgets.tsx";
import { MonthPicker, type MonthPickerProps } from "./month-picker.tsx";
import { AnalyticsOverview, type OverviewProps } from "./overview.tsx";

export interface AnalyticsProps {
  picker: Omit<MonthPickerProps, "target">;
  /** "This month so far", "A past month"… */
  monthNote: string;
  overview: OverviewProps;
  budgets: BudgetsProps;
}

/**
 * /analytics: one month's spending (tiles, chart, breakdown, top merchants) and the budgets.
 * The whole content is what the month picker swaps, so its id is the picker's target.
 */
export const AnalyticsContent: FC<AnalyticsProps> = ({ picker, monthNote, overview, budgets }) => (
  <div id="analytics" class="stack analytics">
    <div class="analytics-toolbar">
      <div>
        <h2 class="analytics-month">{picker.shown.label}</h2>
        <p class="muted analytics-month-note">{monthNote}</p>
      </div>
      <MonthPicker {...picker} target="#analytics" />
    </div>
    <AnalyticsOverview {...overview} />
    <BudgetsSection {...budgets} />
  </div>
);
