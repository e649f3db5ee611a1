import { z } from "zod";
import { id } from "../money.ts";

/** Events of the admin service (stream ADMIN); actorId is the admin. */
export const adminEvents = {
  "admin.kyc_approved": z.object({ profileId: id, approvedBy: id }),
  "admin.kyc_rejected": z.object({ profileId: id, rejectedBy: id, reason: z.string() }),
} as const;
