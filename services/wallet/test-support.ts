import { afterAll, beforeAll } from "bun:test";
import { connect, type NatsConnection } from "nats";
import { walletContract } from "../../proto-like-schemas/wallet.ts";
import { AppError } from "../../shared/errors.ts";
import { rpcClient, type RpcClient } from "../../shared/rpc/client.ts";
import { getInfra } from "../../tests/harness/infra.ts";
import { startWallet, type RunningWallet } from "../../tests/harness/wallet.ts";

export interface WalletRpcFixture {
  svc: RunningWallet;
  nc: NatsConnection;
  wallet: RpcClient<typeof walletContract>;
}

/**
 * A wallet service of the test file's own (fresh database) and a typed RPC client, started before
 * the file's tests and stopped after them. Deadlines are generous: other suites share the cores.
 */
export function useWalletRpc(deadlineMs = 30_000): WalletRpcFixture {
  const fixture = {} as WalletRpcFixture;
  beforeAll(async () => {
    fixture.svc = await startWallet();
    fixture.nc = await connect({ servers: (await getInfra()).natsUrl });
    fixture.wallet = rpcClient(fixture.nc, walletContract, deadlineMs);
  });
  afterAll(async () => {
    await fixture.nc?.close();
    await fixture.svc?.stop();
  });
  return fixture;
}

export const txn = () => Bun.randomUUIDv7();

/** The typed error code a call failed with, or "succeeded". */
export const codeOf = (call: Promise<unknown>): Promise<string> =>
  call.then(
    () => "succeeded",
    (err) => (err instanceof AppError ? err.code : Promise.reject(err)),
  );
