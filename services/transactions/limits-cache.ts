import type { NatsConnection, Subscription } from "nats";
import type { kycContract, TierLimits } from "../../proto-like-schemas/kyc.ts";
import type { KycTier } from "../../proto-like-schemas/money.ts";
import { subjectOf } from "../../shared/events/envelope.ts";
import type { Logger } from "../../shared/log.ts";
import type { RpcClient } from "../../shared/rpc/client.ts";

const MAX_ENTRIES = 10_000;

/** A user's limits with the tier they come from. */
export type UserLimits = TierLimits & { tier: KycTier };

export interface LimitsCache {
  get(userId: string): Promise<UserLimits>;
  /**
   * Forgets what kyc announces has changed, in every replica: a tier's limits (all entries) or a
   * user's tier (theirs), so an admin's new limits and a user's upgrade apply at once.
   */
  follow(nc: NatsConnection, log: Logger): Subscription[];
}

/**
 * kyc.getLimits, cached in memory and emptied by kyc's events (a plain subscription: each replica
 * has its own cache). The TTL only bounds how stale an entry can get if an event is missed while
 * the connection to NATS is down. Failures are not cached.
 */
export function createLimitsCache(kyc: RpcClient<typeof kycContract>, ttlMs: number): LimitsCache {
  const entries = new Map<string, { limits: UserLimits; expiresAt: number }>();
  // Bumped by every invalidation: an answer asked for before one is not stored after it.
  let generation = 0;

  const onEvent = (forget: (data: Record<string, unknown>) => void, log: Logger) => (err: Error | null, msg: { data: Uint8Array }) => {
    generation++;
    if (err) return void entries.clear();
    try {
      forget((JSON.parse(new TextDecoder().decode(msg.data)) as { data?: Record<string, unknown> }).data ?? {});
    } catch (e) {
      log.warn("unreadable kyc event; limits cache emptied", { error: (e as Error).message });
      entries.clear();
    }
  };

  return {
    async get(userId) {
      const hit = entries.get(userId);
      if (hit && hit.expiresAt > Date.now()) return hit.limits;
      const asked = generation;
      const { tier, perTxnCents, dailyCents, monthlyCents, depositPerTxnCents, depositDailyCents } = await kyc.getLimits({ userId });
      const limits = { tier, perTxnCents, dailyCents, monthlyCents, depositPerTxnCents, depositDailyCents };
      if (ttlMs > 0 && asked === generation) {
        entries.delete(userId);
        // Map keeps insertion order, so the first key is the oldest entry.
        if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
        entries.set(userId, { limits, expiresAt: Date.now() + ttlMs });
      }
      return limits;
    },

    follow(nc, log) {
      return [
        nc.subscribe(subjectOf("kyc.limits_changed"), { callback: onEvent(() => entries.clear(), log) }),
        nc.subscribe(subjectOf("kyc.tier_upgraded"), {
          callback: onEvent((data) => (typeof data.userId === "string" ? entries.delete(data.userId) : entries.clear()), log),
        }),
      ];
    },
  };
}
