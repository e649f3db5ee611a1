import { Hono } from "hono";
import type { FormState } from "@mint/views/pages/admin/parts.tsx";
import { LimitsForm, SystemPage } from "@mint/views/pages/admin/system.tsx";
import type { WebEnv } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { view as h } from "../../app/render.tsx";
import { readForm } from "../../app/respond.ts";
import { requiredText } from "../../domain/admin/forms.ts";
import { describeChange, limitsApiErrors, limitsToForm, parseLimitsForm } from "../../domain/admin/limits-form.ts";
import { tierLabel } from "../../domain/admin/words.ts";
import { formatCents } from "../../domain/money/money.ts";
import { doneGoTo, formAgain, refusalStatus, refusalText } from "./common.ts";

const ACTIVE = "/app-admin/system";

/**
 * /app-admin/system: every tier's limits in dollars, checked next to each field before anything
 * is sent; only what changed is sent, and the admin API applies it to the next payment.
 */
export function systemPage(kit: Kit) {
  const app = new Hono<WebEnv>();
  const admin = kit.clients.admin;

  app.get(
    "/",
    kit.adminPage(ACTIVE, async (c, s) => {
      const r = await admin.limits(c.get("meta"), s.accessToken);
      return h(SystemPage, { state: r.ok ? { values: limitsToForm(r.data.tiers), errors: {} } : null });
    }),
  );

  app.post(
    "/",
    kit.adminPage(ACTIVE, async (c, s) => {
      const form = await readForm(c);
      const again = (status: number, state: FormState) => formAgain(c, status as 422, h(LimitsForm, { state }), () => h(SystemPage, { state }));
      const current = await admin.limits(c.get("meta"), s.accessToken);
      if (!current.ok) return again(refusalStatus(current.problem), { values: form, errors: {}, form: refusalText(current.problem) });
      const parsed = parseLimitsForm(form, current.data.tiers);
      const reason = requiredText(form.reason, "reason");
      const errors = { ...parsed.errors, ...(reason.ok ? {} : { reason: reason.message }) };
      const values = { ...parsed.values, reason: form.reason ?? "" };
      if (!parsed.change || !reason.ok) return again(422, { values, errors });
      if (Object.keys(parsed.change).length === 0) return doneGoTo(kit, c, ACTIVE, { kind: "info", message: "Nothing changed: every limit is as it was." });
      const r = await admin.setLimits(c.get("meta"), s.accessToken, parsed.change, reason.value);
      if (!r.ok) {
        const mapped = limitsApiErrors(r.problem);
        const reasonError = r.problem.errors?.find((e) => e.field.endsWith("reason"));
        return again(refusalStatus(r.problem), {
          values,
          errors: { ...mapped.fields, ...(reasonError ? { reason: reasonError.message } : {}) },
          form: Object.keys(mapped.fields).length > 0 || reasonError ? undefined : refusalText(r.problem),
        });
      }
      const changed = Object.values(parsed.change).reduce((n, fields) => n + Object.keys(fields ?? {}).length, 0);
      const what = changed <= 2 ? describeChange(parsed.change, current.data.tiers, (t) => tierLabel(t), formatCents) : `${changed} limits changed`;
      return doneGoTo(kit, c, ACTIVE, { kind: "success", message: `Limits saved (${what}). They apply to the next payment.` });
    }),
  );

  return app;
}
