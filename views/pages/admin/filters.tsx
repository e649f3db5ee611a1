import type { Child, FC } from "hono/jsx";
import { Button } from "../../components/button.tsx";
import { FilterField, type FilterFieldProps } from "../../components/filter-field.tsx";

/** The longest text a console filter takes: an e-mail address. */
const MAX_FILTER_TEXT = 254;

/** A filter control of the console. */
export const AdminFilter: FC<Omit<FilterFieldProps, "class" | "maxlength">> = (p) => <FilterField {...p} class="adm-filter" maxlength={MAX_FILTER_TEXT} />;

/**
 * A list's filters: a real GET form to `action` (a filtered view is a link), applied with a
 * button and cleared by going back to `action` itself.
 */
export const FiltersCard: FC<{ titleId: string; action: string; label: string; active: boolean; children?: Child }> = ({ titleId, action, label, active, children }) => (
  <section class="card" aria-labelledby={titleId}>
    <h2 id={titleId} class="card-title">
      Filters
    </h2>
    <form class="adm-filters" method="get" action={action} role="search" aria-label={label}>
      {children}
      <div class="adm-filter-actions">
        <Button size="sm">Apply filters</Button>
        {active ? (
          <a class="btn btn-ghost btn-sm" href={action}>
            <span class="btn-label">Clear</span>
          </a>
        ) : null}
      </div>
    </form>
  </section>
);
