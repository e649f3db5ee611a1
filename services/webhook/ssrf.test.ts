import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { sql } from "drizzle-orm";
import { eventually } from "../../shared/testing/wait.ts";
import type { TestUser } from "../../tests/harness/users.ts";
import { METADATA_RULE } from "./domain/target-url.ts";
import { systemResolver, type Resolver } from "./target-guard.ts";
import { startWebhookStack, type WebhookStack } from "./test-support.ts";

setDefaultTimeout(60_000);

/** Test DNS: a few made-up names, everything else (localhost included) from the system resolver. */
let rebindTo = "93.184.216.34";
const zone: Record<string, () => string[]> = {
  "public.example.test": () => ["93.184.216.34"],
  "internal.example.test": () => ["10.0.0.5"],
  "metadata.example.test": () => ["169.254.169.254"],
  "mixed.example.test": () => ["93.184.216.34", "127.0.0.1"],
  "v6-local.example.test": () => ["2606:4700::1", "fd00::5"],
  "rebind.example.test": () => [rebindTo],
  "nowhere.example.test": () => [],
  "local-and-metadata.example.test": () => ["127.0.0.1", "169.254.169.254"],
  "local-and-aws-v6.example.test": () => ["127.0.0.1", "fd00:ec2::254"],
  "turns-to-metadata.example.test": () => turnsToMetadata,
};
// Loopback first: should the guard let the name through, the connection goes to the local receiver
// (where the test sees it), never to the metadata address.
let turnsToMetadata = ["127.0.0.1"];
const resolver: Resolver = async (host) => zone[host]?.() ?? systemResolver(host);

