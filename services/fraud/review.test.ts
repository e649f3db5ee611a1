import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { eq, sql } from "drizzle-orm";
import type { NatsConnection } from "nats";
import { transactionsContract, type Transaction } from "../../proto-like-schemas/transactions.ts";
import { AppError, type ErrorCode } from "../../shared/errors.ts";
import { createLogger } from "../../shared/log.ts";
import { serveContract, type RpcServer } from "../../shared/rpc/server.ts";
import { eventually } from "../../shared/testing/wait.ts";
import { fraudCases } from "./db/schema.ts";
import { newId, scoreRequest, startFraud, type RunningFraud } from "./test-support.ts";

setDefaultTimeout(60_000);

let f: RunningFraud;
beforeAll(async () => {
  f = await startFraud({
    env: { FRAUD_SETTLE_EVERY_MS: "100", FRAUD_SETTLE_RETRY_BASE_MS: "200", FRAUD_SETTLE_RETRY_MAX_MS: "1000", FRAUD_SETTLE_TIMEOUT_MS: "300", FRAUD_SETTLE_MAX_REFUSALS: "2" },
  });
});
afterAll(async () => {
  await responder?.stop();
  await f.stop();
});

/**
 * A real NATS responder for the transactions contract that records what fraud asked it to do.
 * `refuse` makes it answer with an error code for one transaction.
 */
interface Call {
  method: "approveHeld" | "blockHeld";
  transactionId: string;
  adminId: string;
  reason?: string;
}
const calls: Call[] = [];
const refuse = new Map<string, ErrorCode>();
let responder: RpcServer | undefined;

const transactionNow = (id: string, status: Transaction["status"]): Transaction => {
  const now = new Date().toISOString();
  return {
    id, type: "TRANSFER", status, statusReason: null, amount: 25_000, currency: "USD", senderId: newId(), recipientId: newId(), description: null,
    category: null, merchant: null, fraudDecision: "REVIEW", fraudScore: 50, requestId: null, splitId: null, createdAt: now, updatedAt: now, completedAt: status === "COMPLETED" ? now : null,
  };
};

async function startResponder(nc: NatsConnection): Promise<RpcServer> {
  const unused = async (): Promise<never> => {
    throw new AppError("FAILED_PRECONDITION", "not used by fraud");
  };
  const record = (call: Call, status: Transaction["status"]) => {
    calls.push(call);
    const code = refuse.get(call.transactionId);
    if (code) throw new AppError(code, "transaction is not held");
    return transactionNow(call.transactionId, status);
  };
  return serveContract(nc, transactionsContract, {
    payShare: unused,
    list: unused,
    get: unused,
    getDetail: unused,
    stats: unused,
    reverse: unused,
    forceComplete: unused,
    approveHeld: async ({ transactionId, adminId }) => record({ method: "approveHeld", transactionId, adminId }, "COMPLETED"),
    blockHeld: async ({ transactionId, adminId, reason }) => record({ method: "blockHeld", transactionId, adminId, reason }, "CANCELLED"),
  }, createLogger("transactions-test-responder", "error"));
}

const callsFor = (transactionId: string) => calls.filter((c) => c.transactionId === transactionId);

/** A transfer the engine holds for review: $250 to a stranger. */
async function heldCase() {
  const req = scoreRequest({ amount: 25_000 });
  const r = await f.fraud.score(req);
  expect(r.decision).toBe("REVIEW");
  return { caseId: r.caseId!, transactionId: req.transactionId, userId: req.userId };
}

