import { authContract } from "../../proto-like-schemas/auth.ts";
import { kycContract } from "../../proto-like-schemas/kyc.ts";
import { transactionsContract } from "../../proto-like-schemas/transactions.ts";
import type { BaseConfig } from "../../shared/config.ts";
import { rpcClient } from "../../shared/rpc/client.ts";
import type { ServiceContext } from "../../shared/service.ts";
import type { Clock } from "./clock.ts";
import type { SocialConfig } from "./config.ts";
import { createContacts, type Contacts } from "./contacts.ts";
import { createRequests, type Requests } from "./requests.ts";
import { createSharePayments, type SharePayments } from "./share-payments.ts";
import { createSplits, type Splits } from "./splits.ts";
import { createUsers } from "./users.ts";

export interface SocialDeps {
  contacts: Contacts;
  requests: Requests;
  splits: Splits;
  sharePayments: SharePayments;
}

/** Wires social's parts from its context: auth for who exists, kyc for limits, transactions for share payments. */
export function setupSocial(ctx: ServiceContext<BaseConfig & SocialConfig>, clock: Clock): SocialDeps {
  const { db, emit, log, config } = ctx;
  const users = createUsers(ctx.rpc(authContract), log);
  const splits = createSplits({ db, emit, users, clock, log });
  return {
    contacts: createContacts({ db, emit, users, clock }),
    requests: createRequests({ db, emit, users, kyc: ctx.rpc(kycContract), clock, expiryHours: config.SOCIAL_REQUEST_EXPIRY_HOURS, log }),
    splits,
    // The pipeline behind payShare (limits, fraud, wallet) needs longer than the default deadline.
    sharePayments: createSharePayments({ db, splits, transactions: rpcClient(ctx.nc, transactionsContract, config.SOCIAL_PAY_SHARE_TIMEOUT_MS), timeoutMs: config.SOCIAL_PAY_SHARE_TIMEOUT_MS, log }),
  };
}
