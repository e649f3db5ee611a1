import type { Child, FC } from "hono/jsx";
import { Icon, type IconName } from "./icons.tsx";

/** A quiet placeholder for content that isn't there (yet). */
export const EmptyState: FC<{ icon: IconName; title: string; children?: Child; compact?: boolean }> = ({ icon, title, children, compact }) => (
  <div class={`empty${compact ? " empty-compact" : ""}`}>
    <span class="empty-icon">
      <Icon name={icon} />
    </span>
    <p class="empty-title">{title}</p>
    {children ? <p class="empty-text">{children}</p> : null}
  </div>
);
