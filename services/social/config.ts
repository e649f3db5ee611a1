import { z } from "zod";

const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

export const socialConfig = z.object({
  /** How long a money request waits for an answer before it expires (the documented 7 days). */
  SOCIAL_REQUEST_EXPIRY_HOURS: int(1, 24 * 365, 168),
  /** How often the expiry sweep looks for requests past their deadline. */
  SOCIAL_EXPIRY_SWEEP_MS: int(20, 3_600_000, 30_000),
  /** Most requests one sweep expires in one database transaction. */
  SOCIAL_EXPIRY_BATCH: int(1, 10_000, 200),
  /** Deadline of the transactions service's payShare call (the full payment pipeline runs behind it). */
  SOCIAL_PAY_SHARE_TIMEOUT_MS: int(100, 120_000, 15_000),
});
export type SocialConfig = z.infer<typeof socialConfig>;