const failure = async (p: Promise<unknown>) => {
  const err = await p.then(() => undefined, (e) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
};

describe("review queue", () => {
  test("lists open REVIEW cases oldest first with the total; BLOCK and ALLOW never appear", async () => {
    const a = await heldCase();
    const b = await heldCase();
    const c = await heldCase();
    const recipientId = newId();
    await f.fraud.sanctionsAdd({ userId: recipientId, reason: "test", adminId: newId() });
    expect((await f.fraud.score(scoreRequest({ recipientId }))).decision).toBe("BLOCK");
    expect((await f.fraud.score(scoreRequest())).decision).toBe("ALLOW");

    const all = await f.fraud.listQueue({});
    expect(all.total).toBe(3);
    expect(all.items.map((i) => i.caseId)).toEqual([a.caseId, b.caseId, c.caseId]);
    expect(all.items[0]).toMatchObject({ transactionId: a.transactionId, userId: a.userId, decision: "REVIEW", status: "OPEN", outcome: null, reviewedBy: null, amount: 25_000, score: 50 });
    expect(all.items[0]!.rulesFired.map((r) => r.rule)).toEqual(["new_recipient_large"]);

    const page = await f.fraud.listQueue({ limit: 1, offset: 1 });
    expect(page).toEqual({ items: [all.items[1]!], total: 3 });
    expect(await f.fraud.listQueue({ userId: b.userId })).toEqual({ items: [all.items[1]!], total: 1 });
    expect(await f.fraud.listQueue({ userId: newId() })).toEqual({ items: [], total: 0 });
  });

  test("getCase returns a case and NOT_FOUND for unknown or malformed ids", async () => {
    const { caseId, transactionId } = await heldCase();
    expect(await f.fraud.getCase({ caseId })).toMatchObject({ caseId, transactionId, status: "OPEN" });
    expect((await failure(f.fraud.getCase({ caseId: Bun.randomUUIDv7() }))).code).toBe("NOT_FOUND");
    expect((await failure(f.fraud.getCase({ caseId: "not-a-uuid" }))).code).toBe("NOT_FOUND");
    expect((await failure(f.fraud.review({ caseId: "not-a-uuid", adminId: newId(), outcome: "APPROVE" }))).code).toBe("NOT_FOUND");
  });

  test("a BLOCK case is stored closed by the engine and cannot be approved", async () => {
    const recipientId = newId();
    await f.fraud.sanctionsAdd({ userId: recipientId, reason: "test", adminId: newId() });
    const blocked = await f.fraud.score(scoreRequest({ recipientId }));
    const kase = await f.fraud.getCase({ caseId: blocked.caseId! });
    expect(kase).toMatchObject({ decision: "BLOCK", status: "REVIEWED", outcome: "BLOCKED", reviewedBy: null });
    expect(kase.reviewedAt).not.toBeNull();
    expect((await failure(f.fraud.review({ caseId: kase.caseId, adminId: newId(), outcome: "APPROVE" }))).code).toBe("FAILED_PRECONDITION");
    expect(await f.fraud.review({ caseId: kase.caseId, adminId: newId(), outcome: "BLOCK" })).toEqual(kase);
    expect(callsFor(kase.transactionId)).toEqual([]);
  });
});

describe("review with the transactions service up", () => {
  beforeAll(async () => {
    responder = await startResponder(f.nc);
  });

  test("APPROVE records the outcome, captures the hold through approveHeld and leaves the queue", async () => {
    const { caseId, transactionId } = await heldCase();
    const adminId = newId();
    const reviewed = await f.fraud.review({ caseId, adminId, outcome: "APPROVE", notes: "known customer" });
    expect(reviewed).toMatchObject({ caseId, status: "REVIEWED", outcome: "APPROVED", reviewedBy: adminId, notes: "known customer", settlementError: null });
    expect(reviewed.reviewedAt).not.toBeNull();
    expect(reviewed.settledAt).not.toBeNull();
    expect(callsFor(transactionId)).toEqual([{ method: "approveHeld", transactionId, adminId }]);
    expect((await f.fraud.listQueue({ limit: 100 })).items.map((i) => i.caseId)).not.toContain(caseId);

    // The same outcome again is answered with the case; the settled transfer is not touched again.
    expect(await f.fraud.review({ caseId, adminId: newId(), outcome: "APPROVE" })).toEqual(reviewed);
    expect(callsFor(transactionId)).toHaveLength(1);
    // Another outcome on a reviewed case is refused.
    const err = await failure(f.fraud.review({ caseId, adminId, outcome: "BLOCK" }));
    expect(err.code).toBe("FAILED_PRECONDITION");
    expect(await f.fraud.getCase({ caseId })).toEqual(reviewed);
  });

  test("BLOCK releases the hold through blockHeld with the notes as reason", async () => {
    const { caseId, transactionId } = await heldCase();
    const adminId = newId();
    const reviewed = await f.fraud.review({ caseId, adminId, outcome: "BLOCK", notes: "mule account" });
    expect(reviewed).toMatchObject({ status: "REVIEWED", outcome: "BLOCKED", reviewedBy: adminId });
    expect(reviewed.settledAt).not.toBeNull();
    expect(callsFor(transactionId)).toEqual([{ method: "blockHeld", transactionId, adminId, reason: "mule account" }]);
  });

  test("two reviewers at once: one outcome wins, the other is refused", async () => {
    const { caseId, transactionId } = await heldCase();
    const results = await Promise.allSettled([
      f.fraud.review({ caseId, adminId: newId(), outcome: "APPROVE" }),
      f.fraud.review({ caseId, adminId: newId(), outcome: "BLOCK" }),
    ]);
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(1);
    expect((refused[0]!.reason as AppError).code).toBe("FAILED_PRECONDITION");
    const outcome = (await f.fraud.getCase({ caseId })).outcome;
    expect(new Set(callsFor(transactionId).map((c) => c.method))).toEqual(new Set([outcome === "APPROVED" ? "approveHeld" : "blockHeld"]));
  });

  test("a refusal by the transactions service is retried a bounded number of times, then left; a new review retries", async () => {
    const { caseId, transactionId } = await heldCase();
    refuse.set(transactionId, "FAILED_PRECONDITION");
    const reviewed = await f.fraud.review({ caseId, adminId: newId(), outcome: "APPROVE" });
    expect(reviewed).toMatchObject({ status: "REVIEWED", outcome: "APPROVED", settledAt: null });
    expect(reviewed.settlementError).toContain("FAILED_PRECONDITION");
    // FRAUD_SETTLE_MAX_REFUSALS=2: the job tries once more, then gives up.
    await eventually(async () => (await f.svc.ctx.db.select().from(fraudCases).where(eq(fraudCases.id, caseId)))[0]!.settleGaveUpAt !== null, { what: "give up" });
    expect(callsFor(transactionId)).toHaveLength(2);
    await Bun.sleep(500);
    expect(callsFor(transactionId)).toHaveLength(2);

    refuse.delete(transactionId);
    const retried = await f.fraud.review({ caseId, adminId: newId(), outcome: "APPROVE" });
    expect(retried.settledAt).not.toBeNull();
    expect(retried.settlementError).toBeNull();
    expect(callsFor(transactionId)).toHaveLength(3);
  });
});

describe("review while the transactions service is away", () => {
  beforeAll(async () => {
    await responder?.stop();
    responder = undefined;
  });

  test("the outcome is recorded and reported; the job settles it once the service is back", async () => {
    const { caseId, transactionId } = await heldCase();
    const adminId = newId();
    const reviewed = await f.fraud.review({ caseId, adminId, outcome: "APPROVE" });
    expect(reviewed).toMatchObject({ status: "REVIEWED", outcome: "APPROVED", reviewedBy: adminId, settledAt: null });
    expect(reviewed.settlementError).toContain("UNAVAILABLE");
    expect((await f.fraud.listQueue({ limit: 100 })).items.map((i) => i.caseId)).not.toContain(caseId);

    responder = await startResponder(f.nc);
    const settled = await eventually(async () => {
      const c = await f.fraud.getCase({ caseId });
      return c.settledAt ? c : undefined;
    }, { timeoutMs: 15_000, what: "the job to settle the case" });
    expect(settled.settlementError).toBeNull();
    expect(callsFor(transactionId)[0]).toEqual({ method: "approveHeld", transactionId, adminId });
    await responder.stop();
    responder = undefined;
  });

  test("a crash after recording the outcome is finished by a repeated review", async () => {
    const { caseId, transactionId } = await heldCase();
    const adminId = newId();
    // What a crash right after the guarded update leaves behind: outcome recorded, nothing called, job not due yet.
    await f.svc.ctx.db
      .update(fraudCases)
      .set({ status: "REVIEWED", outcome: "BLOCKED", reviewedBy: adminId, reviewedAt: sql`now()`, nextSettleAt: sql`now() + interval '1 hour'` })
      .where(eq(fraudCases.id, caseId));
    expect(callsFor(transactionId)).toEqual([]);

    responder = await startResponder(f.nc);
    const again = await f.fraud.review({ caseId, adminId: newId(), outcome: "BLOCK" });
    expect(again.settledAt).not.toBeNull();
    // The first reviewer stays the one on record and the one passed on.
    expect(again.reviewedBy).toBe(adminId);
    expect(callsFor(transactionId)).toEqual([{ method: "blockHeld", transactionId, adminId, reason: "Blocked by fraud review" }]);
  });
});
