import type { Child, FC } from "hono/jsx";
import { Icon } from "./icons.tsx";

export interface DialogProps {
  /** The element id; the opener names it in `data-dialog-open`. */
  id: string;
  title: string;
  /** One sentence under the title. */
  description?: string;
  children?: Child;
}

/**
 * A modal dialog (native <dialog>: showModal makes the rest of the page inert, so focus stays
 * inside; Escape closes it; focus returns to the opener). It is only the JavaScript enhancement
 * of a real page: the opener is a link to a page holding the same form (see DialogOpener), so
 * without JavaScript the form still works.
 */
export const Dialog: FC<DialogProps> = ({ id, title, description, children }) => (
  <dialog id={id} class="dialog" aria-labelledby={`${id}-title`} aria-describedby={description ? `${id}-desc` : undefined}>
    <div class="dialog-head">
      <div>
        <h2 id={`${id}-title`} class="dialog-title">
          {title}
        </h2>
        {description ? (
          <p id={`${id}-desc`} class="dialog-desc">
            {description}
          </p>
        ) : null}
      </div>
      <button type="button" class="icon-btn" aria-label="Close" data-dialog-close>
        <Icon name="x" />
      </button>
    </div>
    <div class="dialog-body">{children}</div>
  </dialog>
);

/**
 * Opens `dialog` with JavaScript; without it, it is a link to `href`, a page with the same form.
 * `disabled` renders a disabled button with the reason next to it for assistive technology.
 */
export const DialogOpener: FC<{ dialog: string; href: string; variant?: "primary" | "secondary" | "ghost"; size?: "sm" | "md"; disabled?: boolean; describedBy?: string; children?: Child }> = ({
  dialog,
  href,
  variant = "primary",
  size = "md",
  disabled,
  describedBy,
  children,
}) =>
  disabled ? (
    <button type="button" class={`btn btn-${variant}${size === "sm" ? " btn-sm" : ""}`} disabled aria-describedby={describedBy}>
      <span class="btn-label">{children}</span>
    </button>
  ) : (
    <a href={href} role="button" class={`btn btn-${variant}${size === "sm" ? " btn-sm" : ""}`} data-dialog-open={dialog} aria-haspopup="dialog">
      <span class="btn-label">{children}</span>
    </a>
  );