let stack: WebhookStack;
let user: TestUser;
/** The same service as `bun dev` runs it: WEBHOOK_ALLOW_PRIVATE_TARGETS=true. */
let dev: WebhookStack;
let developer: TestUser;
beforeAll(async () => {
  stack = await startWebhookStack({ resolver, env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: "false" } });
  dev = await startWebhookStack({ resolver, auth: stack.auth, env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" } });
  [user, developer] = await Promise.all([stack.user(), dev.user()]);
});
afterAll(async () => {
  await dev?.stop();
  await stack?.stop();
});

describe("SSRF guard with private targets not allowed (production setting)", () => {
  const refused: [string, string][] = [
    ["https://127.0.0.1/hook", "loopback"],
    ["https://127.1.2.3/hook", "loopback"],
    ["https://[::1]/hook", "loopback"],
    ["https://[::ffff:127.0.0.1]/hook", "loopback"],
    ["https://2130706433/hook", "loopback"],
    ["https://0.0.0.0/hook", "this"],
    ["https://10.1.2.3/hook", "private"],
    ["https://172.16.5.4/hook", "private"],
    ["https://192.168.0.10/hook", "private"],
    ["https://100.64.0.1/hook", "carrier-grade"],
    ["https://169.254.169.254/latest/meta-data/", METADATA_RULE],
    ["https://0xa9fea9fe/latest/meta-data/", METADATA_RULE],
    ["https://[fd00:ec2::254]/latest/meta-data/", METADATA_RULE],
    ["https://[fe80::1]/hook", "link-local"],
    ["https://[fd00::1]/hook", "unique local"],
    ["https://[64:ff9b::a9fe:a9fe]/hook", "NAT64"],
    ["https://localhost/hook", "loopback"],
    ["https://internal.example.test/hook", "private"],
    ["https://metadata.example.test/latest/meta-data/", METADATA_RULE],
    ["https://mixed.example.test/hook", "loopback"],
    ["https://v6-local.example.test/hook", "unique local"],
    ["https://nowhere.example.test/hook", "does not resolve"],
    ["http://public.example.test/hook", "HTTPS"],
    ["https://public.example.test:25/hook", "port"],
  ];
  test.each(refused)("%s is refused at registration (%s)", async (url, why) => {
    const res = await stack.call(user, "POST", "", { url, events: ["*"] });
    expect(res.status).toBe(422);
    expect(res.contentType).toBe("application/problem+json");
    expect(res.body.errors).toEqual([{ field: "url", message: expect.stringContaining(why) }]);
    expect(await stack.count(sql`select count(*)::int as n from webhook_endpoints where url = ${url}`)).toBe(0);
  });

  test("a public HTTPS host is accepted, and PATCH to a private one is refused", async () => {
    const res = await stack.call(user, "POST", "", { url: "https://public.example.test/hook", events: ["*"] });
    expect(res.status).toBe(201);
    const patch = await stack.call(user, "PATCH", `/${res.body.id}`, { url: "https://169.254.169.254/latest/meta-data/" });
    expect(patch.status).toBe(422);
    expect(patch.body.errors[0].field).toBe("url");
    expect((await stack.call(user, "GET", `/${res.body.id}`)).body.url).toBe("https://public.example.test/hook");
  });

  test("the check runs again at delivery: a host that now resolves to loopback is not contacted", async () => {
    rebindTo = "93.184.216.34";
    const created = await stack.call(user, "POST", "", { url: "https://rebind.example.test/hook", events: ["*"] });
    expect(created.status).toBe(201);
    rebindTo = "127.0.0.1";
    const ping = await stack.ping(user, created.body.id);
    const d = await eventually(async () => {
      const r = await stack.delivery(user, created.body.id, ping.id);
      return r.attempts.length === 1 ? r : undefined;
    }, { what: "refused attempt recorded" });
    expect(d).toMatchObject({ status: "PENDING", responseStatus: null, durationMs: 0 });
    expect(d.error).toStartWith("Refused:");
    expect(d.error).toContain("loopback");
  });
});

describe("SSRF guard with private targets allowed (development setting)", () => {
  // Every spelling of the metadata address the URL parser accepts, and names that resolve to one.
  const metadataTargets = [
    "http://169.254.169.254/latest/meta-data/",
    "http://0xa9fea9fe/latest/meta-data/",
    "http://2852039166/latest/meta-data/",
    "http://0251.0376.0251.0376/latest/meta-data/",
    "http://169.254.43518/latest/meta-data/",
    "http://[::ffff:169.254.169.254]/latest/meta-data/",
    "http://[fd00:ec2::254]/latest/meta-data/",
    "https://169.254.169.254/",
    "http://100.100.100.200/latest/meta-data/",
    "http://[fe80::1]:8080/hook",
    "http://metadata.example.test/latest/meta-data/",
    "http://local-and-metadata.example.test:8080/hook",
    "http://local-and-aws-v6.example.test:8080/hook",
  ];
  test.each(metadataTargets)("%s is refused at registration with a 422 that says why", async (url) => {
    const res = await dev.call(developer, "POST", "", { url, events: ["*"] });
    expect(res.status).toBe(422);
    expect(res.contentType).toBe("application/problem+json");
    expect(res.body.errors).toEqual([{ field: "url", message: expect.stringContaining(METADATA_RULE) }]);
    expect(await dev.count(sql`select count(*)::int as n from webhook_endpoints where user_id = ${developer.id}`)).toBe(0);
  });

  test("a loopback receiver is accepted and called, and cannot be moved to a metadata address", async () => {
    const created = await dev.call(developer, "POST", "", { url: `${dev.receiver.url}/local`, events: ["*"] });
    expect(created.status).toBe(201);
    await dev.ping(developer, created.body.id);
    await dev.receiver.waitFor("/local", 1);
    const patch = await dev.call(developer, "PATCH", `/${created.body.id}`, { url: "http://0xa9fea9fe/latest/meta-data/" });
    expect(patch.status).toBe(422);
    expect(patch.body.errors).toEqual([{ field: "url", message: expect.stringContaining(METADATA_RULE) }]);
    expect((await dev.call(developer, "GET", `/${created.body.id}`)).body.url).toBe(`${dev.receiver.url}/local`);
    await dev.call(developer, "DELETE", `/${created.body.id}`);
  });

  test("a name that resolves to loopback is accepted; once it also resolves to a metadata address, the attempt fails without connecting", async () => {
    turnsToMetadata = ["127.0.0.1"];
    const port = new URL(dev.receiver.url).port;
    const created = await dev.call(developer, "POST", "", { url: `http://turns-to-metadata.example.test:${port}/turns`, events: ["*"] });
    expect(created.status).toBe(201);
    turnsToMetadata = ["127.0.0.1", "169.254.169.254"];
    const ping = await dev.ping(developer, created.body.id);
    const d = await eventually(async () => {
      const r = await dev.delivery(developer, created.body.id, ping.id);
      return r.attempts.length === 1 ? r : undefined;
    }, { what: "refused attempt recorded" });
    expect(d).toMatchObject({ status: "PENDING", responseStatus: null, durationMs: 0 });
    expect(d.error).toBe(`Refused: Webhook URL host turns-to-metadata.example.test resolves to 169.254.169.254 (link-local): ${METADATA_RULE}`);
    // The attempt is recorded after any request it made: nothing reached the receiver.
    expect(dev.receiver.at("/turns")).toHaveLength(0);
  });
});
