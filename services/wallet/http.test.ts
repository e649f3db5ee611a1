import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { connect, type NatsConnection, type Subscription } from "nats";
import { walletContract } from "../../proto-like-schemas/wallet.ts";
import { rpcClient, type RpcClient } from "../../shared/rpc/client.ts";
import { startAuth, type RunningAuth } from "../../tests/harness/auth.ts";
import { getInfra } from "../../tests/harness/infra.ts";
import { bearer, signUp, signUpAdmin, type TestUser } from "../../tests/harness/users.ts";
import { startWallet, waitForWallet, type RunningWallet } from "../../tests/harness/wallet.ts";

setDefaultTimeout(60_000);

let auth: RunningAuth;
let svc: RunningWallet;
let nc: NatsConnection;
let rpc: RpcClient<typeof walletContract>;
let ann: TestUser;
let bob: TestUser;
let admin: TestUser;
beforeAll(async () => {
  auth = await startAuth();
  svc = await startWallet(auth);
  nc = await connect({ servers: (await getInfra()).natsUrl });
  rpc = rpcClient(nc, walletContract, 10_000);
  [ann, bob, admin] = await Promise.all([signUp(auth.url, { name: "Ann" }), signUp(auth.url, { name: "Bob" }), signUpAdmin(auth)]);
  await Promise.all([ann, bob, admin].map((u) => waitForWallet(svc.url, u.token)));
});
afterAll(async () => {
  await nc?.close();
  await svc?.stop();
  await auth?.stop();
});

const txn = () => Bun.randomUUIDv7();
const get = (path: string, token?: string) => fetch(`${svc.url}/api/v1/wallet${path}`, { headers: token ? bearer(token) : {} });
const post = (path: string, token: string, body: unknown, contentType = "application/json") =>
  fetch(`${svc.url}/api/v1/wallet${path}`, { method: "POST", headers: { ...bearer(token), "content-type": contentType }, body: typeof body === "string" ? body : JSON.stringify(body) });

type Json = Record<string, any>;

