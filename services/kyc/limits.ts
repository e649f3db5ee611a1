import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { eventCatalog } from "../../proto-like-schemas/events/index.ts";
import type { limitsResponse, limitsTable, TierLimits, tiersResponse } from "../../proto-like-schemas/kyc.ts";
import { KYC_TIERS, type KycTier } from "../../proto-like-schemas/money.ts";
import type { Database, Executor } from "../../shared/db/connect.ts";
import { AppError } from "../../shared/errors.ts";
import type { Emit } from "../../shared/events/outbox.ts";
import { profiles, tierLimits } from "./db/schema.ts";
import { limitsProblems, sameLimits } from "./domain/limits.ts";
import { getOrCreateProfile } from "./profiles.ts";

type LimitsTable = z.infer<typeof limitsTable>;
type LimitsResponse = z.input<typeof limitsResponse>;
type TiersResponse = z.input<typeof tiersResponse>;

const pick = (r: typeof tierLimits.$inferSelect): TierLimits => ({
  perTxnCents: r.perTxnCents,
  dailyCents: r.dailyCents,
  monthlyCents: r.monthlyCents,
  depositPerTxnCents: r.depositPerTxnCents,
  depositDailyCents: r.depositDailyCents,
});

async function readTable(db: Executor): Promise<LimitsTable> {
  const rows = await db.select().from(tierLimits);
  const table = Object.fromEntries(rows.map((r) => [r.tier, pick(r)])) as Partial<LimitsTable>;
  for (const tier of KYC_TIERS) if (!table[tier]) throw new AppError("INTERNAL", `No limits configured for tier ${tier}`);
  return table as LimitsTable;
}

/**
 * Tier limits, read from Postgres on every call. There is deliberately no cache: a user's limits
 * need the profile row anyway, and joining the three-row limits table costs nothing more, so a
 * change is visible to every replica at once with nothing to invalidate.
 */
export function createLimits(deps: { db: Database; emit: Emit<typeof eventCatalog> }) {
  const { db, emit } = deps;

  const userLimits = (userId: string) =>
    db
      .select({ tier: profiles.tier, limits: tierLimits })
      .from(profiles)
      .innerJoin(tierLimits, eq(tierLimits.tier, profiles.tier))
      .where(eq(profiles.userId, userId))
      .limit(1);

  return {
    async forUser(userId: string): Promise<LimitsResponse> {
      let [row] = await userLimits(userId);
      if (!row) {
        await getOrCreateProfile(db, userId);
        [row] = await userLimits(userId);
      }
      if (!row) throw new AppError("INTERNAL", "No limits configured for the user's tier");
      return { tier: row.tier as KycTier, ...pick(row.limits), currency: "USD" };
    },

    table: () => readTable(db),

    /** The whole table as a list, lowest tier first (the same for every user: nobody's data). */
    async tiers(): Promise<TiersResponse> {
      const table = await readTable(db);
      return { currency: "USD", tiers: KYC_TIERS.map((tier) => ({ tier, ...table[tier] })) };
    },

    /** Replaces one tier's limits; a repeat with the same values changes nothing and emits nothing. */
    async set(tier: KycTier, limits: TierLimits, adminId: string): Promise<LimitsTable> {
      const problems = limitsProblems(limits);
      if (problems.length) {
        throw new AppError("INVALID_ARGUMENT", `Limits are inconsistent: ${problems.map((p) => `${p.field} ${p.message}`).join("; ")}`, { fieldErrors: problems });
      }
      return db.transaction(async (tx) => {
        const [current] = await tx.select().from(tierLimits).where(eq(tierLimits.tier, tier)).for("update");
        if (current && sameLimits(pick(current), limits)) return readTable(tx);
        await tx
          .insert(tierLimits)
          .values({ tier, ...limits, updatedBy: adminId })
          .onConflictDoUpdate({ target: tierLimits.tier, set: { ...limits, updatedBy: adminId, updatedAt: sql`now()` } });
        await emit(tx, "kyc.limits_changed", { tier, limits, changedBy: adminId }, { actorId: adminId, subjectUserIds: [] });
        return readTable(tx);
      });
    },
  };
}

export type Limits = ReturnType<typeof createLimits>;
