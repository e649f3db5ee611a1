import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import Redis from "ioredis";
import { eventually } from "../../shared/testing/wait.ts";
import { getInfra } from "../../tests/harness/infra.ts";
import { NOON, newId, scoreRequest, startFraud, testClock, type RunningFraud } from "./test-support.ts";

setDefaultTimeout(60_000);

let f: RunningFraud;
beforeAll(async () => {
  f = await startFraud();
});
afterAll(() => f.stop());

const keyPrefix = () => `fraud:${f.svc.ctx.config.DATABASE_NAME}:`;

describe("sanctions list", () => {
  test("add, list and remove are idempotent and persisted", async () => {
    const userId = newId();
    const adminId = newId();
    const added = await f.fraud.sanctionsAdd({ userId, reason: "OFAC match", adminId });
    expect(added).toMatchObject({ userId, reason: "OFAC match", addedBy: adminId });
    // Adding again keeps the first entry.
    expect(await f.fraud.sanctionsAdd({ userId, reason: "other", adminId: newId() })).toEqual(added);
    expect((await f.fraud.sanctionsList({})).items).toContainEqual(added);

    expect(await f.fraud.sanctionsRemove({ userId, adminId })).toEqual({ removed: true, sanction: added });
    expect(await f.fraud.sanctionsRemove({ userId, adminId })).toEqual({ removed: false, sanction: null });
    expect((await f.fraud.sanctionsList({})).items.map((s) => s.userId)).not.toContain(userId);
  });

  test("a reason is required", async () => {
    const err = await f.fraud.sanctionsAdd({ userId: newId(), reason: "", adminId: newId() }).catch((e) => e);
    expect(err.code).toBe("INVALID_ARGUMENT");
    expect(err.fieldErrors.map((e: { field: string }) => e.field)).toEqual(["reason"]);
  });
});

describe("sanctioned_recipient", () => {
  test("a transfer to a listed user is blocked whatever its size; removal lifts it", async () => {
    const recipientId = newId();
    await f.fraud.sanctionsAdd({ userId: recipientId, reason: "listed", adminId: newId() });
    const r = await f.fraud.score(scoreRequest({ recipientId, amount: 1 }));
    expect(r.decision).toBe("BLOCK");
    expect(r.rulesFired).toEqual([{ rule: "sanctioned_recipient", score: 100, forceBlock: true, reason: `Recipient ${recipientId} is on the sanctions list` }]);
    expect(r.reason).toBe(`Recipient ${recipientId} is on the sanctions list`);
    expect(r.caseId).not.toBeNull();

    await f.fraud.sanctionsRemove({ userId: recipientId, adminId: newId() });
    expect((await f.fraud.score(scoreRequest({ recipientId, amount: 1 }))).decision).toBe("ALLOW");
  });

  test("a lost Redis copy never lets a listed recipient through, and is rebuilt from the table", async () => {
    const recipientId = newId();
    await f.fraud.sanctionsAdd({ userId: recipientId, reason: "listed", adminId: newId() });
    const redis = f.svc.ctx.redis;
    expect(await redis.sismember(`${keyPrefix()}sanctions`, recipientId)).toBe(1);
    await redis.del(`${keyPrefix()}sanctions`, `${keyPrefix()}sanctions:ready`);

    expect((await f.fraud.score(scoreRequest({ recipientId }))).decision).toBe("BLOCK");
    // Rebuilt in the background after the miss.
    await eventually(async () => (await redis.sismember(`${keyPrefix()}sanctions`, recipientId)) === 1, { what: "cache rebuilt" });
    expect(await redis.get(`${keyPrefix()}sanctions:ready`)).toBe("1");
  });

  test("the list survives a restart, and a lost copy is rebuilt at start-up", async () => {
    const recipientId = newId();
    await f.fraud.sanctionsAdd({ userId: recipientId, reason: "listed", adminId: newId() });
    const database = f.svc.ctx.config.DATABASE_NAME!;
    const prefix = keyPrefix();
    await f.stop();
    // Whatever Redis held is gone: the new process must rebuild the copy from the table.
    const redis = new Redis((await getInfra()).redisUrl);
    await redis.del(`${prefix}sanctions`, `${prefix}sanctions:ready`);
    await redis.quit();

    f = await startFraud({ clock: testClock(NOON), env: { DATABASE_NAME: database } });
    expect(keyPrefix()).toBe(prefix);
    expect(await f.svc.ctx.redis.sismember(`${prefix}sanctions`, recipientId)).toBe(1);
    expect((await f.fraud.score(scoreRequest({ recipientId }))).decision).toBe("BLOCK");
  });
});
