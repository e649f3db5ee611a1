import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { and, eq } from "drizzle-orm";
import { eventually } from "../../shared/testing/wait.ts";
import { startMoneyMesh, type MoneyMesh, type MoneyUser } from "../../tests/harness/money.ts";
import { idempotencyKeys, transactions } from "./db/schema.ts";
import { createIdempotency } from "./idempotency.ts";
import { cutConnectionsOnce, db, expectProblem, keyRow, rowsOf, txnRow } from "./test-support.ts";

setDefaultTimeout(60_000);

let mesh: MoneyMesh;
let alice: MoneyUser;
let bob: MoneyUser;
beforeAll(async () => {
  mesh = await startMoneyMesh();
  [alice, bob] = await Promise.all([mesh.user({ balance: 100_000 }), mesh.user({ balance: 10_000 })]);
}, 180_000);
afterAll(() => mesh?.stop());

const forgetCache = (userId: string, key: string) => mesh.transactions.ctx.redis.del(`txn:idem:${userId}:${key}`);

/** Pretends the request holding the key died: its claim is unfinished and old enough to take over. */
async function abandonClaim(userId: string, key: string, patch: { state?: string; claimedAt?: Date } = {}) {
  await db(mesh)
    .update(idempotencyKeys)
    .set({ state: "IN_FLIGHT", responseStatus: null, responseBody: null, claimedAt: new Date(Date.now() - 3_600_000), ...patch })
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
  await forgetCache(userId, key);
}

describe("replays", () => {
  test("same key and body: the stored answer with Idempotent-Replayed, money moved once", async () => {
    const key = crypto.randomUUID();
    const body = { recipientId: bob.id, amount: 321, description: "once" };
    const first = await mesh.transfer(alice, body, key);
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const balance = await mesh.balance(alice.id);
    // Field order and an explicit default do not make it another request.
    const again = await mesh.transfer(alice, { description: "once", currency: "USD", amount: 321, recipientId: bob.id }, key);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    expect(await mesh.balance(alice.id)).toEqual(balance);
    expect((await rowsOf(mesh, alice.id)).filter((r) => r.description === "once")).toHaveLength(1);
  });

  test("the answer is kept in Postgres: a lost Redis entry changes nothing", async () => {
    const key = crypto.randomUUID();
    const first = await mesh.topup(bob, { amount: 77 }, key);
    expect(first.status).toBe(201);
    // The first replay reads Postgres and leaves the answer in Redis for the next ones.
    const replay = await mesh.topup(bob, { amount: 77 }, key);
    expect(replay.body).toEqual(first.body);
    expect(await mesh.transactions.ctx.redis.exists(`txn:idem:${bob.id}:${key}`)).toBe(1);
    await forgetCache(bob.id, key);
    const again = await mesh.topup(bob, { amount: 77 }, key);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
  });

  test("a replay after the first is answered from Redis without reading the stored answer; a fresh key never touches Redis", async () => {
    const key = crypto.randomUUID();
    const cacheKey = `txn:idem:${bob.id}:${key}`;
    const first = await mesh.topup(bob, { amount: 78 }, key);
    expect(first.status).toBe(201);
    expect(await mesh.transactions.ctx.redis.exists(cacheKey)).toBe(0);
    expect((await mesh.topup(bob, { amount: 78 }, key)).body).toEqual(first.body);
    // The stored answer altered behind the service's back: a replay that read it would show it.
    await mesh.transactions.ctx.db.update(idempotencyKeys).set({ responseBody: { altered: true } }).where(and(eq(idempotencyKeys.userId, bob.id), eq(idempotencyKeys.key, key)));
    const again = await mesh.topup(bob, { amount: 78 }, key);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);

    const monitor = await mesh.transactions.ctx.redis.duplicate().monitor();
    const commands: string[] = [];
    monitor.on("monitor", (_time: string, args: string[]) => commands.push(args.join(" ")));
    try {
      const fresh = crypto.randomUUID();
      expect((await mesh.topup(bob, { amount: 79 }, fresh)).status).toBe(201);
      await Bun.sleep(100);
      expect(commands.filter((c) => c.includes(fresh))).toEqual([]);
      // The monitor saw commands: a replay of a key already taken asks Redis.
      expect((await mesh.topup(bob, { amount: 78 }, key)).status).toBe(201);
      await Bun.sleep(100);
      expect(commands.filter((c) => c.includes(key)).map((c) => c.split(" ")[0]!.toLowerCase())).toEqual(["get"]);
    } finally {
      monitor.disconnect();
    }
    expect(await mesh.transactions.ctx.redis.exists(cacheKey)).toBe(1);
  });

  test("errors are answers too: a refused transfer replays its problem", async () => {
    const poor = await mesh.user();
    const key = crypto.randomUUID();
    const first = await mesh.transfer(poor, { recipientId: bob.id, amount: 1_000 }, key);
    await expectProblem(first, 422, "INSUFFICIENT_FUNDS");
    await mesh.topup(poor, { amount: 5_000 });
    const again = await mesh.transfer(poor, { recipientId: bob.id, amount: 1_000 }, key);
    await expectProblem(again, 422, "INSUFFICIENT_FUNDS");
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    expect((await rowsOf(mesh, poor.id)).filter((r) => r.type === "TRANSFER")).toHaveLength(1);
  });

  test("a limit refusal is stored without leaving a transaction behind", async () => {
    const key = crypto.randomUUID();
    const res = await mesh.transfer(alice, { recipientId: bob.id, amount: 50_001 }, key);
    await expectProblem(res, 422, "LIMIT_EXCEEDED");
    expect((await keyRow(mesh, alice.id, key))!.transactionId).toBeNull();
    expect((await mesh.transfer(alice, { recipientId: bob.id, amount: 50_001 }, key)).headers.get("idempotent-replayed")).toBe("true");
  });
});

