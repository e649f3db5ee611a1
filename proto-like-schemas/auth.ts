import { z } from "zod";
import { defineContract, method } from "../shared/rpc/contract.ts";
import { roleSchema } from "./events/auth.ts";
import { id, isoTime } from "./money.ts";

export const userSummary = z.object({
  id: z.string(),
  email: z.email(),
  name: z.string().nullable(),
  role: roleSchema,
  emailVerified: z.boolean(),
  isActive: z.boolean(),
});

/** A user as a back-office list shows it. */
export const userListItem = userSummary.extend({ createdAt: isoTime });

/** RPC of the auth service: look-ups other services need to validate users and show names. */
export const authContract = defineContract("auth", {
  getUser: method({
    request: z.object({ userId: z.string().min(1) }),
    response: userSummary,
    idempotent: true,
    description: "One user by id; NOT_FOUND when absent.",
  }),
  getUsers: method({
    request: z.object({ userIds: z.array(z.string().min(1)).max(500) }),
    response: z.object({ users: z.array(userSummary) }),
    idempotent: true,
    description: "Batch look-up for display names; unknown ids are left out.",
  }),
  findUserByEmail: method({
    request: z.object({ email: z.email() }),
    response: z.object({ user: userSummary.nullable() }),
    idempotent: true,
  }),
  /** For the back office: every user (inactive ones too), by e-mail, a page at a time. */
  searchUsers: method({
    request: z.object({
      /** An e-mail prefix, or the start of any word of the name (case-insensitive); empty lists everyone. */
      query: z.string().trim().max(254).default(""),
      /** nextCursor of the previous page. */
      cursor: z.string().max(400).optional(),
      limit: z.number().int().min(1).max(100).default(20),
    }),
    response: z.object({ items: z.array(userListItem), nextCursor: z.string().nullable() }),
    idempotent: true,
  }),
  countUsers: method({
    request: z.object({}),
    response: z.object({ total: z.number().int(), active: z.number().int(), admins: z.number().int() }),
    idempotent: true,
  }),
  /**
   * Sets a user's role for an admin, who must be an active ADMIN and not the user. Role changes
   * run one at a time, so the last active admin can never be demoted, even by two admins demoting
   * each other at once (FAILED_PRECONDITION). The same role again changes nothing (`changed:
   * false`); `changedAt` is when the user row last changed, the same for a repeat.
   */
  setRole: method({
    request: z.object({ userId: id, role: roleSchema, adminId: id }),
    response: z.object({ user: userSummary, previousRole: roleSchema, changed: z.boolean(), changedAt: isoTime }),
    idempotent: true,
  }),
});
