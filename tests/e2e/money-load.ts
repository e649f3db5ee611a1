import { kycContract } from "../../proto-like-schemas/kyc.ts";
import { transactionsContract, type Transaction } from "../../proto-like-schemas/transactions.ts";
import { walletContract } from "../../proto-like-schemas/wallet.ts";
import { rpcClient } from "../../shared/rpc/client.ts";
import { eventually } from "../../shared/testing/wait.ts";
import type { ProcessMesh } from "../harness/process-mesh.ts";
import { bearer, signUp, type TestUser } from "../harness/users.ts";

/** Settings for a load run over the money path. */
export const LOAD_SERVICES = ["auth", "wallet", "kyc", "fraud", "transactions"];
export const LOAD_ENV = {
  // 100 transfers per user in a minute would trip the velocity rule; this test is about money, not fraud.
  fraud: { FRAUD_VELOCITY_MAX: "100000" },
  transactions: { SWEEPER_STALE_AFTER_S: "2", SWEEPER_INTERVAL_MS: "500" },
};
const ADMIN = "00000000-0000-7000-8000-000000000001";
const UNLIMITED = { perTxnCents: 1e9, dailyCents: 1e10, monthlyCents: 1e11, depositPerTxnCents: 1e9, depositDailyCents: 1e10 };
const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELLED", "REVERSED"]);

export async function prepareUsers(mesh: ProcessMesh, count: number): Promise<TestUser[]> {
  await rpcClient(mesh.nc, kycContract).setLimits({ tier: "UNVERIFIED", limits: UNLIMITED, adminId: ADMIN });
  const users = await Promise.all(Array.from({ length: count }, (_, i) => signUp(mesh.gatewayUrl, { name: `Load ${i}` })));
  for (const user of users) {
    await eventually(async () => (await fetch(`${mesh.gatewayUrl}/api/v1/wallet/`, { headers: bearer(user.token) })).status === 200, { what: `wallet of ${user.email}` });
  }
  return users;
}

export interface LoadResult {
  attempted: number;
  /** Final HTTP status of each operation. */
  byStatus: Record<number, number>;
  /** Operations that needed at least one retry (no definite answer the first time). */
  retried: number;
}

/**
 * Random top-ups and transfers from `concurrency` clients. Like a careful client, each retries a
 * request that got no definite answer (5xx or a dropped connection) with the same Idempotency-Key.
 */
export async function runLoad(mesh: ProcessMesh, users: TestUser[], operations: number, concurrency: number, onProgress?: (done: number) => Promise<void> | void): Promise<LoadResult> {
  const byStatus: Record<number, number> = {};
  let retried = 0;
  let next = 0;
  let done = 0;
  const pick = () => users[Math.floor(Math.random() * users.length)]!;
  async function send(user: TestUser, path: string, body: unknown): Promise<number> {
    const key = crypto.randomUUID();
    for (let attempt = 0; ; attempt++) {
      const status = await fetch(`${mesh.gatewayUrl}/api/v1/transactions${path}`, {
        method: "POST",
        headers: { ...bearer(user.token), "content-type": "application/json", "idempotency-key": key },
        body: JSON.stringify(body),
      })
        .then((r) => r.arrayBuffer().then(() => r.status))
        .catch(() => 599);
      if ((status < 500 && status !== 409) || attempt >= 8) return status;
      if (attempt === 0) retried++;
      await Bun.sleep(250 * (attempt + 1));
    }
  }
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < operations) {
        next++;
        const sender = pick();
        let status: number;
        if (Math.random() < 0.2) {
          status = await send(sender, "/topup", { amount: 100 + Math.floor(Math.random() * 50_000) });
        } else {
          let recipient = pick();
          while (recipient.id === sender.id) recipient = pick();
          status = await send(sender, "/transfer", { recipientId: recipient.id, amount: 1 + Math.floor(Math.random() * 30_000), description: "load" });
        }
        byStatus[status] = (byStatus[status] ?? 0) + 1;
        done++;
        await onProgress?.(done);
      }
    }),
  );
  return { attempted: operations, byStatus, retried };
}

export async function allTransactions(mesh: ProcessMesh): Promise<Transaction[]> {
  const client = rpcClient(mesh.nc, transactionsContract, 10_000);
  const all: Transaction[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.list({ limit: 100, cursor });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

const settledOrHeld = (t: Transaction) => TERMINAL.has(t.status) || (t.status === "PENDING" && t.statusReason === "FRAUD_REVIEW");

/** Waits for the sweeper, then checks conservation and that nothing moved twice. */
export async function checkConservation(mesh: ProcessMesh) {
  const transactions = await eventually(
    async () => {
      const all = await allTransactions(mesh);
      return all.every(settledOrHeld) ? all : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 500, what: "every transaction terminal or held" },
  );
  const wallet = rpcClient(mesh.nc, walletContract, 10_000);
  const verdict = await wallet.verify({});
  const completedTopUps = transactions.filter((t) => t.type === "TOPUP" && t.status === "COMPLETED").reduce((sum, t) => sum + t.amount, 0);
  const movedTwice: string[] = [];
  const movedWrongly: string[] = [];
  for (const t of transactions) {
    const { movements } = await wallet.getSettlement({ transactionId: t.id });
    const forward = movements.filter((m) => m.kind !== "REVERSAL");
    if (forward.length > 1) movedTwice.push(t.id);
    const shouldHaveMoved = t.status === "COMPLETED";
    if ((forward.length === 1) !== shouldHaveMoved || forward.some((m) => m.amount !== t.amount)) movedWrongly.push(`${t.id} ${t.status} ${JSON.stringify(forward)}`);
  }
  return { transactions, verdict, completedTopUps, movedTwice, movedWrongly };
}
