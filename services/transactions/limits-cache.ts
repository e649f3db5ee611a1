import type { kycContract, TierLimits } from "../../proto-like-schemas/kyc.ts";
import type { RpcClient } from "../../shared/rpc/client.ts";

const MAX_ENTRIES = 10_000;

export interface LimitsCache {
  get(userId: string): Promise<TierLimits>;
}

/**
 * kyc.getLimits, cached briefly in memory. No limits-changed event reaches this service, so the
 * TTL is the only bound on how stale a tier can be: keep it short. Failures are not cached.
 */
export function createLimitsCache(kyc: RpcClient<typeof kycContract>, ttlMs: number): LimitsCache {
  const entries = new Map<string, { limits: TierLimits; expiresAt: number }>();
  return {
    async get(userId) {
      const hit = entries.get(userId);
      if (hit && hit.expiresAt > Date.now()) return hit.limits;
      const { perTxnCents, dailyCents, monthlyCents, depositPerTxnCents, depositDailyCents } = await kyc.getLimits({ userId });
      const limits = { perTxnCents, dailyCents, monthlyCents, depositPerTxnCents, depositDailyCents };
      if (ttlMs > 0) {
        entries.delete(userId);
        // Map keeps insertion order, so the first key is the oldest entry.
        if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
        entries.set(userId, { limits, expiresAt: Date.now() + ttlMs });
      }
      return limits;
    },
  };
}
