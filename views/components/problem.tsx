import type { FC } from "hono/jsx";
import { Icon } from "./icons.tsx";

export interface ProblemProps {
  status: number;
  title: string;
  detail?: string;
  /** Correlates the message with the server logs. */
  requestId?: string;
}

/**
 * The error fragment for htmx requests. htmx 4 swaps 4xx/5xx responses into the target like any
 * other, so errors must look right wherever they land: a compact, self-contained card.
 */
export const ProblemFragment: FC<ProblemProps> = ({ status, title, detail, requestId }) => (
  <div class="problem" role="alert" data-status={String(status)}>
    <Icon name="alert" class="problem-icon" />
    <div class="problem-body">
      <p class="problem-title">{title}</p>
      {detail ? <p class="problem-detail">{detail}</p> : null}
      {requestId ? <p class="problem-ref">Reference: {requestId}</p> : null}
    </div>
  </div>
);
