import { afterAll, describe, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { connect } from "nats";
import { getInfra } from "../tests/harness/infra.ts";
import { startService, testEnv, uniqueDatabaseName } from "../tests/harness/services.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { rpcClient } from "./rpc/client.ts";
import { probeContract } from "./testing/probe/contract.ts";
import { probeService } from "./testing/probe/service.ts";

const started: { stop(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
});

describe("configuration", () => {
  test("a bad or missing variable is named in the error", () => {
    expect(() => loadConfig("probe", 1, undefined, { PORT: "eighty" })).toThrow(ConfigError);
    expect(() => loadConfig("probe", 1, undefined, { PORT: "eighty" })).toThrow(/PORT/);
    expect(() => loadConfig("probe", 1, undefined, { LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
  });
  test("defaults fill in the rest", () => {
    const config = loadConfig("probe", 4321, undefined, {});
    expect(config.PORT).toBe(4321);
    expect(config.JWT_ISSUER).toBe("mint-auth");
  });
});

describe("service lifecycle", () => {
  test("/healthz, /readyz and /openapi.json answer", async () => {
    const svc = await startService(probeService);
    started.push(svc);
    expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
    const ready = (await (await fetch(`${svc.url}/readyz`)).json()) as { status: string; checks: Record<string, string> };
    expect(ready.status).toBe("ready");
    expect(ready.checks).toEqual({ postgres: "ok", nats: "ok" });
    expect(((await (await fetch(`${svc.url}/openapi.json`)).json()) as { openapi: string }).openapi).toBe("3.1.0");
  });

  test("two replicas migrating one fresh database at once both start, migrations applied once", async () => {
    const database = uniqueDatabaseName("probe");
    const [a, b] = await Promise.all([startService(probeService, { DATABASE_NAME: database }), startService(probeService, { DATABASE_NAME: database })]);
    started.push(a!, b!);
    const [row] = await a!.ctx.db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    expect(row!.n).toBe(1);
  });

  test("graceful shutdown finishes in-flight HTTP and RPC work, then refuses new work", async () => {
    const svc = await startService(probeService);
    const nc = await connect({ servers: (await getInfra()).natsUrl });
    try {
      const http = fetch(`${svc.url}/slow`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ms: 600 }) });
      const rpc = rpcClient(nc, probeContract).slow({ ms: 600 }, { timeoutMs: 5_000 });
      await Bun.sleep(100);
      const stopping = svc.stop();
      const res = await http;
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ sleptMs: 600 });
      expect(await rpc).toEqual({ sleptMs: 600 });
      await stopping;
      expect(fetch(`${svc.url}/healthz`)).rejects.toThrow();
    } finally {
      await nc.close();
    }
  });

  test("a singleton job runs on one replica at a time", async () => {
    const database = uniqueDatabaseName("probe");
    const a = await startService(probeService, { DATABASE_NAME: database, PROBE_ID: "a", PROBE_JOB_MS: "60" });
    const b = await startService(probeService, { DATABASE_NAME: database, PROBE_ID: "b", PROBE_JOB_MS: "60" });
    await Bun.sleep(1_000);
    await Promise.all([a.stop(), b.stop()]);
    const admin = postgres(a.ctx.config.POSTGRES_URL.replace(/\/[^/]*$/, `/${database}`), { max: 1, onnotice: () => {} });
    const runs = await admin<{ startedAt: Date; endedAt: Date }[]>`select started_at as "startedAt", ended_at as "endedAt" from job_runs order by started_at`;
    await admin.end();
    expect(runs.length).toBeGreaterThan(5);
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.startedAt.getTime()).toBeGreaterThanOrEqual(runs[i - 1]!.endedAt.getTime());
  });

  test("the database is created on first start", async () => {
    const env = await testEnv("probe");
    const svc = await probeService.start({ env });
    started.push(svc);
    const admin = postgres((await getInfra()).postgresUrl, { max: 1, onnotice: () => {} });
    const rows = await admin`select 1 from pg_database where datname = ${env.DATABASE_NAME!}`;
    await admin.end();
    expect(rows.length).toBe(1);
  });
});
