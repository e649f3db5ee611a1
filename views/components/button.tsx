import type { Child, FC } from "hono/jsx";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger";

export interface ButtonProps {
  variant?: ButtonVariant;
  size?: "sm" | "md";
  type?: "submit" | "button" | "reset";
  /** Stretch to the width of the container. */
  block?: boolean;
  class?: string;
  children?: Child;
  [attr: string]: unknown;
}

/**
 * A button with a spinner that shows while the enclosing htmx request is in flight (htmx puts
 * `htmx-request` on the requesting element; the stylesheet reveals `.btn-spinner` inside it).
 */
export const Button: FC<ButtonProps> = ({ variant = "primary", size = "md", type = "submit", block, class: cls, children, ...rest }) => (
  <button
    type={type}
    class={["btn", `btn-${variant}`, size === "sm" ? "btn-sm" : "", block ? "btn-block" : "", cls ?? ""].filter(Boolean).join(" ")}
    {...rest}
  >
    <span class="btn-spinner" aria-hidden="true"></span>
    <span class="btn-label">{children}</span>
  </button>
);

/** A link styled as a button. */
export const LinkButton: FC<{ href: string; variant?: ButtonVariant; size?: "sm" | "md"; block?: boolean; children?: Child }> = ({
  href,
  variant = "primary",
  size = "md",
  block,
  children,
}) => (
  <a href={href} class={["btn", `btn-${variant}`, size === "sm" ? "btn-sm" : "", block ? "btn-block" : ""].filter(Boolean).join(" ")}>
    <span class="btn-label">{children}</span>
  </a>
);
