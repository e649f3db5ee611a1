import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { discoverServices, serviceUrlEnv } from "../../shared/devstack/services.ts";
import { closedAddress, getInfra } from "./infra.ts";

const ROOT = resolve(import.meta.dir, "../..");

interface Startable<R> {
  name: string;
  start(options: { env?: Record<string, string | undefined> }): Promise<R>;
}

let counter = 0;

/** A database name of its own for each started service, so test files never share state. */
export const uniqueDatabaseName = (service: string) => `mint_${service.replaceAll("-", "_")}_t${process.pid}_${++counter}`;

/**
 * Every address a service dials that defaults to a fixed port of `bun dev` (the signing keys,
 * SMTP, S3, the other services), pointed at the harness's closed address instead: a test that
 * leaves one unset must find nothing there, not a developer's running platform.
 */
export async function closedDefaults(): Promise<Record<string, string>> {
  const closed = await closedAddress();
  const serviceUrls = Object.keys(serviceUrlEnv(discoverServices(ROOT)));
  return {
    ...Object.fromEntries(serviceUrls.map((name) => [name, `http://${closed}`])),
    JWKS_URL: `http://${closed}/.well-known/jwks.json`,
    SMTP_URL: `smtp://${closed}`,
    S3_ENDPOINT: `http://${closed}`,
  };
}

/** The environment a service needs to run against the harness's PostgreSQL, Redis and NATS. */
export async function testEnv(service: string, extra: Record<string, string | undefined> = {}): Promise<Record<string, string | undefined>> {
  const infra = await getInfra();
  return {
    ...(await closedDefaults()),
    MINT_ENV: "test",
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: process.env.MINT_TEST_LOG_LEVEL ?? "error",
    POSTGRES_URL: infra.postgresUrl,
    REDIS_URL: infra.redisUrl,
    NATS_URL: infra.natsUrl,
    DATABASE_NAME: uniqueDatabaseName(service),
    SHUTDOWN_GRACE_MS: "5000",
    ...extra,
  };
}

/** Starts a service in this process against the harness's servers. Callers stop it in afterAll. */
export async function startService<R>(service: Startable<R>, extra: Record<string, string | undefined> = {}): Promise<R> {
  return service.start({ env: await testEnv(service.name, extra) });
}

export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), `mint-${prefix}-`));
