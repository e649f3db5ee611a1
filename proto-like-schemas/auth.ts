import { z } from "zod";
import { defineContract, method } from "../shared/rpc/contract.ts";
import { roleSchema } from "./events/auth.ts";

export const userSummary = z.object({
  id: z.string(),
  email: z.email(),
  name: z.string().nullable(),
  role: roleSchema,
  emailVerified: z.boolean(),
  isActive: z.boolean(),
});

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
});
