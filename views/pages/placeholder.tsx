import type { FC } from "hono/jsx";
import { EmptyState } from "../components/empty-state.tsx";
import type { IconName } from "../components/icons.tsx";

/** A page whose content is still to come: one card with a plain statement of what goes here. */
export const PlaceholderContent: FC<{ icon: IconName; title: string; text?: string }> = ({ icon, title, text }) => (
  <article class="card">
    <EmptyState icon={icon} title={title}>
      {text}
    </EmptyState>
  </article>
);

/** What each not-yet-built page of the user app says. */
export const USER_PLACEHOLDERS: Record<string, { icon: IconName; title: string; text: string }> = {
};

/** What each not-yet-built page of the admin console says. */
export const ADMIN_PLACEHOLDERS: Record<string, { icon: IconName; title: string }> = {
};
