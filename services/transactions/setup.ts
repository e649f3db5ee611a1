import { authContract } from "../../proto-like-schemas/auth.ts";
import { fraudContract } from "../../proto-like-schemas/fraud.ts";
import { kycContract } from "../../proto-like-schemas/kyc.ts";
import { walletContract } from "../../proto-like-schemas/wallet.ts";
import type { BaseConfig } from "../../shared/config.ts";
import type { RpcClient } from "../../shared/rpc/client.ts";
import type { ServiceContext } from "../../shared/service.ts";
import { createAdminActions, type AdminActions } from "./admin.ts";
import type { TransactionsConfig } from "./config.ts";
import { createIdempotency, type Idempotency } from "./idempotency.ts";
import { createLifecycle } from "./lifecycle.ts";
import { createLimitsCache, type LimitsCache } from "./limits-cache.ts";
import { createOnBehalf, type OnBehalf } from "./on-behalf.ts";
import { createPayments, type Payments } from "./payments.ts";
import { createSettlement, type Settlement } from "./settlement.ts";

export interface TransactionsDeps {
  payments: Payments;
  limits: LimitsCache;
  auth: RpcClient<typeof authContract>;
  settlement: Settlement;
  idempotency: Idempotency;
  admin: AdminActions;
  onBehalf: OnBehalf;
}

/** Wires the service's parts from its context: RPC clients, idempotency, lifecycle, settlement. */
export function setupTransactions(ctx: ServiceContext<BaseConfig & TransactionsConfig>): TransactionsDeps {
  const { db, log, config } = ctx;
  const wallet = ctx.rpc(walletContract);
  const lifecycle = createLifecycle({ db, emit: ctx.emit, log });
  const settlement = createSettlement({ wallet, lifecycle, log });
  const limits = createLimitsCache(ctx.rpc(kycContract), config.LIMITS_CACHE_TTL_MS);
  limits.follow(ctx.nc, log);
  const auth = ctx.rpc(authContract);
  const idempotency = createIdempotency({ db, redis: ctx.redis, log, inFlightTimeoutS: config.IDEMPOTENCY_IN_FLIGHT_TIMEOUT_S, retentionH: config.IDEMPOTENCY_RETENTION_H });
  const payments = createPayments({
    db,
    auth,
    wallet,
    fraud: ctx.rpc(fraudContract),
    limits,
    idempotency,
    lifecycle,
    settlement,
    log,
  });
  const onBehalf = createOnBehalf({ payments, idempotency, lifecycle, log });
  return { payments, limits, auth, settlement, idempotency, admin: createAdminActions({ db, wallet, lifecycle }), onBehalf };
}
