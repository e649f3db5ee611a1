import type { FC } from "hono/jsx";

/**
 * A thin horizontal bar filled to `percent` (0–100), as SVG so its length needs no style attribute
 * (the CSP allows none). Decorative: whatever it shows is also written next to it as text.
 * `colour` fills it with a given colour; otherwise `tone` picks one from the stylesheet.
 */
export const ShareBar: FC<{ percent: number; colour?: string; tone?: "ok" | "warning" | "over" | "accent" }> = ({ percent, colour, tone = "accent" }) => {
  const width = Math.min(100, Math.max(0, percent));
  return (
    <svg class="share-bar" width="100%" height="8" aria-hidden="true" focusable="false">
      <rect class="share-bar-track" width="100%" height="8" rx="4" />
      {width > 0 ? <rect class={colour ? "share-bar-fill" : `share-bar-fill share-bar-${tone}`} width={`${width}%`} height="8" rx="4" fill={colour} /> : null}
    </svg>
  );
};
