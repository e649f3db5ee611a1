import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { signUp } from "../../tests/harness/users.ts";
import { resolveLinkSecret } from "./config.ts";
import { signGrant } from "./domain/links.ts";
import { expectProblem, startAdminStack, type AdminStack, type Res } from "./test-support.ts";

setDefaultTimeout(60_000);

type Route = { method: "GET" | "POST" | "PUT" | "DELETE"; path: string; body?: unknown };

let s: AdminStack;
let routes: Route[];
let userToken: string;
let promotions: { approve: string; reject: string };

beforeAll(async () => {
  s = await startAdminStack();
  const payer = await s.mesh.user({ balance: 50_000 });
  const payee = await s.mesh.user();
  const sent = await s.mesh.transfer(payer, { recipientId: payee.id, amount: 500 });
  const held = await s.mesh.transfer(payer, { recipientId: (await s.mesh.user()).id, amount: 21_000 });
  const caseId = (await s.mesh.rpc.fraud.listQueue({ limit: 100 })).items.find((c) => c.transactionId === held.body.id)!.caseId;
  const [p1, p2] = [await s.mesh.user(), await s.mesh.user()];
  promotions = {
    approve: (await s.put(`/admin/users/${p1.id}/role`, { role: "ADMIN", reason: "access test" })).body.id,
    reject: (await s.put(`/admin/users/${p2.id}/role`, { role: "ADMIN", reason: "access test" })).body.id,
  };
  userToken = (await signUp(s.mesh.auth.url)).token;
  const u = payee.id;
  const any = crypto.randomUUID();
  routes = [
    { method: "GET", path: `/admin/overview` },
    { method: "GET", path: `/admin/users` },
    { method: "GET", path: `/admin/users/${u}` },
    { method: "POST", path: `/admin/users/${u}/freeze`, body: { reason: "r" } },
    { method: "POST", path: `/admin/users/${u}/unfreeze`, body: { reason: "r" } },
    { method: "PUT", path: `/admin/users/${u}/role`, body: { role: "USER", reason: "r" } },
    { method: "GET", path: `/admin/kyc/queue` },
    { method: "GET", path: `/admin/kyc/${u}` },
    { method: "GET", path: `/admin/kyc/${u}/documents/${any}` },
    { method: "POST", path: `/admin/kyc/${u}/approve`, body: {} },
    { method: "POST", path: `/admin/kyc/${u}/reject`, body: { reason: "r" } },
    { method: "GET", path: `/admin/fraud/queue` },
    { method: "GET", path: `/admin/fraud/cases/${caseId}` },
    { method: "POST", path: `/admin/fraud/cases/${caseId}/approve`, body: { notes: "n" } },
    { method: "POST", path: `/admin/fraud/cases/${caseId}/block`, body: { notes: "n" } },
    { method: "GET", path: `/admin/fraud/sanctions` },
    { method: "POST", path: `/admin/fraud/sanctions`, body: { userId: u, reason: "r" } },
    { method: "DELETE", path: `/admin/fraud/sanctions/${u}`, body: { reason: "r" } },
    { method: "GET", path: `/admin/transactions` },
    { method: "GET", path: `/admin/transactions/${sent.body.id}` },
    { method: "POST", path: `/admin/transactions/${sent.body.id}/reverse`, body: { reason: "r" } },
    { method: "POST", path: `/admin/transactions/${sent.body.id}/force-complete`, body: { reason: "r" } },
    { method: "GET", path: `/admin/system/limits` },
    { method: "PUT", path: `/admin/system/limits`, body: { tiers: { BASIC: { dailyCents: 250_000 } }, reason: "r" } },
    { method: "GET", path: `/admin/audit` },
    { method: "GET", path: `/admin/audit/verify` },
    { method: "GET", path: `/admin/approvals` },
    { method: "GET", path: `/admin/approvals/${promotions.approve}` },
    { method: "POST", path: `/admin/approvals/${promotions.approve}/approve`, body: {} },
    { method: "POST", path: `/admin/approvals/${promotions.reject}/reject`, body: { reason: "r" } },
  ];
}, 180_000);
afterAll(() => s?.stop());

