import { KYC_TIERS } from "../../../proto-like-schemas/money.ts";
import { AppError } from "../../../shared/errors.ts";
import type { Downstream } from "../downstream.ts";
import { actionEventId } from "../domain/event-ids.ts";
import { applyLimitsChange, fromKyc, toKyc, type LimitsChange, type LimitsTable } from "../domain/limits.ts";
import type { Outcome } from "./outcome.ts";

/**
 * The per-tier limits live in kyc (its setLimits validates again and announces kyc.limits_changed,
 * which empties the transactions service's cache in every replica, so the next payment uses them).
 */
export function limitsActions(down: Downstream) {
  const table = async (): Promise<LimitsTable> => {
    const t = await down.kyc.getLimitsTable({});
    return Object.fromEntries(KYC_TIERS.map((tier) => [tier, fromKyc(t[tier])])) as LimitsTable;
  };

  return {
    table,

    /** Every touched tier is checked before any is changed, so bad input changes nothing. */
    async change(adminId: string, change: LimitsChange, reason: string): Promise<Outcome<LimitsTable>> {
      const current = await table();
      const { next, changes, errors } = applyLimitsChange(current, change);
      if (errors.length) throw new AppError("INVALID_ARGUMENT", `Request body has invalid fields: ${errors.map((e) => e.field).join(", ")}`, { fieldErrors: errors });
      if (changes.length === 0) return { result: current, record: null };
      for (const c of changes) await down.kyc.setLimits({ tier: c.tier, limits: toKyc(c.limits), adminId });
      return {
        result: next,
        record: { type: "admin.limits_changed", data: { changes, reason }, actorId: adminId, subjectUserIds: [], id: actionEventId("limits", JSON.stringify(changes)) },
      };
    },
  };
}
export type LimitsActions = ReturnType<typeof limitsActions>;