describe("misuse of a key", () => {
  test("same key, other body → 422 naming the header; the first answer is untouched", async () => {
    const key = crypto.randomUUID();
    const first = await mesh.transfer(alice, { recipientId: bob.id, amount: 100 }, key);
    expect(first.status).toBe(201);
    const other = await mesh.transfer(alice, { recipientId: bob.id, amount: 101 }, key);
    await expectProblem(other, 422, "INVALID_ARGUMENT");
    expect(other.body.errors[0].field).toBe("Idempotency-Key");
    // Another endpoint is another request too.
    await expectProblem(await mesh.topup(alice, { amount: 100 }, key), 422);
    await forgetCache(alice.id, key);
    await expectProblem(await mesh.transfer(alice, { recipientId: bob.id, amount: 101 }, key), 422);
    expect((await mesh.transfer(alice, { recipientId: bob.id, amount: 100 }, key)).body).toEqual(first.body);
  });

  test("keys are per user: the same key from two users makes two transactions and reveals nothing", async () => {
    const key = crypto.randomUUID();
    const a = await mesh.transfer(alice, { recipientId: bob.id, amount: 55 }, key);
    const b = await mesh.transfer(bob, { recipientId: alice.id, amount: 55 }, key);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.headers.get("idempotent-replayed")).toBeNull();
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.body.senderId).toBe(bob.id);
  });

  test("10 concurrent requests with one key: one transaction, the rest 409 or the replay", async () => {
    const key = crypto.randomUUID();
    const before = await mesh.balance(alice.id);
    const results = await Promise.all(Array.from({ length: 10 }, () => mesh.transfer(alice, { recipientId: bob.id, amount: 13, description: "burst" }, key)));
    const created = results.filter((r) => r.status === 201);
    const conflicts = results.filter((r) => r.status === 409);
    expect(created.length + conflicts.length).toBe(10);
    expect(created.filter((r) => r.headers.get("idempotent-replayed") === null)).toHaveLength(1);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    for (const c of conflicts) {
      expect(c.body.code).toBe("CONFLICT");
      expect(c.headers.get("retry-after")).toBe("1");
    }
    expect((await rowsOf(mesh, alice.id)).filter((r) => r.description === "burst")).toHaveLength(1);
    expect((await mesh.balance(alice.id)).balance).toBe(before.balance - 13);
  });
});