const send = (r: Route, token: string | null, headers: Record<string, string> = {}) => s.call(r.method, r.path, token, r.body, headers);
const label = (r: Route) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/g, "{id}")}`;

describe("who may call", () => {
  test("every route: 401 without a token, 401 with a forged one, 403 for a USER; nothing changes", async () => {
    const [header, payload] = s.alice.token.split(".");
    const forged = `${header}.${payload}.${"A".repeat(342)}`;
    for (const r of routes) {
      const anonymous = await send(r, null);
      expect({ route: label(r), status: anonymous.status }).toEqual({ route: label(r), status: 401 });
      expectProblem(anonymous, 401, "UNAUTHENTICATED");
      expect((await send(r, forged)).status).toBe(401);
      const user = await send(r, userToken);
      expect({ route: label(r), status: user.status }).toEqual({ route: label(r), status: 403 });
      expectProblem(user, 403, "PERMISSION_DENIED");
    }
    expect((await s.get(`/admin/approvals/${promotions.approve}`)).body.status).toBe("PENDING");
  });

  test("the console's cookie works, but a change must come from the console's origin", async () => {
    const payee = routes.find((r) => r.path.endsWith("/freeze"))!;
    const cookie = { cookie: `access_token=${s.alice.token}` };
    expect((await s.call("GET", "/admin/system/limits", null, undefined, { ...cookie, origin: "https://evil.example" })).status).toBe(200);
    const crossSite = await s.call("POST", payee.path, null, { reason: "csrf" }, { ...cookie, origin: "https://evil.example" });
    expectProblem(crossSite, 403, "PERMISSION_DENIED");
    expectProblem(await s.call("POST", payee.path, null, { reason: "csrf" }, cookie), 403, "PERMISSION_DENIED");
    const sameSite = await s.call("POST", payee.path, null, { reason: "from the console" }, { ...cookie, origin: "http://localhost:8080" });
    expect(sameSite.status).toBe(200);
    await s.post(payee.path.replace("/freeze", "/unfreeze"), { reason: "undo" });
  });

  test("the OpenAPI document lists every route", async () => {
    const doc = await s.get(`/openapi.json`, null);
    expect(doc.status).toBe(200);
    const documented = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{[A-Za-z]+\}/g, "{id}")}`));
    for (const r of routes) expect(documented).toContain(label(r));
    expect(documented).toContain("GET /admin/kyc/documents/{id}/content");
  });
});

test("a service that is down: every route answers 503 with Retry-After naming it (the overview shows what is missing)", async () => {
  await s.get(`/admin/users`); // the key set is cached: tokens still verify without auth
  const documentId = crypto.randomUUID();
  const token = signGrant(resolveLinkSecret(s.admin.ctx.config), { documentId, adminId: s.alice.id, expiresAt: Date.now() + 60_000 });
  await Promise.all([s.mesh.auth.stop(), s.mesh.wallet.stop(), s.mesh.kyc!.stop(), s.mesh.fraud!.stop(), s.mesh.transactions.stop(), s.audit.stop()]);

  const answers = await Promise.all(routes.map(async (r) => [r, await send(r, /approvals\/.+\/(approve|reject)$/.test(r.path) ? s.bob.token : s.alice.token)] as const));
  for (const [r, res] of answers) {
    if (r.path === "/admin/overview") continue;
    expect({ route: label(r), status: res.status }).toEqual({ route: label(r), status: 503 });
    expectProblem(res, 503, "UNAVAILABLE");
    expect(res.headers.get("retry-after")).toBe("5");
    expect(res.body.service).toEqual(expect.any(String));
  }
  const overview = answers.find(([r]) => r.path === "/admin/overview")![1] as Res;
  expect(overview.status).toBe(200);
  expect(overview.body).toMatchObject({ users: null, kyc: null, fraud: null, today: null, funds: null, ledger: null, approvals: { pending: expect.any(Number) } });
  expect(overview.body.unavailable).toEqual(["auth", "fraud", "kyc", "transactions", "wallet"]);

  const content = await s.get(`/admin/kyc/documents/${documentId}/content?token=${encodeURIComponent(token)}`, null);
  expectProblem(content, 503, "UNAVAILABLE");
  expect(content.headers.get("retry-after")).toBe("5");

  // The approval met the outage: it waits, approved, to run when auth is back.
  const [row] = await s.admin.ctx.db.execute<{ status: string }>(await import("drizzle-orm").then(({ sql }) => sql`select status from pending_actions where id = ${promotions.approve}`));
  expect(row!.status).toBe("APPROVED");
});
