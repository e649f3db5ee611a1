import type { FC } from "hono/jsx";
import type { JSX } from "hono/jsx/jsx-runtime";

export type { JSX };

/** Renders a view component with type-checked props, for modules written without JSX syntax. */
export function view<P extends object>(Component: FC<P>, props: NoInfer<P>): JSX.Element {
  const Untyped = Component as unknown as FC<Record<string, unknown>>;
  return <Untyped {...(props as Record<string, unknown>)} />;
}
