import type { userSummary } from "../../../proto-like-schemas/auth.ts";
import type { WalletSummary } from "../../../proto-like-schemas/wallet.ts";
import type { Role } from "../../../shared/http/auth.ts";
import type { z } from "zod";
import type { Downstream } from "../downstream.ts";
import { actionEventId } from "../domain/event-ids.ts";
import type { Approval, Outcome } from "./outcome.ts";

/**
 * Freezing and thawing a user's wallet, and changing a user's role. The record's id comes from
 * the moment the owning service stamped the change, so repeating an action that already took
 * effect (a retry, a double click) finds the same record instead of adding one.
 */
export function userActions(down: Downstream) {
  return {
    async freeze(adminId: string, userId: string, reason: string): Promise<Outcome<WalletSummary>> {
      const wallet = await down.wallet.freeze({ userId, reason, actorId: adminId });
      return {
        result: wallet,
        record: { type: "admin.user_frozen", data: { userId, walletId: wallet.id, reason }, actorId: adminId, subjectUserIds: [userId], id: actionEventId("freeze", userId, wallet.updatedAt) },
      };
    },

    async unfreeze(adminId: string, userId: string, reason: string): Promise<Outcome<WalletSummary>> {
      const wallet = await down.wallet.unfreeze({ userId, actorId: adminId });
      return {
        result: wallet,
        record: { type: "admin.user_unfrozen", data: { userId, walletId: wallet.id, reason }, actorId: adminId, subjectUserIds: [userId], id: actionEventId("unfreeze", userId, wallet.updatedAt) },
      };
    },

    /** Auth enforces who may (an active admin, not on themself) and that an admin is always left. */
    async setRole(adminId: string, userId: string, role: Role, reason: string, approval: Approval | null = null): Promise<Outcome<{ user: z.infer<typeof userSummary>; previousRole: Role; changed: boolean }>> {
      const r = await down.auth.setRole({ userId, role, adminId });
      return {
        result: { user: r.user, previousRole: r.previousRole, changed: r.changed },
        record: r.changed
          ? { type: "admin.role_changed", data: { userId, role, previousRole: r.previousRole, reason, approval }, actorId: adminId, subjectUserIds: [userId], id: actionEventId("role", userId, r.changedAt) }
          : null,
      };
    },
  };
}
export type UserActions = ReturnType<typeof userActions>;
