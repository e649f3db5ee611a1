import { Hono } from "hono";
import { ADMIN_NAV, USER_NAV } from "@mint/views/layouts/nav.ts";
import { ADMIN_PLACEHOLDERS, PlaceholderContent, USER_PLACEHOLDERS } from "@mint/views/pages/placeholder.tsx";
import type { WebEnv } from "../app/env.ts";
import type { Kit } from "../app/kit.ts";
import { view as h } from "../app/render.tsx";

/** Pages not built yet: each says plainly what will appear there. Removed page by page as they arrive. */
export function placeholderPages(kit: Kit) {
  const app = new Hono<WebEnv>();
  for (const item of USER_NAV) {
    const placeholder = USER_PLACEHOLDERS[item.href];
    if (placeholder) app.get(item.href, kit.userPage(item.href, () => h(PlaceholderContent, placeholder)));
  }
  for (const item of ADMIN_NAV) {
    const placeholder = ADMIN_PLACEHOLDERS[item.href];
    if (placeholder) app.get(item.href, kit.adminPage(item.href, () => h(PlaceholderContent, placeholder)));
  }
  return app;
}
