import type { FC } from "hono/jsx";
import type { ToastKind, ToastMessage } from "../types.ts";
import { Icon } from "./icons.tsx";

/**
 * One toast. htmx requests append these to the toast region (`hx-target="#toasts"
 * hx-swap="beforeend"`); app.js fades them out after a few seconds and wires the close button.
 */
export const Toast: FC<{ kind: ToastKind; message: string }> = ({ kind, message }) => (
  <div class={`toast toast-${kind}`} role={kind === "error" ? "alert" : "status"} data-toast>
    <Icon name={kind === "success" ? "checkCircle" : kind === "error" ? "alert" : "info"} class="toast-icon" />
    <p class="toast-text">{message}</p>
    <button type="button" class="icon-btn toast-close" aria-label="Close" data-toast-close>
      <Icon name="x" />
    </button>
  </div>
);

/** The region toasts are swapped into; server-side toasts (no-JavaScript flows) render inside it. */
export const ToastRegion: FC<{ toasts?: ToastMessage[] }> = ({ toasts = [] }) => (
  <div id="toasts" class="toast-region" aria-live="polite">
    {toasts.map((t) => (
      <Toast kind={t.kind} message={t.message} />
    ))}
  </div>
);

/** Toasts added to the page's region from any htmx response (an out-of-band swap). */
export const ToastsOob: FC<{ toasts: ToastMessage[] }> = ({ toasts }) => (
  <div hx-swap-oob="beforeend:#toasts">
    {toasts.map((t) => (
      <Toast kind={t.kind} message={t.message} />
    ))}
  </div>
);
