import { transactionsContract } from "../../proto-like-schemas/transactions.ts";
import { databaseUrlFor, type BaseConfig } from "../../shared/config.ts";
import type { ServiceContext } from "../../shared/service.ts";
import { createCases, type Cases } from "./cases.ts";
import type { Clock } from "./clock.ts";
import { checkFraudConfig, type FraudConfig } from "./config.ts";
import { createSanctions, type Sanctions } from "./sanctions.ts";
import { createScoring, scoringSettings, type Scoring } from "./scoring.ts";
import { createSettlement, type Settlement } from "./settlement.ts";
import { createVelocityWindow } from "./velocity-window.ts";

export interface FraudDeps {
  scoring: Scoring;
  cases: Cases;
  settlement: Settlement;
  sanctions: Sanctions;
}

export type FraudContext = ServiceContext<BaseConfig & FraudConfig>;

/**
 * Redis keys carry the database's name: the copy in Redis belongs to the table it caches, so
 * two deployments (or test runs) sharing one Redis never read each other's sanctions or windows.
 */
const redisPrefix = (ctx: FraudContext) => `fraud:${new URL(databaseUrlFor("fraud", ctx.config)).pathname.slice(1)}:`;

export async function setupFraud(ctx: FraudContext, clock: Clock): Promise<FraudDeps> {
  const { config, db, redis, log } = ctx;
  checkFraudConfig(config);
  const keyPrefix = redisPrefix(ctx);
  const sanctions = createSanctions({ db, redis, keyPrefix, log });
  // Without a fresh copy the rule asks the table, so a failed rebuild here only costs speed.
  await sanctions.rebuildCache().catch((err) => log.warn("sanctions cache not built at start-up", { error: (err as Error).message }));
  const velocity = createVelocityWindow(redis, keyPrefix, config.FRAUD_VELOCITY_WINDOW_S, config.FRAUD_VELOCITY_MAX);
  const scoring = createScoring({ db, velocity, sanctions, clock, settings: scoringSettings(config), log });
  const settlement = createSettlement({
    db,
    transactions: ctx.rpc(transactionsContract),
    settings: {
      timeoutMs: config.FRAUD_SETTLE_TIMEOUT_MS,
      retry: { baseMs: config.FRAUD_SETTLE_RETRY_BASE_MS, maxMs: config.FRAUD_SETTLE_RETRY_MAX_MS, maxRefusedAttempts: config.FRAUD_SETTLE_MAX_REFUSALS },
    },
    log,
    shutdown: ctx.shutdown,
  });
  const cases = createCases({ db, settlement });
  return { scoring, cases, settlement, sanctions };
}