describe("GET /api/v1/wallet", () => {
  test("needs a token", async () => {
    for (const path of ["", "/", "/history", "/balance-series"]) {
      const res = await get(path);
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
  });

  test("shows the caller's own wallet, with no limits while kyc does not answer", async () => {
    for (const path of ["", "/"]) {
      const res = await get(path, ann.token);
      expect(res.status).toBe(200);
      const body = (await res.json()) as Json;
      expect(Object.keys(body).sort()).toEqual(["availableBalance", "balance", "createdAt", "currency", "heldAmount", "id", "limits", "owedAmount", "status", "userId"]);
      expect(body).toMatchObject({ userId: ann.id, balance: 0, availableBalance: 0, heldAmount: 0, owedAmount: 0, currency: "USD", status: "ACTIVE", limits: null });
    }
  });

  test("includes the tier limits kyc gives", async () => {
    const limits = { tier: "BASIC", currency: "USD", perTxnCents: 50_000, dailyCents: 200_000, monthlyCents: 1_000_000, depositPerTxnCents: 50_000, depositDailyCents: 100_000 };
    const asked: string[] = [];
    // A stand-in kyc on the real broker, answering in kyc's wire format.
    const kyc: Subscription = nc.subscribe("mint.kyc.getLimits", {
      queue: "kyc",
      callback: (_err, msg) => {
        asked.push((msg.json() as { userId: string }).userId);
        msg.respond(JSON.stringify({ ok: true, data: limits }));
      },
    });
    try {
      await nc.flush();
      const body = (await (await get("", bob.token)).json()) as Json;
      expect(body.limits).toEqual(limits);
      expect(asked).toEqual([bob.id]);
    } finally {
      kyc.unsubscribe();
    }
  });

  test("404 when the caller has no wallet", async () => {
    const ghost = await signUp(auth.url);
    await waitForWallet(svc.url, ghost.token);
    await svc.ctx.dbHandle.sql`delete from wallets where user_id = ${ghost.id}`;
    for (const path of ["", "/history", "/balance-series"]) {
      const res = await get(path, ghost.token);
      expect(res.status).toBe(404);
      expect(((await res.json()) as Json).code).toBe("NOT_FOUND");
    }
  });
});

describe("history", () => {
  test("pages the caller's entries newest first, with counterparties, and nobody else's", async () => {
    const credits = [txn(), txn(), txn()];
    for (const [i, transactionId] of credits.entries()) await rpc.credit({ userId: ann.id, amount: 1_000 * (i + 1), transactionId });
    const toBob = txn();
    const fromBob = txn();
    await rpc.transfer({ fromUserId: ann.id, toUserId: bob.id, amount: 500, transactionId: toBob });
    await rpc.transfer({ fromUserId: bob.id, toUserId: ann.id, amount: 200, transactionId: fromBob });

    const rows: Json[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(`/history?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, ann.token);
      expect(res.status).toBe(200);
      const page = (await res.json()) as { walletId: string; items: Json[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      rows.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(rows.map((r) => [r.transactionId, r.kind, r.delta, r.balanceAfter, r.counterpartyId])).toEqual([
      [fromBob, "TRANSFER", 200, 5_700, bob.id],
      [toBob, "TRANSFER", -500, 5_500, bob.id],
      [credits[2], "CREDIT", 3_000, 6_000, null],
      [credits[1], "CREDIT", 2_000, 3_000, null],
      [credits[0], "CREDIT", 1_000, 1_000, null],
    ]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(5);

    // Bob sees his side only, whatever he puts in the query.
    const bobs = (await (await get(`/history?userId=${ann.id}`, bob.token)).json()) as { items: Json[]; nextCursor: null };
    expect(bobs.items.map((r) => [r.transactionId, r.delta, r.counterpartyId])).toEqual([
      [fromBob, -200, ann.id],
      [toBob, 500, ann.id],
    ]);
    expect(bobs.nextCursor).toBeNull();
  });
});

describe("balance series", () => {
  test("one closing balance per UTC day ending today, zero before the wallet had money", async () => {
    const before = ((await (await get("", ann.token)).json()) as Json).balance as number;
    const res = await get("/balance-series?days=3", ann.token);
    expect(res.status).toBe(200);
    const { days } = (await res.json()) as { days: { date: string; balance: number }[] };
    const today = new Date().toISOString().slice(0, 10);
    expect(days).toHaveLength(3);
    expect(days[2]).toEqual({ date: today, balance: before });
    expect(days[0]!.balance).toBe(0);
    expect(((await (await get("/balance-series", ann.token)).json()) as { days: unknown[] }).days).toHaveLength(30);
  });

  test("takes each day's last entry, carries quiet days forward and opens with what came before", async () => {
    const cleo = await signUp(auth.url);
    await waitForWallet(svc.url, cleo.token);
    for (const amount of [100, 200, 400, 800]) await rpc.credit({ userId: cleo.id, amount, transactionId: txn() });
    // Move the first three entries into the past (only a superuser can, with the ledger triggers off).
    await svc.ctx.dbHandle.sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      const entries = await tx<{ id: string }[]>`
        select e.id from entries e join wallets w on w.id = e.wallet_id where w.user_id = ${cleo.id} order by e.created_at`;
      for (const [i, daysAgo] of [10, 3, 3].entries()) {
        await tx`update entries set created_at = now() - make_interval(days => ${daysAgo}) + make_interval(secs => ${i}) where id = ${entries[i]!.id}`;
      }
    });
    const { days } = (await (await get("/balance-series?days=5", cleo.token)).json()) as { days: { date: string; balance: number }[] };
    expect(days.map((d) => d.balance)).toEqual([100, 700, 700, 700, 1_500]);
  });
});

describe("freeze and unfreeze", () => {
  // They are admin actions with a reason and one audit entry each: the admin service's
  // /admin/users/{id}/freeze|unfreeze, which call the wallet's RPCs. The wallet's own API has none.
  test("the wallet's API has no route for them, whatever the role", async () => {
    for (const token of [ann.token, admin.token]) {
      expect((await post("/freeze", token, { userId: bob.id, reason: "because" })).status).toBe(404);
      expect((await post("/unfreeze", token, { userId: bob.id })).status).toBe(404);
    }
    expect((await rpc.getWallet({ userId: bob.id })).status).toBe("ACTIVE");
  });
});

describe("bad input is a 4xx problem naming the field, never a 500", () => {
  const cases: [string, () => Promise<Response>, number, string | null][] = [
    ["limit 0", () => get("/history?limit=0", ann.token), 400, "limit"],
    ["limit 101", () => get("/history?limit=101", ann.token), 400, "limit"],
    ["limit not a number", () => get("/history?limit=ten", ann.token), 400, "limit"],
    ["limit fractional", () => get("/history?limit=1.5", ann.token), 400, "limit"],
    ["forged cursor", () => get("/history?cursor=not-a-cursor", ann.token), 400, "cursor"],
    ["cursor of SQL", () => get(`/history?cursor=${encodeURIComponent("'); drop table entries; --")}`, ann.token), 400, "cursor"],
    ["days 0", () => get("/balance-series?days=0", ann.token), 400, "days"],
    ["days 367", () => get("/balance-series?days=367", ann.token), 400, "days"],
    ["days not a number", () => get("/balance-series?days=week", ann.token), 400, "days"],
  ];
  test.each(cases)("%s", async (_name, call, status, field) => {
    const res = await call();
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const problem = (await res.json()) as Json;
    if (field) expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  test("none of it froze anyone", async () => {
    expect((await rpc.getWallet({ userId: bob.id })).status).toBe("ACTIVE");
  });
});
