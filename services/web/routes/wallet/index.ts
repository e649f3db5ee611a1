import { Hono } from "hono";
import { MoneyDialogs, WalletContent } from "@mint/views/pages/wallet.tsx";
import type { C, WebEnv } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { view as h } from "../../app/render.tsx";
import type { SignedIn } from "../../app/session.ts";
import { depositRoutes } from "./deposit.ts";
import { moneyFormCacheHeaders } from "./money-action.ts";
import { cardPart, countsPart, historyPart, limitsPart, type Part } from "./parts.ts";
import { sendRoutes } from "./send.ts";
import { CATEGORIES } from "../../../../proto-like-schemas/transactions.ts";
import { CATEGORY_LABELS } from "../../domain/money/money-forms.ts";

const CATEGORY_CHOICES = CATEGORIES.map((value) => ({ value, label: CATEGORY_LABELS[value] }));

/** The Deposit and Send Money dialogs of a page, each with a fresh key. */
export const moneyDialogs = (returnTo: string) =>
  h(MoneyDialogs, {
    deposit: { idempotencyKey: crypto.randomUUID(), returnTo, inDialog: true },
    send: { idempotencyKey: crypto.randomUUID(), returnTo, inDialog: true, categories: CATEGORY_CHOICES },
  });

/** /wallet: the card, counts, balance history and limits; /wallet/deposit and /wallet/send; the parts. */
export function walletPages(kit: Kit) {
  const app = new Hono<WebEnv>();
  const part = (load: Part) => kit.userAction(async (c: C, s: SignedIn) => c.html(await load(kit, c, s)));

  app.get(
    "/",
    kit.userPage("/wallet", async (c, s) => {
      moneyFormCacheHeaders(c);
      // Every part at once: the page costs its slowest call, not the sum.
      const [walletCard, counts, history, limits] = await Promise.all([cardPart(kit, c, s), countsPart(kit, c, s), historyPart(kit, c, s), limitsPart(kit, c, s)]);
      return h(WalletContent, { walletCard, counts, history, limits, dialogs: moneyDialogs("/wallet") });
    }),
  );

  app.get("/parts/card", part(cardPart));
  app.get("/parts/counts", part(countsPart));
  app.get("/parts/history", part(historyPart));
  app.get("/parts/limits", part(limitsPart));

  app.route("/deposit", depositRoutes(kit));
  app.route("/send", sendRoutes(kit));
  return app;
}
