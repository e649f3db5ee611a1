import type { FC } from "hono/jsx";
import { Icon } from "../../components/icons.tsx";

export interface MonthOption {
  /** "2030-06". */
  value: string;
  /** "June 2030". */
  label: string;
}

export interface MonthPickerProps {
  shown: MonthOption;
  previous?: MonthOption;
  next?: MonthOption;
  choices: MonthOption[];
  /** The element the picker's answers replace. */
  target: string;
}

/** htmx: replace the page's content with the chosen month's and put the month in the address bar. */
const swapAttrs = (target: string) => ({ "hx-target": target, "hx-swap": "outerHTML", "hx-push-url": "true" });

/**
 * Previous / next links and a month list. Without JavaScript the links are links and the list is a
 * GET form with a button; with htmx the chosen month's content replaces the page's, and the URL
 * (`?month=YYYY-MM`) follows, so Back, bookmarks and shared links show the same month.
 */
export const MonthPicker: FC<MonthPickerProps> = ({ shown, previous, next, choices, target }) => (
  <nav class="month-picker" aria-label="Month">
    {previous ? (
      <a class="btn btn-secondary btn-sm month-step" href={`/analytics?month=${previous.value}`} hx-get={`/analytics?month=${previous.value}`} {...swapAttrs(target)}>
        <Icon name="chevronLeft" />
        <span class="sr-only">Previous month, </span>
        <span class="month-step-text">{previous.label}</span>
      </a>
    ) : null}
    <form class="month-form" method="get" action="/analytics" hx-get="/analytics" hx-trigger="submit, change" {...swapAttrs(target)}>
      <label class="sr-only" for="month-select">
        Month
      </label>
      <select id="month-select" name="month" class="input month-select">
        {choices.map((m) => (
          <option value={m.value} selected={m.value === shown.value}>
            {m.label}
          </option>
        ))}
      </select>
      <button type="submit" class="btn btn-secondary btn-sm">
        <span class="btn-label">Show</span>
      </button>
    </form>
    {next ? (
      <a class="btn btn-secondary btn-sm month-step" href={`/analytics?month=${next.value}`} hx-get={`/analytics?month=${next.value}`} {...swapAttrs(target)}>
        <span class="sr-only">Next month, </span>
        <span class="month-step-text">{next.label}</span>
        <Icon name="chevronRight" />
      </a>
    ) : null}
  </nav>
);
