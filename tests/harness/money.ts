/**
 * The money path in one process: real auth, wallet, kyc, fraud and transactions services against
 * the harness's PostgreSQL, Redis, NATS, S3 and MailDev, each with its own database, all trusting
 * the same auth's keys. Plus typed RPC clients and helpers to make users with money.
 *
 *   const mesh = await startMoneyMesh();
 *   afterAll(() => mesh.stop());
 *   const alice = await mesh.user({ balance: 100_000 });
 */
import { eq } from "drizzle-orm";
import { connect, type NatsConnection } from "nats";
import { fraudContract } from "../../proto-like-schemas/fraud.ts";
import { kycContract } from "../../proto-like-schemas/kyc.ts";
import type { KycTier } from "../../proto-like-schemas/money.ts";
import { transactionsContract, type Transaction } from "../../proto-like-schemas/transactions.ts";
import { walletContract } from "../../proto-like-schemas/wallet.ts";
import { users } from "../../services/auth/db/schema.ts";
import { createFraudService } from "../../services/fraud/main.ts";
import { service as kycService } from "../../services/kyc/main.ts";
import { service as transactionsService } from "../../services/transactions/main.ts";
import { service as walletService } from "../../services/wallet/main.ts";
import { rpcClient } from "../../shared/rpc/client.ts";
import { eventually } from "../../shared/testing/wait.ts";
import { startAuth, type RunningAuth } from "./auth.ts";
import { getInfra, getS3 } from "./infra.ts";
import { startService } from "./services.ts";
import { bearer, signUp, signUpVerified, type TestUser } from "./users.ts";

type Env = Record<string, string | undefined>;

/** A transaction on success; on failure a problem document (title, detail, code, errors, …). */
export type MoneyBody = Transaction & Record<string, any>;

export interface MoneyMeshOptions {
  /** Extra environment per service (e.g. SWEEPER_STALE_AFTER_S for transactions). */
  env?: Partial<Record<"auth" | "wallet" | "kyc" | "fraud" | "transactions", Env>>;
  /** Leave a service out (to test how the others behave without it). */
  without?: ("fraud" | "kyc")[];
}

export interface MoneyUser extends TestUser {
  tier: KycTier;
}

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

type Running = { url: string; stop(): Promise<void> };

/** Defaults that keep tests deterministic: no velocity blocks from many test transfers, no night rule. */
const FRAUD_TEST_DEFAULTS: Env = { FRAUD_VELOCITY_MAX: "100000", FRAUD_NIGHT_CENTS: "100000000000" };

type ServiceName = "wallet" | "kyc" | "fraud" | "transactions";

export async function startMoneyMesh(options: MoneyMeshOptions = {}) {
  const env = options.env ?? {};
  const auth = await startAuth(env.auth ?? {});
  const jwks = { JWKS_URL: `${auth.url}/.well-known/jwks.json` };
  const s3 = await getS3();
  const envs: Record<ServiceName, Env> = {
    wallet: { ...jwks, ...env.wallet },
    kyc: {
      ...jwks,
      S3_ENDPOINT: s3.endpoint,
      S3_ACCESS_KEY: s3.accessKey,
      S3_SECRET_KEY: s3.secretKey,
      S3_BUCKET: s3.bucket,
      S3_REGION: s3.region,
      KYC_WEBHOOK_SECRET: "test-kyc-webhook-secret",
      ...env.kyc,
    },
    fraud: { ...jwks, ...FRAUD_TEST_DEFAULTS, ...env.fraud },
    // No limits cache: a user's tier changes (e-mail verified) right before their first payment.
    transactions: { ...jwks, LIMITS_CACHE_TTL_MS: "0", ...env.transactions },
  };
  const started: Running[] = [];
  const start = async <R extends Running>(p: Promise<R>): Promise<R> => {
    const r = await p;
    started.push(r);
    return r;
  };
  let nc: NatsConnection | undefined;
  try {
    const [wallet, kyc, fraud] = await Promise.all([
      start(startService(walletService, envs.wallet)),
      options.without?.includes("kyc") ? undefined : start(startService(kycService, envs.kyc)),
      options.without?.includes("fraud") ? undefined : start(startService(createFraudService(), envs.fraud)),
    ]);
    const transactions = await start(startService(transactionsService, envs.transactions));
    nc = await connect({ servers: (await getInfra()).natsUrl });
    return meshApi({ auth, wallet, kyc, fraud, transactions, nc, started, envs });
  } catch (err) {
    await nc?.close();
    await Promise.allSettled(started.map((s) => s.stop()));
    await auth.stop();
    throw err;
  }
}

export type MoneyMesh = Awaited<ReturnType<typeof startMoneyMesh>>;

type Started<S extends { start: (...args: any[]) => Promise<unknown> }> = Awaited<ReturnType<S["start"]>>;
type Services = {
  wallet: Started<typeof walletService>;
  kyc: Started<typeof kycService> | undefined;
  fraud: Started<ReturnType<typeof createFraudService>> | undefined;
  transactions: Started<typeof transactionsService>;
};

