import type { NatsConnection } from "nats";
import { walletContract, type WalletSummary } from "../../proto-like-schemas/wallet.ts";
import { service as walletService } from "../../services/wallet/main.ts";
import { rpcClient } from "../../shared/rpc/client.ts";
import { eventually } from "../../shared/testing/wait.ts";
import { startService } from "./services.ts";

export type RunningWallet = Awaited<ReturnType<typeof walletService.start>>;

/** Starts the wallet service trusting the given auth's keys (or none, for RPC-only tests). */
export function startWallet(auth?: { url: string }, extra: Record<string, string | undefined> = {}): Promise<RunningWallet> {
  return startService(walletService, { ...(auth ? { JWKS_URL: `${auth.url}/.well-known/jwks.json` } : {}), ...extra });
}

/** Waits until the user's wallet exists (it is created from auth's user_registered event) and returns it. */
export async function waitForWallet(walletUrl: string, token: string, timeoutMs = 10_000): Promise<WalletSummary> {
  return eventually(
    async () => {
      const res = await fetch(`${walletUrl}/api/v1/wallet`, { headers: { authorization: `Bearer ${token}` } });
      return res.status === 200 ? ((await res.json()) as WalletSummary) : undefined;
    },
    { timeoutMs, what: "the user's wallet" },
  );
}

/**
 * Publishes auth.user_registered for new user ids, as auth would, and waits for their wallets:
 * for tests that need wallets but no signed-in users.
 */
export async function createWalletUsers(nc: NatsConnection, count: number): Promise<string[]> {
  const js = nc.jetstream();
  const wallet = rpcClient(nc, walletContract);
  const ids = Array.from({ length: count }, () => Bun.randomUUIDv7());
  for (const userId of ids) {
    const envelope = {
      id: Bun.randomUUIDv7(),
      type: "auth.user_registered",
      occurredAt: new Date().toISOString(),
      producer: "auth",
      actorId: userId,
      subjectUserIds: [userId],
      traceparent: null,
      data: { userId, email: `${userId}@example.com`, name: null, registrationMethod: "credentials" },
    };
    await js.publish("events.auth.user_registered", new TextEncoder().encode(JSON.stringify(envelope)), { msgID: envelope.id });
  }
  for (const userId of ids) {
    await eventually(() => wallet.getWallet({ userId }).then(() => true), { what: `wallet of ${userId}` });
  }
  return ids;
}
