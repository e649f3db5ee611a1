import { createS3Client } from "../../shared/s3.ts";
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { Redis } from "ioredis";
import { connect, RetentionPolicy, StringCodec } from "nats";
import nodemailer from "nodemailer";
import postgres from "postgres";
import { findFreePort, TEST_PORT_RANGE } from "../../shared/devstack/ports.ts";
import { getCaddy, getInfra, getMaildev, getS3 } from "./infra.ts";

// The first test starts PostgreSQL, Redis and NATS (initdb included); Bun's default is 5 s.
setDefaultTimeout(60_000);

const sc = StringCodec();

describe("test infrastructure", () => {
  test("getInfra() starts once and is shared", async () => {
    const [a, b] = await Promise.all([getInfra(), getInfra()]);
    expect(a).toBe(b);
    expect(a.postgresUrl).toStartWith("postgres://");
    expect(a.redisUrl).toStartWith("redis://");
    expect(a.natsUrl).toStartWith("nats://");
  });

  test("PostgreSQL answers select 1", async () => {
    const { postgresUrl } = await getInfra();
    const sql = postgres(postgresUrl, { max: 1, onnotice: () => {} });
    try {
      const [row] = await sql`select 1 as one, current_user as who`;
      expect(row).toEqual({ one: 1, who: "postgres" });
      // Service tests create their own databases.
      await sql.unsafe("create database harness_probe");
      await sql.unsafe("drop database harness_probe");
    } finally {
      await sql.end();
    }
  });

  test("Redis answers PING", async () => {
    const { redisUrl } = await getInfra();
    const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      expect(await redis.ping()).toBe("PONG");
      await redis.set("harness:probe", "1", "EX", 10);
      expect(await redis.get("harness:probe")).toBe("1");
    } finally {
      redis.disconnect();
    }
  });

  test("NATS accepts clients and has JetStream", async () => {
    const { natsUrl } = await getInfra();
    const nc = await connect({ servers: natsUrl });
    try {
      const jsm = await nc.jetstreamManager();
      const info = await jsm.getAccountInfo();
      expect(info.limits).toBeDefined();
      const sub = nc.subscribe("harness.echo", { max: 1 });
      (async () => {
        for await (const m of sub) m.respond(m.data);
      })();
      const reply = await nc.request("harness.echo", sc.encode("hi"), { timeout: 2000 });
      expect(sc.decode(reply.data)).toBe("hi");
    } finally {
      await nc.close();
    }
  });

  test("NATS stop + restart keeps JetStream streams and messages", async () => {
    const { natsUrl, nats } = await getInfra();
    if (!nats) return; // reusing an external server: not ours to restart

    const before = await connect({ servers: natsUrl });
    const jsm = await before.jetstreamManager();
    await jsm.streams.add({ name: "HARNESS", subjects: ["harness.persist.>"], retention: RetentionPolicy.Limits });
    await before.jetstream().publish("harness.persist.one", sc.encode("kept"), { msgID: "harness-1" });
    await before.close();

    await nats.stop();
    await expect(connect({ servers: natsUrl, reconnect: false, timeout: 500 })).rejects.toThrow();
    await nats.restart();

    const after = await connect({ servers: natsUrl });
    try {
      const jsm2 = await after.jetstreamManager();
      const info = await jsm2.streams.info("HARNESS");
      expect(info.state.messages).toBe(1);
      const msg = await jsm2.streams.getMessage("HARNESS", { last_by_subj: "harness.persist.one" });
      expect(sc.decode(msg.data)).toBe("kept");
      // Same id again is de-duplicated, as the outbox relies on.
      const ack = await after.jetstream().publish("harness.persist.one", sc.encode("kept"), { msgID: "harness-1" });
      expect(ack.duplicate).toBe(true);
      await jsm2.streams.delete("HARNESS");
    } finally {
      await after.close();
    }
  });

  test("MailDev receives mail over SMTP and lists it over HTTP", async () => {
    const mail = await getMaildev();
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: mail.smtpPort, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: "mint@example.test", to: "ann@example.test", subject: "harness probe", text: "hello" });
    transport.close();
    // MailDev parses a message after the SMTP exchange, so it shows up in the list shortly after.
    let subjects: string[] = [];
    for (let i = 0; i < 50 && !subjects.includes("harness probe"); i++) {
      const emails = (await (await fetch(`${mail.webUrl}/email`)).json()) as Array<{ subject: string }>;
      subjects = emails.map((e) => e.subject);
      if (!subjects.includes("harness probe")) await Bun.sleep(100);
    }
    expect(subjects).toContain("harness probe");
  });

  test("S3 store accepts and returns objects in the KYC bucket", async () => {
    const s3 = await getS3();
    expect(s3.bucket).toBe("mint-kyc-docs");
    const client = createS3Client(s3);
    try {
      const body = new TextEncoder().encode("%PDF-1.4 harness");
      await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: "kyc/u1/SELFIE/1.pdf", Body: body, ContentType: "application/pdf" }));
      const got = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: "kyc/u1/SELFIE/1.pdf" }));
      expect(await got.Body!.transformToString()).toBe("%PDF-1.4 harness");
    } finally {
      client.destroy();
    }
  });

  test("free ports come from the test range", async () => {
    const port = await findFreePort();
    expect(port).toBeGreaterThanOrEqual(TEST_PORT_RANGE.min);
    expect(port).toBeLessThanOrEqual(TEST_PORT_RANGE.max);
  });
});

