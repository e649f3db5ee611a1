import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connect, type NatsConnection } from "nats";
import { z } from "zod";
import { getInfra } from "../../tests/harness/infra.ts";
import { startService } from "../../tests/harness/services.ts";
import { typedFailure } from "../testing/failure.ts";
import { createLogger } from "../log.ts";
import { probeContract } from "../testing/probe/contract.ts";
import { probeService } from "../testing/probe/service.ts";
import { rpcClient } from "./client.ts";
import { defineContract, method } from "./contract.ts";
import { serveContract } from "./server.ts";

const ghost = defineContract("ghost", {
  ping: method({ request: z.object({}), response: z.object({ pong: z.boolean() }), idempotent: true }),
  poke: method({ request: z.object({}), response: z.object({ pong: z.boolean() }) }),
});

let nc: NatsConnection;
let replicas: Awaited<ReturnType<typeof probeService.start>>[] = [];

beforeAll(async () => {
  const infra = await getInfra();
  nc = await connect({ servers: infra.natsUrl });
  replicas = [await startService(probeService, { PROBE_ID: "replica-a" })];
  replicas.push(await startService(probeService, { PROBE_ID: "replica-b", DATABASE_NAME: replicas[0]!.ctx.config.DATABASE_NAME }));
});

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.stop()));
  await nc.close();
});


describe("RPC over NATS", () => {
  test("round trip returns the typed response", async () => {
    const probe = rpcClient(nc, probeContract);
    const reply = await probe.echo({ text: "hello" });
    expect(reply.text).toBe("hello");
    expect(["replica-a", "replica-b"]).toContain(reply.servedBy);
  });

  test("replicas share the load through the queue group", async () => {
    const probe = rpcClient(nc, probeContract);
    const servers = new Set<string>();
    for (let i = 0; i < 40; i++) servers.add((await probe.echo({ text: String(i) })).servedBy);
    expect(servers).toEqual(new Set(["replica-a", "replica-b"]));
  });

  test("typed errors keep their code and map to HTTP statuses", async () => {
    const probe = rpcClient(nc, probeContract);
    const err = await typedFailure(probe.fail({ code: "INSUFFICIENT_FUNDS" }));
    expect(err.code).toBe("INSUFFICIENT_FUNDS");
    expect(err.status).toBe(422);
    expect((await typedFailure(probe.fail({ code: "NOT_FOUND" }))).status).toBe(404);
  });

  test("the client validates before sending", async () => {
    const probe = rpcClient(nc, probeContract);
    const err = await typedFailure(probe.echo({ text: 42 as unknown as string }));
    expect(err.code).toBe("INVALID_ARGUMENT");
    expect(err.fieldErrors?.[0]?.field).toBe("text");
  });

  test("the server validates what arrives, whoever sent it", async () => {
    const reply = await nc.request("mint.probe.echo", new TextEncoder().encode(JSON.stringify({ text: "x".repeat(500) })), { timeout: 2_000 });
    const body = JSON.parse(new TextDecoder().decode(reply.data));
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe("INVALID_ARGUMENT");
    const garbage = await nc.request("mint.probe.echo", new TextEncoder().encode("{not json"), { timeout: 2_000 });
    expect(JSON.parse(new TextDecoder().decode(garbage.data)).error.code).toBe("INVALID_ARGUMENT");
  });

  test("a response that breaks the contract is an INTERNAL error, not bad data", async () => {
    const probe = rpcClient(nc, probeContract);
    expect((await typedFailure(probe.badResponse({}))).code).toBe("INTERNAL");
  });

  test("no responders is UNAVAILABLE at once, not a timeout", async () => {
    const client = rpcClient(nc, ghost);
    const started = performance.now();
    const err = await typedFailure(client.poke({}, { timeoutMs: 5_000 }));
    expect(err.code).toBe("UNAVAILABLE");
    expect(performance.now() - started).toBeLessThan(500);
  });

  test("a call past its deadline is DEADLINE_EXCEEDED", async () => {
    const probe = rpcClient(nc, probeContract);
    const started = performance.now();
    const err = await typedFailure(probe.slow({ ms: 1_000 }, { timeoutMs: 150 }));
    expect(err.code).toBe("DEADLINE_EXCEEDED");
    expect(performance.now() - started).toBeLessThan(900);
  });

  test("idempotent methods are retried until a responder appears; others are not", async () => {
    const log = createLogger("test", "error");
    const client = rpcClient(nc, ghost);
    const late = Bun.sleep(300).then(() => serveContract(nc, ghost, { ping: async () => ({ pong: true }), poke: async () => ({ pong: true }) }, log));
    const poke = await typedFailure(client.poke({}, { timeoutMs: 2_000 }));
    expect(poke.code).toBe("UNAVAILABLE");
    const started = performance.now();
    expect(await client.ping({}, { timeoutMs: 2_000 })).toEqual({ pong: true });
    expect(performance.now() - started).toBeGreaterThan(150);
    await (await late).stop();
  });

  test("the services API answers discovery ($SRV.PING)", async () => {
    const found = await nc.services.client().ping("mint-probe");
    const names = [];
    for await (const s of found) names.push(s.name);
    expect(names.filter((n) => n === "mint-probe").length).toBe(2);
  });
});
