import { Hono } from "hono";
import { DepositForm, type DepositFormProps } from "@mint/views/components/money-forms.tsx";
import { MoneyFormPage } from "@mint/views/pages/wallet.tsx";
import type { WebEnv } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { type JSX, view as h } from "../../app/render.tsx";
import { readForm } from "../../app/respond.ts";
import { checkDeposit, type DepositInput, depositInput } from "../../domain/money/money-forms.ts";
import { moneyOutcome } from "../../domain/money/money-outcome.ts";
import { answerMoneyForm, expiredForm, moneyFormCacheHeaders, moneyFormContext, payOnce, returnPath, type PanelState } from "./money-action.ts";

const page = (returnTo: string, panel: JSX.Element) =>
  h(MoneyFormPage, { title: "Deposit", intro: "Add money to your wallet. It is available as soon as the deposit completes.", backHref: returnTo, children: panel });

/** The deposit form with a fresh key; in a dialog on `returnTo`, or on its own page. */
export const depositForm = (returnTo: string, inDialog: boolean, extra: Partial<DepositFormProps> = {}) =>
  h(DepositForm, { idempotencyKey: crypto.randomUUID(), returnTo, inDialog, ...extra });

/** /wallet/deposit: the page (the dialog's form without JavaScript) and the post both use. */
export function depositRoutes(kit: Kit) {
  const app = new Hono<WebEnv>();

  app.get(
    "/",
    kit.userPage("/wallet", (c) => {
      moneyFormCacheHeaders(c);
      const returnTo = returnPath(c.req.query("return_to"));
      return page(returnTo, depositForm(returnTo, false));
    }),
  );

  app.post(
    "/",
    kit.userPage("/wallet", async (c, s) => {
      const form = await readForm(c);
      const ctx = moneyFormContext(form);
      const input = depositInput(form);
      const panel = (state: PanelState) =>
        h(DepositForm, {
          idempotencyKey: state.key,
          returnTo: ctx.returnTo,
          inDialog: ctx.inDialog,
          errors: state.errors,
          notice: state.notice,
          done: state.done,
          ...(state.keepInput ? input : {}),
        } satisfies DepositFormProps & Partial<DepositInput>);
      const answer = (outcome: Parameters<typeof answerMoneyForm>[3]["outcome"]) => answerMoneyForm(kit, c, s, { ctx, outcome, panel, page: (p) => page(ctx.returnTo, p) });

      if (!ctx.keyIsValid) return answer({ kind: "refused", errors: expiredForm, keepKey: false, status: 422 });
      const checked = checkDeposit(input);
      if (!checked.ok) return answer({ kind: "refused", errors: checked.errors, keepKey: true, status: 422 });

      const { amountCents, note } = checked.value;
      const result = await payOnce(() => kit.clients.transactions.topup(c.get("meta"), s.accessToken, ctx.key, { amount: amountCents, description: note }));
      return answer(moneyOutcome(result, { kind: "deposit", amountCents }));
    }),
  );

  return app;
}
