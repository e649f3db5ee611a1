import { z } from "zod";

export const roleSchema = z.enum(["USER", "ADMIN"]);

/** Events produced by the auth service (stream AUTH). actorId is the user concerned unless stated. */
export const authEvents = {
  "auth.user_registered": z.object({
    userId: z.string(),
    email: z.email(),
    name: z.string().nullable(),
    registrationMethod: z.literal("credentials"),
  }),
  "auth.user_verified": z.object({
    userId: z.string(),
    email: z.email(),
    verifiedAt: z.iso.datetime(),
  }),
  /** actorId = the admin (or the CLI) who changed it. */
  "auth.role_changed": z.object({
    userId: z.string(),
    role: roleSchema,
    previousRole: roleSchema,
    changedBy: z.string().nullable(),
  }),
  /** The user changed their own profile (today: the display name). */
  "auth.profile_updated": z.object({
    userId: z.string(),
    name: z.string(),
    previousName: z.string().nullable(),
  }),
  "auth.password_changed": z.object({
    userId: z.string(),
    method: z.enum(["change", "reset"]),
    changedAt: z.iso.datetime(),
  }),
} as const;