describe("gateway (caddy/Caddyfile)", () => {
  test("routes by prefix, keeps paths, sets request ids and security headers, reports unreachable services", async () => {
    const port = await findFreePort();
    const upstream = Bun.serve({
      hostname: "127.0.0.1",
      port,
      fetch: (req) =>
        Response.json(
          { path: new URL(req.url).pathname, headers: Object.fromEntries(req.headers) },
          { headers: { server: "upstream" } },
        ),
    });
    const deadPort = await findFreePort();
    try {
      const gw = await getCaddy({ auth: `127.0.0.1:${port}`, web: `127.0.0.1:${port}`, wallet: `127.0.0.1:${deadPort}` });

      const health = await fetch(`${gw.url}/healthz`);
      expect(health.status).toBe(200);

      const res = await fetch(`${gw.url}/api/v1/auth/login?x=1`, {
        headers: { "x-request-id": "client-req-0001", "x-forwarded-for": "6.6.6.6", "x-client-country": "RU" },
      });
      expect(res.status).toBe(200);
      const seen = (await res.json()) as { path: string; headers: Record<string, string> };
      expect(seen.path).toBe("/api/v1/auth/login");
      expect(seen.headers["x-request-id"]).toBe("client-req-0001");
      expect(seen.headers["x-forwarded-for"]).toBe("127.0.0.1");
      expect(seen.headers["x-client-country"]).toBeUndefined();
      expect(res.headers.get("x-request-id")).toBe("client-req-0001");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(res.headers.get("server")).toBeNull();

      const page = await fetch(`${gw.url}/app-admin/users`, { headers: { "x-request-id": "bad id!" } });
      const pageSeen = (await page.json()) as { path: string; headers: Record<string, string> };
      expect(pageSeen.path).toBe("/app-admin/users");
      expect(pageSeen.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(page.headers.get("x-request-id")).toBe(pageSeen.headers["x-request-id"]!);

      const down = await fetch(`${gw.url}/api/v1/wallet/me`);
      expect(down.status).toBe(503);
      expect(down.headers.get("content-type")).toBe("application/problem+json");
      expect(await down.json()).toEqual({
        type: "about:blank",
        title: "Service Unavailable",
        status: 503,
        code: "UNAVAILABLE",
        detail: "wallet is not reachable",
      });

      const tooBig = await fetch(`${gw.url}/api/v1/auth/register`, { method: "POST", body: new Uint8Array(1024 * 1024 + 1) });
      expect(tooBig.status).toBe(413);
      expect(tooBig.headers.get("content-type")).toBe("application/problem+json");
    } finally {
      upstream.stop(true);
    }
  });

  test("passes X-Client-Country on only from a trusted edge (GATEWAY_TRUSTED_EDGES)", async () => {
    const port = await findFreePort();
    const upstream = Bun.serve({ hostname: "127.0.0.1", port, fetch: (req) => Response.json({ country: req.headers.get("x-client-country") }) });
    try {
      const country = async (gatewayUrl: string) => ((await (await fetch(`${gatewayUrl}/api/v1/auth/login`, { headers: { "x-client-country": "NZ" } })).json()) as { country: string | null }).country;
      // This test is the edge: it calls from 127.0.0.1.
      expect(await country((await getCaddy({ auth: `127.0.0.1:${port}` }, ["127.0.0.1/32"])).url)).toBe("NZ");
      expect(await country((await getCaddy({ auth: `127.0.0.1:${port}` }, ["10.0.0.0/8", "192.168.0.0/16"])).url)).toBeNull();
      expect(await country((await getCaddy({ auth: `127.0.0.1:${port}` })).url)).toBeNull();
    } finally {
      upstream.stop(true);
    }
  });
});
