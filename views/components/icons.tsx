import type { FC } from "hono/jsx";

/** Line icons drawn on a 24×24 grid; they inherit the text colour. */
const PATHS = {
  grid: ["M4 4h7v7H4z", "M13 4h7v7h-7z", "M4 13h7v7H4z", "M13 13h7v7h-7z"],
  wallet: ["M4 7.5A2.5 2.5 0 0 1 6.5 5H18v3", "M4 7.5V17a2 2 0 0 0 2 2h14V8H6.5A2.5 2.5 0 0 1 4 5.5", "M16 13.5h.01"],
  arrows: ["M7 20V4", "M3 8l4-4 4 4", "M17 4v16", "M13 16l4 4 4-4"],
  chart: ["M3 20h18", "M6 16v-5", "M11 16V6", "M16 16v-8", "M20 16v-3"],
  users: ["M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z", "M3 20c0-3.3 2.7-6 6-6s6 2.7 6 6", "M16 4.5a3.5 3.5 0 0 1 0 6.5", "M18 14.5c1.8.8 3 2.8 3 5.5"],
  bell: ["M18 16v-5a6 6 0 0 0-12 0v5l-2 2h16z", "M10 21h4"],
  shield: ["M12 3l8 3v6c0 4.8-3.4 8-8 9-4.6-1-8-4.2-8-9V6z"],
  shieldCheck: ["M12 3l8 3v6c0 4.8-3.4 8-8 9-4.6-1-8-4.2-8-9V6z", "M8.5 12l2.5 2.5 4.5-5"],
  shieldAlert: ["M12 3l8 3v6c0 4.8-3.4 8-8 9-4.6-1-8-4.2-8-9V6z", "M12 8v5", "M12 16h.01"],
  logout: ["M15 4h3a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-3", "M10 17l-5-5 5-5", "M5 12h11"],
  menu: ["M4 6h16", "M4 12h16", "M4 18h16"],
  x: ["M6 6l12 12", "M18 6L6 18"],
  checkCircle: ["M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z", "M8 12.5l2.8 2.8L16 9.5"],
  alert: ["M12 3.5l9.5 16.5h-19z", "M12 10v4", "M12 17h.01"],
  info: ["M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z", "M12 11v5", "M12 8h.01"],
  mail: ["M3 6h18v12H3z", "M3 7l9 6.5L21 7"],
  leaf: ["M5 19c0-8.3 5.7-14 14-14 0 8.3-5.7 14-14 14z", "M5 19l7.5-7.5"],
  arrowRight: ["M5 12h14", "M13 6l6 6-6 6"],
  idCard: ["M3 5h18v14H3z", "M9 13.5a2 2 0 1 0 0-4 2 2 0 0 0 0 4z", "M6 16.5c.6-1.2 1.7-2 3-2s2.4.8 3 2", "M14 10h4", "M14 14h4"],
  listCheck: ["M10 6h10", "M10 12h10", "M10 18h10", "M4 6l1 1 2-2", "M4 12l1 1 2-2", "M4 18l1 1 2-2"],
  sliders: ["M4 6h9", "M17 6h3", "M15 4v4", "M4 12h3", "M11 12h9", "M9 10v4", "M4 18h11", "M19 18h1", "M17 16v4"],
  search: ["M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14z", "M20 20l-4-4"],
  clock: ["M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z", "M12 7v5l3 2"],
  arrowUpRight: ["M7 17L17 7", "M8 7h9v9"],
  arrowDownLeft: ["M17 7L7 17", "M16 17H7V8"],
  plus: ["M12 5v14", "M5 12h14"],
  download: ["M12 4v11", "M7 10l5 5 5-5", "M5 20h14"],
  chevronLeft: ["M15 6l-6 6 6 6"],
  chevronRight: ["M9 6l6 6-6 6"],
  send: ["M21 3L10 14", "M21 3l-7 18-4-7-7-4z"],
  lock: ["M6 11h12v9H6z", "M8.5 11V8a3.5 3.5 0 0 1 7 0v3"],
  settings: [
    "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z",
    "M19.4 15a1.65 1.65 0 0 0 .33 1.82l.06.06a2 2 0 1 1-2.83 2.83l-.06-.06a1.65 1.65 0 0 0-1.82-.33 1.65 1.65 0 0 0-1 1.51V21a2 2 0 1 1-4 0v-.09A1.65 1.65 0 0 0 9 19.4a1.65 1.65 0 0 0-1.82.33l-.06.06a2 2 0 1 1-2.83-2.83l.06-.06A1.65 1.65 0 0 0 4.68 15a1.65 1.65 0 0 0-1.51-1H3a2 2 0 1 1 0-4h.09A1.65 1.65 0 0 0 4.6 9a1.65 1.65 0 0 0-.33-1.82l-.06-.06a2 2 0 1 1 2.83-2.83l.06.06A1.65 1.65 0 0 0 9 4.68a1.65 1.65 0 0 0 1-1.51V3a2 2 0 1 1 4 0v.09a1.65 1.65 0 0 0 1 1.51 1.65 1.65 0 0 0 1.82-.33l.06-.06a2 2 0 1 1 2.83 2.83l-.06.06A1.65 1.65 0 0 0 19.4 9a1.65 1.65 0 0 0 1.51 1H21a2 2 0 1 1 0 4h-.09a1.65 1.65 0 0 0-1.51 1z",
  ],
  upload: ["M12 16V4", "M7 9l5-5 5 5", "M5 20h14"],
  copy: ["M9 9h11v11H9z", "M5 15H4V4h11v1"],
  trash: ["M4 7h16", "M10 11v6", "M14 11v6", "M6 7l1 13h10l1-13", "M9 7V4h6v3"],
  refresh: ["M20 11a8 8 0 0 0-14.9-3.5L4 9", "M4 4v5h5", "M4 13a8 8 0 0 0 14.9 3.5L20 15", "M20 20v-5h-5"],
} as const;

export type IconName = keyof typeof PATHS;

export const Icon: FC<{ name: IconName; class?: string; label?: string }> = ({ name, class: cls, label }) => (
  <svg
    class={`icon${cls ? ` ${cls}` : ""}`}
    viewBox="0 0 24 24"
    width="20"
    height="20"
    fill="none"
    stroke="currentColor"
    stroke-width="1.8"
    stroke-linecap="round"
    stroke-linejoin="round"
    {...(label ? { role: "img", "aria-label": label } : { "aria-hidden": "true", focusable: "false" })}
  >
    {PATHS[name].map((d) => (
      <path d={d} />
    ))}
  </svg>
);
