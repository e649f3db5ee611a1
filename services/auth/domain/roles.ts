import type { Role } from "../../../shared/http/auth.ts";

export interface RoleChange {
  actorId: string;
  actorRole: Role | null;
  actorActive: boolean;
  targetId: string;
  from: Role;
  to: Role;
  /** Active admins other than the target, counted while role changes are serialised. */
  otherActiveAdmins: number;
}

export type RoleRefusal = { code: "PERMISSION_DENIED" | "FAILED_PRECONDITION"; message: string };

/**
 * Who may set whose role: only an active admin, never their own (an admin cannot demote
 * themself), and never so that no active admin is left.
 */
export function roleChangeRefusal(c: RoleChange): RoleRefusal | null {
  if (c.actorId === c.targetId) return { code: "FAILED_PRECONDITION", message: "Admins cannot change their own role" };
  if (c.actorRole !== "ADMIN" || !c.actorActive) return { code: "PERMISSION_DENIED", message: "Only an active admin can change roles" };
  if (c.from === "ADMIN" && c.to !== "ADMIN" && c.otherActiveAdmins === 0) return { code: "FAILED_PRECONDITION", message: "The last admin cannot be demoted" };
  return null;
}
