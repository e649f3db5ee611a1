import type { Child, FC } from "hono/jsx";
import { Icon, type IconName } from "./icons.tsx";

/** The shared tints (app.css `.tone-*`); a tint only repeats what the words say. */
export type Tint = "success" | "warning" | "danger" | "info" | "muted";

/** An icon and words in a tinted pill. */
export const Badge: FC<{ tint: Tint; icon: IconName; children?: Child }> = ({ tint, icon, children }) => (
  <span class={`status-badge tone-${tint}`}>
    <Icon name={icon} />
    {children}
  </span>
);

/** How a review or a delivery stands: nothing yet, waiting, done, or failed. */
export type StatusTone = "neutral" | "pending" | "success" | "error";

const TINT: Record<StatusTone, Tint> = { neutral: "muted", pending: "warning", success: "success", error: "danger" };
const ICON: Record<StatusTone, IconName> = { neutral: "info", pending: "clock", success: "checkCircle", error: "alert" };

/** A status in words with its icon, e.g. the KYC review's "Under review" or a webhook's "Delivered". */
export const StatusBadge: FC<{ status: { label: string; tone: StatusTone } }> = ({ status }) => (
  <Badge tint={TINT[status.tone]} icon={ICON[status.tone]}>
    {status.label}
  </Badge>
);
