import type { Child, FC } from "hono/jsx";
import { Icon, type IconName } from "./icons.tsx";

export type Tone = "success" | "error" | "warning" | "info";

const TONE_ICON: Record<Tone, IconName> = { success: "checkCircle", error: "alert", warning: "alert", info: "info" };

/** An inline message box, e.g. the form-level error above a form's fields. */
export const Alert: FC<{ tone: Tone; title?: string; children?: Child; id?: string }> = ({ tone, title, children, id }) => (
  <div class={`alert alert-${tone}`} role={tone === "error" ? "alert" : "status"} id={id}>
    <Icon name={TONE_ICON[tone]} class="alert-icon" />
    <div class="alert-body">
      {title ? <p class="alert-title">{title}</p> : null}
      {children ? <div class="alert-text">{children}</div> : null}
    </div>
  </div>
);
