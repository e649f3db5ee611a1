import { z } from "zod";
import { id, kycTier } from "../money.ts";
import { tierLimits } from "../kyc.ts";

/** Events of the kyc service (stream KYC); actorId is the user unless stated. */
export const kycEvents = {
  "kyc.tier_upgraded": z.object({ userId: id, profileId: id, previousTier: kycTier, newTier: kycTier }),
  "kyc.submitted": z.object({ userId: id, profileId: id }),
  "kyc.verification_failed": z.object({ userId: id, profileId: id, reason: z.string().nullable() }),
  /** actorId = the admin. */
  "kyc.limits_changed": z.object({ tier: kycTier, limits: tierLimits, changedBy: id }),
} as const;
