import { z } from "zod";

export const walletConfig = z.object({
  /** How long GET /api/v1/wallet waits for the user's limits from kyc before showing none. */
  KYC_LIMITS_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).default(500),
});
export type WalletConfig = z.infer<typeof walletConfig>;