function meshApi(m: Services & { auth: RunningAuth; nc: NatsConnection; started: Running[]; envs: Record<ServiceName, Env> }) {
  const { auth, nc } = m;
  const rpc = {
    wallet: rpcClient(nc, walletContract, 10_000),
    kyc: rpcClient(nc, kycContract, 10_000),
    fraud: rpcClient(nc, fraudContract, 10_000),
    transactions: rpcClient(nc, transactionsContract, 10_000),
  };

  async function call<B = any>(method: string, url: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult<B>> {
    const res = await fetch(url, {
      method,
      headers: { ...bearer(token), ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  }

  const services: Services = { wallet: m.wallet, kyc: m.kyc, fraud: m.fraud, transactions: m.transactions };
  const api = {
    ...services,
    auth,
    nc,
    rpc,

    /**
     * Stops a service and starts it again on the same database (with extra env if given), e.g. to
     * test what happens while it is down. Returns the new instance (also at mesh[name]).
     */
    async restart<N extends ServiceName>(name: N, extra: Env = {}): Promise<NonNullable<Services[N]>> {
      const current = api[name];
      if (!current) throw new Error(`${name} was not started`);
      await current.stop();
      const definition = { wallet: walletService, kyc: kycService, fraud: createFraudService(), transactions: transactionsService }[name];
      const next = (await startService(definition as typeof walletService, { ...m.envs[name], DATABASE_NAME: current.ctx.config.DATABASE_NAME, ...extra })) as unknown as NonNullable<Services[N]>;
      m.started.push(next);
      (api as Services)[name] = next;
      return next;
    },

    /** POST /topup with a fresh Idempotency-Key unless one is given (null: no header at all). */
    topup(user: TestUser, body: unknown, key: string | null = crypto.randomUUID()) {
      return call<MoneyBody>("POST", `${api.transactions.url}/api/v1/transactions/topup`, user.token, body, key === null ? {} : { "idempotency-key": key });
    },
    transfer(user: TestUser, body: unknown, key: string | null = crypto.randomUUID(), headers: Record<string, string> = {}) {
      return call<MoneyBody>("POST", `${api.transactions.url}/api/v1/transactions/transfer`, user.token, body, { ...(key === null ? {} : { "idempotency-key": key }), ...headers });
    },
    list(user: TestUser, query = "") {
      return call<{ items: Transaction[]; nextCursor: string | null } & Record<string, any>>("GET", `${api.transactions.url}/api/v1/transactions${query ? `?${query}` : ""}`, user.token);
    },
    get(user: TestUser, id: string) {
      return call<MoneyBody>("GET", `${api.transactions.url}/api/v1/transactions/${encodeURIComponent(id)}`, user.token);
    },
    call,

    /** Marks the user inactive in auth (as an account closed by support would be). */
    async deactivate(userId: string) {
      await auth.ctx.db.update(users).set({ isActive: false }).where(eq(users.id, userId));
    },

    async balance(userId: string) {
      return rpc.wallet.getBalance({ userId });
    },

    /** Waits until kyc reports the tier (the verification event travels asynchronously). */
    async waitForTier(userId: string, tier: KycTier) {
      await eventually(async () => (await rpc.kyc.getTier({ userId })).tier === tier, { timeoutMs: 20_000, what: `tier ${tier} for ${userId}` });
    },

    /**
     * A signed-in user with a wallet: BASIC (e-mail verified) unless told otherwise, funded with
     * `balance` cents through real top-ups (at most the tier's deposit allowance for one day).
     */
    async user(opts: { tier?: "UNVERIFIED" | "BASIC"; balance?: number; name?: string } = {}): Promise<MoneyUser> {
      const tier = opts.tier ?? "BASIC";
      const user = tier === "BASIC" ? await signUpVerified(auth.url, { name: opts.name }) : await signUp(auth.url, { name: opts.name });
      await eventually(() => rpc.wallet.getWallet({ userId: user.id }).then(() => true), { timeoutMs: 20_000, what: `wallet of ${user.id}` });
      if (api.kyc) await api.waitForTier(user.id, tier);
      let left = opts.balance ?? 0;
      const perTopup = tier === "BASIC" ? 50_000 : 5_000;
      while (left > 0) {
        const amount = Math.min(left, perTopup);
        const res = await api.topup(user, { amount });
        if (res.status !== 201) throw new Error(`funding top-up failed: ${res.status} ${JSON.stringify(res.body)}`);
        left -= amount;
      }
      return { ...user, tier };
    },

    async stop() {
      await nc.close();
      // Stopping twice is harmless (restarted services' old instances are in the list too).
      for (const s of [...m.started].reverse()) await s.stop();
      await auth.stop();
    },
  };
  return api;
}
