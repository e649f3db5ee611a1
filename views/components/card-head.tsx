import type { Child, FC } from "hono/jsx";

export interface CardHeadProps {
  /** The heading's id: the card points at it with aria-labelledby. */
  id: string;
  title: Child;
  subtitle?: Child;
  /** 2 for a card on its own; 3 for one under a page section's heading. */
  level?: 2 | 3;
  /** Extra class for the header, e.g. a page's own layout of the row. */
  class?: string;
  /** What stands on the right of the title: a link or a button. */
  children?: Child;
}

/** The top of a card: its title with a line under it, and what the card offers on the right. */
export const CardHead: FC<CardHeadProps> = ({ id, title, subtitle, level = 2, class: cls, children }) => {
  const Heading = level === 3 ? "h3" : "h2";
  return (
    <header class={`card-head${cls ? ` ${cls}` : ""}`}>
      <div>
        <Heading id={id} class="card-title">
          {title}
        </Heading>
        {subtitle ? <p class="card-subtitle">{subtitle}</p> : null}
      </div>
      {children}
    </header>
  );
};
