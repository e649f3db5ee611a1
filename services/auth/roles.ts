import { and, count, eq, ne, sql } from "drizzle-orm";
import type { eventCatalog } from "../../proto-like-schemas/events/index.ts";
import type { Database } from "../../shared/db/connect.ts";
import { AppError } from "../../shared/errors.ts";
import type { Emit } from "../../shared/events/outbox.ts";
import type { Role } from "../../shared/http/auth.ts";
import { isUuid } from "../../shared/ids.ts";
import { users } from "./db/schema.ts";
import { roleChangeRefusal } from "./domain/roles.ts";

type UserRow = typeof users.$inferSelect;

const roleOf = (u: UserRow): Role => (u.role === "ADMIN" ? "ADMIN" : "USER");

/** Key of the transaction-scoped advisory lock every role change takes first. */
const ROLE_CHANGE_LOCK = "auth:role-change";

export interface RoleChangeResult {
  user: UserRow;
  previousRole: Role;
  changed: boolean;
}

/**
 * Role changes for the admin service. They are serialised by one advisory lock, so the count of
 * the other active admins cannot be outdated by a concurrent change (two admins demoting each
 * other would otherwise both see the other one still in place and leave nobody).
 */
export function createRoles(deps: { db: Database; emit: Emit<typeof eventCatalog> }) {
  const { db, emit } = deps;

  return {
    async setRole(input: { actorId: string; targetId: string; role: Role }): Promise<RoleChangeResult> {
      if (!isUuid(input.targetId)) throw new AppError("NOT_FOUND", "User not found");
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${ROLE_CHANGE_LOCK}))`);
        const [target] = await tx.select().from(users).where(eq(users.id, input.targetId)).limit(1);
        if (!target) throw new AppError("NOT_FOUND", "User not found");
        const [actor] = isUuid(input.actorId) ? await tx.select().from(users).where(eq(users.id, input.actorId)).limit(1) : [];
        const [others] = await tx
          .select({ n: count() })
          .from(users)
          .where(and(eq(users.role, "ADMIN"), eq(users.isActive, true), ne(users.id, target.id)));
        const from = roleOf(target);
        const refusal = roleChangeRefusal({
          actorId: input.actorId,
          actorRole: actor ? roleOf(actor) : null,
          actorActive: actor?.isActive ?? false,
          targetId: target.id,
          from,
          to: input.role,
          otherActiveAdmins: others?.n ?? 0,
        });
        if (refusal) throw new AppError(refusal.code, refusal.message);
        if (from === input.role) return { user: target, previousRole: from, changed: false };
        const [changed] = await tx.update(users).set({ role: input.role, updatedAt: sql`now()` }).where(eq(users.id, target.id)).returning();
        await emit(tx, "auth.role_changed", { userId: target.id, role: input.role, previousRole: from, changedBy: input.actorId }, { actorId: input.actorId, subjectUserIds: [target.id] });
        return { user: changed!, previousRole: from, changed: true };
      });
    },
  };
}
export type Roles = ReturnType<typeof createRoles>;
