import { Hono } from "hono";
import { getCookie } from "hono/cookie";
import { DashboardContent, TierPill } from "@mint/views/pages/dashboard.tsx";
import type { KycTier } from "@mint/views/types.ts";
import type { C, WebEnv } from "../app/env.ts";
import type { Kit } from "../app/kit.ts";
import { view as h } from "../app/render.tsx";
import type { SignedIn } from "../app/session.ts";
import { greeting } from "../domain/page/greeting.ts";
import { moneyDialogs } from "./wallet/index.ts";
import { moneyFormCacheHeaders } from "./wallet/money-action.ts";
import { activityPart, statsPart, walletCardOf, type Part } from "./wallet/parts.ts";

/** Set by app.js: the browser's IANA time zone, for the greeting. */
const TZ_COOKIE = "mint_tz";

/** /dashboard: greeting and tier, wallet card, this month's tiles, recent activity. */
export function dashboardPage(kit: Kit) {
  const app = new Hono<WebEnv>();
  const part = (load: Part) => kit.userAction(async (c: C, s: SignedIn) => c.html(await load(kit, c, s)));

  app.get(
    "/",
    kit.userPage("/dashboard", async (c, s, shell) => {
      moneyFormCacheHeaders(c);
      // Every call at once (the shell's own are already under way): the page costs its slowest call.
      const [wallet, stats, activity, shellData] = await Promise.all([
        kit.clients.wallet.get(c.get("meta"), s.accessToken),
        statsPart(kit, c, s),
        activityPart(kit, c, s),
        shell?.catch(() => undefined),
      ]);
      const tier = shellData?.kycTier ?? (wallet.ok ? (wallet.data.limits?.tier as KycTier | undefined) : undefined);
      return h(DashboardContent, {
        greeting: greeting(new Date(), getCookie(c, TZ_COOKIE), s.user.name),
        tierPill: h(TierPill, { tier }),
        walletCard: walletCardOf(wallet, "/dashboard"),
        stats,
        activity,
        dialogs: moneyDialogs("/dashboard"),
      });
    }),
  );

  app.get("/parts/activity", part(activityPart));
  app.get("/parts/stats", part(statsPart));
  app.get(
    "/parts/tier",
    kit.userAction(async (c, s) => {
      const r = await kit.clients.kyc.profile(c.get("meta"), s.accessToken);
      return c.html(h(TierPill, { tier: r.ok ? r.data.tier : undefined }));
    }),
  );
  return app;
}
