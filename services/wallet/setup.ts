import type { z } from "zod";
import { kycContract, type limitsResponse } from "../../proto-like-schemas/kyc.ts";
import type { BaseConfig } from "../../shared/config.ts";
import type { ServiceContext } from "../../shared/service.ts";
import type { WalletConfig } from "./config.ts";
import type { LedgerDeps } from "./ledger/deps.ts";

export type Limits = z.infer<typeof limitsResponse>;

export interface WalletDeps {
  ledger: LedgerDeps;
  /** The user's tier limits, or null while kyc cannot say: a wallet page never fails for want of them. */
  limitsOf(userId: string): Promise<Limits | null>;
}

export function setupWallet(ctx: ServiceContext<BaseConfig & WalletConfig>): WalletDeps {
  const kyc = ctx.rpc(kycContract);
  return {
    ledger: { db: ctx.db, emit: ctx.emit },
    async limitsOf(userId) {
      try {
        return await kyc.getLimits({ userId }, { timeoutMs: ctx.config.KYC_LIMITS_TIMEOUT_MS });
      } catch (err) {
        ctx.log.warn("limits unavailable; showing the wallet without them", { userId, error: (err as Error).message });
        return null;
      }
    },
  };
}
