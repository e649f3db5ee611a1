import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { sql } from "drizzle-orm";
import { eventually } from "../../shared/testing/wait.ts";
import type { TestUser } from "../../tests/harness/users.ts";
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
};
const resolver: Resolver = async (host) => zone[host]?.() ?? systemResolver(host);

let stack: WebhookStack;
let user: TestUser;
beforeAll(async () => {
  stack = await startWebhookStack({ resolver, env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: "false" } });
  user = await stack.user();
});
afterAll(() => stack.stop());

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
    ["https://169.254.169.254/latest/meta-data/", "link-local"],
    ["https://[fe80::1]/hook", "link-local"],
    ["https://[fd00::1]/hook", "unique local"],
    ["https://[64:ff9b::a9fe:a9fe]/hook", "NAT64"],
    ["https://localhost/hook", "loopback"],
    ["https://internal.example.test/hook", "private"],
    ["https://metadata.example.test/latest/meta-data/", "link-local"],
    ["https://mixed.example.test/hook", "loopback"],
    ["https://v6-local.example.test/hook", "unique local"],
    ["https://nowhere.example.test/hook", "does not resolve"],
    ["http://public.example.test/hook", "HTTPS"],
    ["https://public.example.test:25/hook", "port"],
  ];
  test.each(refused)("%s is refused at registration (%s)", async (url, why) => {
    const res = await stack.call(user, "POST", "", { url, events: ["*"] });
    expect(res.status).toBe(400);
    expect(res.contentType).toBe("application/problem+json");
    expect(res.body.errors).toEqual([{ field: "url", message: expect.stringContaining(why) }]);
    expect(await stack.count(sql`select count(*)::int as n from webhook_endpoints where url = ${url}`)).toBe(0);
  });

  test("a public HTTPS host is accepted, and PATCH to a private one is refused", async () => {
    const res = await stack.call(user, "POST", "", { url: "https://public.example.test/hook", events: ["*"] });
    expect(res.status).toBe(201);
    const patch = await stack.call(user, "PATCH", `/${res.body.id}`, { url: "https://169.254.169.254/latest/meta-data/" });
    expect(patch.status).toBe(400);
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
