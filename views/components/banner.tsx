import type { Child, FC } from "hono/jsx";
import { Icon, type IconName } from "./icons.tsx";

export type BannerTone = "warning" | "info" | "danger";

const ICON: Record<BannerTone, IconName> = { warning: "mail", info: "shield", danger: "alert" };

export interface BannerProps {
  id: string;
  tone: BannerTone;
  children?: Child;
  /** Buttons or links shown at the end of the banner. */
  actions?: Child;
  /**
   * Where a dismissal is posted. The server remembers it for the browser session; with htmx the
   * banner is removed in place, without JavaScript the page reloads without it.
   */
  dismissAction?: string;
  icon?: IconName;
}

/** A full-width notice at the top of the page content. */
export const Banner: FC<BannerProps> = ({ id, tone, children, actions, dismissAction, icon }) => (
  <div id={id} class={`banner banner-${tone}`} role="status">
    <Icon name={icon ?? ICON[tone]} class="banner-icon" />
    <div class="banner-text">{children}</div>
    {actions ? <div class="banner-actions">{actions}</div> : null}
    {dismissAction ? (
      <form method="post" action={dismissAction} hx-post={dismissAction} hx-target={`#${id}`} hx-swap="delete" class="banner-dismiss">
        <button type="submit" class="icon-btn" aria-label="Dismiss">
          <Icon name="x" />
        </button>
      </form>
    ) : null}
  </div>
);