describe("unfinished requests", () => {
  test("a claim in flight on an unsettled transaction is a 409; once its holder is presumed dead a retry takes over and settles it", async () => {
    const body = { recipientId: bob.id, amount: 88, description: "held by a live request" };
    const { key, id } = await leftBehind(body, { status: "PROCESSING", fraudDecision: "ALLOW" }, { state: "IN_FLIGHT", claimedAt: new Date() });
    await expectProblem(await mesh.transfer(alice, body, key), 409, "CONFLICT");
    await abandonClaim(alice.id, key);
    const a0 = await mesh.balance(alice.id);
    const retry = await mesh.transfer(alice, body, key);
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ id, status: "COMPLETED" });
    expect((await mesh.balance(alice.id)).balance).toBe(a0.balance - 88);
    expect((await keyRow(mesh, alice.id, key))!.state).toBe("DONE");
  });

  test("a request that died after its payment settled but before it stored the answer: a retry answers from the transaction at once, marked replayed", async () => {
    const key = crypto.randomUUID();
    const first = await mesh.transfer(alice, { recipientId: bob.id, amount: 89 }, key);
    expect(first.status).toBe(201);
    // The claim is fresh, so only the settled transaction tells that nobody is working on it.
    await abandonClaim(alice.id, key, { claimedAt: new Date() });
    const balance = await mesh.balance(alice.id);
    const retry = await mesh.transfer(alice, { recipientId: bob.id, amount: 89 }, key);
    expect({ status: retry.status, replayed: retry.headers.get("idempotent-replayed") }).toEqual({ status: 201, replayed: "true" });
    expect(retry.body).toMatchObject({ id: first.body.id, status: "COMPLETED" });
    expect(await mesh.balance(alice.id)).toEqual(balance);
    expect(await keyRow(mesh, alice.id, key)).toMatchObject({ state: "DONE", responseStatus: 201, transactionId: first.body.id });
  });

  test("a retry settles the transaction its request left PROCESSING, from what the wallet recorded", async () => {
    const key = crypto.randomUUID();
    const first = await mesh.transfer(alice, { recipientId: bob.id, amount: 99 }, key);
    // As if the wallet's answer never arrived: money moved, the row still says PROCESSING, the
    // request answered 503 and left the key detached.
    await db(mesh).update(transactions).set({ status: "PROCESSING", completedAt: null }).where(eq(transactions.id, first.body.id));
    await abandonClaim(alice.id, key, { state: "DETACHED", claimedAt: new Date() });
    const balance = await mesh.balance(alice.id);
    const retry = await mesh.transfer(alice, { recipientId: bob.id, amount: 99 }, key);
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ id: first.body.id, status: "COMPLETED" });
    expect(await mesh.balance(alice.id)).toEqual(balance);
    const settlement = await mesh.rpc.wallet.getSettlement({ transactionId: first.body.id });
    expect(settlement.movements).toHaveLength(1);
  });

  /**
   * A key left by a request that died mid-way, bound to a transaction in the given state. The
   * fingerprint is borrowed from a real request with the same body (it does not depend on the key).
   */
  async function leftBehind(body: { recipientId: string; amount: number; description: string }, txn: { status: "PENDING" | "PROCESSING"; fraudDecision?: "ALLOW" }, claim: { state: "DETACHED" | "IN_FLIGHT"; claimedAt?: Date }) {
    const template = await mesh.transfer(alice, body, crypto.randomUUID());
    const [templateKey] = await db(mesh).select().from(idempotencyKeys).where(eq(idempotencyKeys.transactionId, template.body.id));
    const key = crypto.randomUUID();
    const id = Bun.randomUUIDv7();
    await db(mesh).insert(transactions).values({ id, type: "TRANSFER", senderId: alice.id, ...body, ...txn, fraudScore: txn.fraudDecision ? 0 : null });
    await db(mesh).insert(idempotencyKeys).values({ userId: alice.id, key, fingerprint: templateKey!.fingerprint, claimId: crypto.randomUUID(), transactionId: id, claimedAt: new Date(Date.now() - 3_600_000), ...claim });
    return { key, id };
  }

  test("a retry drives a PROCESSING transfer whose wallet call never arrived, moving the money once", async () => {
    const body = { recipientId: bob.id, amount: 111, description: "redriven" };
    const { key, id } = await leftBehind(body, { status: "PROCESSING", fraudDecision: "ALLOW" }, { state: "DETACHED" });
    const [a0, b0] = await Promise.all([mesh.balance(alice.id), mesh.balance(bob.id)]);
    const retry = await mesh.transfer(alice, body, key);
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ id, status: "COMPLETED" });
    expect((await mesh.balance(alice.id)).balance).toBe(a0.balance - 111);
    expect((await mesh.balance(bob.id)).balance).toBe(b0.balance + 111);
  });

  test("a request that died before screening: its transaction fails (nothing moved) and the retry runs afresh", async () => {
    const body = { recipientId: bob.id, amount: 122, description: "afresh" };
    const { key, id } = await leftBehind(body, { status: "PENDING" }, { state: "IN_FLIGHT" });
    const retry = await mesh.transfer(alice, body, key);
    expect(retry.status).toBe(201);
    expect(retry.body.id).not.toBe(id);
    expect(await txnRow(mesh, id)).toMatchObject({ status: "FAILED", statusReason: "ABANDONED" });
    expect((await keyRow(mesh, alice.id, key))!.transactionId).toBe(retry.body.id);
  });
});

