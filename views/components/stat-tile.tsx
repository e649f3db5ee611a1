import type { FC } from "hono/jsx";
import { Icon, type IconName } from "./icons.tsx";

/**
 * One figure in a row of tiles (the dashboard's month, the wallet's counts, analytics): its name
 * with an icon, the value, and a note that says what it counts. `muted` greys a placeholder value.
 */
export const StatTile: FC<{ label: string; icon: IconName; value: string | number; note?: string; muted?: boolean }> = ({ label, icon, value, note, muted }) => (
  <article class="card stat">
    <div class="stat-head">
      <h3 class="stat-label">{label}</h3>
      <span class="stat-icon" aria-hidden="true">
        <Icon name={icon} />
      </span>
    </div>
    <p class={`stat-value${muted ? " stat-empty" : ""}`}>{value}</p>
    {note ? <p class="stat-note">{note}</p> : null}
  </article>
);
