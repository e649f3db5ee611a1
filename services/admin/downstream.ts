import { auditContract } from "../../proto-like-schemas/audit.ts";
import { authContract } from "../../proto-like-schemas/auth.ts";
import { fraudContract } from "../../proto-like-schemas/fraud.ts";
import { kycContract } from "../../proto-like-schemas/kyc.ts";
import { transactionsContract } from "../../proto-like-schemas/transactions.ts";
import { walletContract } from "../../proto-like-schemas/wallet.ts";
import { AppError } from "../../shared/errors.ts";
import type { RpcClient } from "../../shared/rpc/client.ts";
import type { Contract } from "../../shared/rpc/contract.ts";

/**
 * What a failure of another service means for the admin's request. A service that is down or too
 * slow is an outage: 503 naming it, with the Retry-After the shared runtime adds to every 503
 * (every action is idempotent, so asking again is safe). A fault inside it is 502, never a 500 of ours. Typed refusals (not found, conflict,
 * insufficient funds…) pass through as they are.
 */
export function fromDownstream(service: string, err: unknown): unknown {
  if (!(err instanceof AppError)) return err;
  if (err.code === "UNAVAILABLE" || err.code === "DEADLINE_EXCEEDED") {
    return new AppError("UNAVAILABLE", `The ${service} service is not reachable; try again shortly`, { details: { service } });
  }
  if (err.code === "INTERNAL") return new AppError("INTERNAL", `The ${service} service failed to answer`, { status: 502, details: { service } });
  return err;
}

/** A typed client whose failures are mapped by fromDownstream. */
export function downstream<C extends Contract>(contract: C, client: RpcClient<C>): RpcClient<C> {
  const wrapped: Record<string, (req: unknown, opts?: unknown) => Promise<unknown>> = {};
  for (const name of Object.keys(contract.methods)) {
    const call = (client as Record<string, (req: unknown, opts?: unknown) => Promise<unknown>>)[name]!;
    wrapped[name] = (req, opts) =>
      call(req, opts).catch((err: unknown) => {
        throw fromDownstream(contract.service, err);
      });
  }
  return wrapped as RpcClient<C>;
}

/** The services the admin service asks; it never reads their databases. */
export interface Downstream {
  auth: RpcClient<typeof authContract>;
  wallet: RpcClient<typeof walletContract>;
  transactions: RpcClient<typeof transactionsContract>;
  kyc: RpcClient<typeof kycContract>;
  fraud: RpcClient<typeof fraudContract>;
  audit: RpcClient<typeof auditContract>;
}

export function connectDownstream(rpc: <C extends Contract>(contract: C) => RpcClient<C>): Downstream {
  const of = <C extends Contract>(contract: C) => downstream(contract, rpc(contract));
  return {
    auth: of(authContract),
    wallet: of(walletContract),
    transactions: of(transactionsContract),
    kyc: of(kycContract),
    fraud: of(fraudContract),
    audit: of(auditContract),
  };
}

export const isOutageError = (err: unknown) => err instanceof AppError && err.code === "UNAVAILABLE";