describe("a lost connection while the answer is stored", () => {
  /** Cuts the database's connections as the answer under `key` is being stored. */
  const cutWhenAnswerStored = (key: string) => cutConnectionsOnce(mesh, "idempotency_keys", `new.state = 'DONE' and new.key = '${key}'::uuid`);

  /**
   * Retries as a client does while the answer is one of `statuses` (503: a connection the cut
   * left dead in the pool may fail the first statement of a request, and says to retry).
   */
  const answerBeyond = (statuses: number[], send: () => ReturnType<MoneyMesh["transfer"]>) =>
    eventually(async () => {
      const res = await send();
      return statuses.includes(res.status) ? undefined : res;
    }, { timeoutMs: 60_000, intervalMs: 100, what: `an answer other than ${statuses.join(" or ")}` });

  async function sendCut(key: string, send: () => ReturnType<MoneyMesh["transfer"]>) {
    const cut = await cutWhenAnswerStored(key);
    try {
      const res = await send();
      expect(await cut.happened()).toBe(true);
      return res;
    } finally {
      await cut.remove();
    }
  }

  test("a transfer that settled answers 503; a retry with the key right after gets it COMPLETED, marked replayed, and the money moved once", async () => {
    const key = crypto.randomUUID();
    const body = { recipientId: bob.id, amount: 144, description: "answer lost" };
    const [a0, b0] = await Promise.all([mesh.balance(alice.id), mesh.balance(bob.id)]);
    const first = await sendCut(key, () => mesh.transfer(alice, body, key));
    await expectProblem(first, 503, "UNAVAILABLE");
    const made = (await rowsOf(mesh, alice.id)).filter((r) => r.description === "answer lost");
    expect(made.map((r) => r.status)).toEqual(["COMPLETED"]);

    const retry = await answerBeyond([503], () => mesh.transfer(alice, body, key));
    expect({ status: retry.status, replayed: retry.headers.get("idempotent-replayed") }).toEqual({ status: 201, replayed: "true" });
    expect(retry.body).toMatchObject({ id: made[0]!.id, status: "COMPLETED", amount: 144 });
    expect((await mesh.balance(alice.id)).balance).toBe(a0.balance - 144);
    expect((await mesh.balance(bob.id)).balance).toBe(b0.balance + 144);
    expect((await mesh.rpc.wallet.getSettlement({ transactionId: made[0]!.id })).movements).toHaveLength(1);
    expect(await keyRow(mesh, alice.id, key)).toMatchObject({ state: "DONE", responseStatus: 201, transactionId: made[0]!.id });
    expect((await mesh.transfer(alice, body, key)).body).toEqual(retry.body);
  });

  test("an answer with no transaction behind it is stored once the database is back: a retry replays it rather than waiting for the in-flight timeout", async () => {
    const key = crypto.randomUUID();
    const body = { recipientId: bob.id, amount: 50_001 };
    const first = await sendCut(key, () => mesh.transfer(alice, body, key));
    await expectProblem(first, 503, "UNAVAILABLE");
    // Until the request that answered has stored its answer, the key is still its own.
    const retry = await answerBeyond([503, 409], () => mesh.transfer(alice, body, key));
    await expectProblem(retry, 422, "LIMIT_EXCEEDED");
    // The first request's answer, not a new run after the in-flight timeout let the key go.
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect((await keyRow(mesh, alice.id, key))!.transactionId).toBeNull();
  });
});

describe("retention", () => {
  test("keys older than the retention period are forgotten; newer ones stay", async () => {
    const old = crypto.randomUUID();
    const recent = crypto.randomUUID();
    expect((await mesh.topup(bob, { amount: 5 }, old)).status).toBe(201);
    expect((await mesh.topup(bob, { amount: 5 }, recent)).status).toBe(201);
    await db(mesh).update(idempotencyKeys).set({ createdAt: new Date(Date.now() - 25 * 3_600_000) }).where(and(eq(idempotencyKeys.userId, bob.id), eq(idempotencyKeys.key, old)));
    const { ctx } = mesh.transactions;
    const idempotency = createIdempotency({ db: ctx.db, redis: ctx.redis, log: ctx.log, inFlightTimeoutS: 30, retentionH: 24 });
    expect(await idempotency.prune()).toBeGreaterThanOrEqual(1);
    expect(await keyRow(mesh, bob.id, old)).toBeUndefined();
    expect(await keyRow(mesh, bob.id, recent)).toBeDefined();
  });
});
