import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { and, eq } from "drizzle-orm";
import { AppError } from "../../shared/errors.ts";
import { eventually } from "../../shared/testing/wait.ts";
import { contacts, fraudCases, knownRecipients, scorings } from "./db/schema.ts";
import { completed, newId, NOON, publishEvent, scoreRequest, startFraud, testClock, type RunningFraud } from "./test-support.ts";

setDefaultTimeout(60_000);

const clock = testClock(NOON);
let f: RunningFraud;
beforeAll(async () => {
  f = await startFraud({ clock });
});
afterAll(() => f.stop());

const waitForContact = (ownerId: string, contactId: string) =>
  eventually(async () => (await f.svc.ctx.db.select().from(contacts).where(and(eq(contacts.ownerId, ownerId), eq(contacts.contactId, contactId), eq(contacts.active, true)))).length > 0, { what: "contact mirrored" });

const rulesOf = (r: { rulesFired: { rule: string }[] }) => r.rulesFired.map((x) => x.rule);

describe("score: nothing suspicious", () => {
  test("a small transfer is allowed with no rules, no case", async () => {
    const r = await f.fraud.score(scoreRequest());
    expect(r).toEqual({ decision: "ALLOW", score: 0, rulesFired: [], reason: "", caseId: null });
  });

  test("bad input is refused naming the field, and nothing is stored", async () => {
    const req = scoreRequest({ amount: 0 });
    const err = (await f.fraud.score({ ...req, currency: "EUR" as "USD" }).catch((e) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe("INVALID_ARGUMENT");
    expect(err.fieldErrors!.map((e) => e.field).sort()).toEqual(["amount", "currency"]);
    expect(await f.svc.ctx.db.select().from(scorings).where(eq(scorings.transactionId, req.transactionId))).toEqual([]);
  });
});

describe("score: idempotent per transaction", () => {
  test("a retry returns the stored decision and case, and is not counted again", async () => {
    const req = scoreRequest({ amount: 25_000 });
    const first = await f.fraud.score(req);
    expect(first.decision).toBe("REVIEW");
    expect(first.caseId).not.toBeNull();
    const again = await f.fraud.score(req);
    expect(again).toEqual(first);
    const cases = await f.svc.ctx.db.select().from(fraudCases).where(eq(fraudCases.transactionId, req.transactionId));
    expect(cases).toHaveLength(1);
  });

  test("concurrent duplicates store one verdict", async () => {
    const req = scoreRequest({ amount: 30_000 });
    const results = await Promise.all(Array.from({ length: 5 }, () => f.fraud.score(req)));
    for (const r of results) expect(r).toEqual(results[0]!);
    expect(await f.svc.ctx.db.select().from(fraudCases).where(eq(fraudCases.transactionId, req.transactionId))).toHaveLength(1);
  });

  test("the same transaction id with another amount is a conflict", async () => {
    const req = scoreRequest();
    await f.fraud.score(req);
    const err = (await f.fraud.score({ ...req, amount: req.amount + 1 }).catch((e) => e)) as AppError;
    expect(err.code).toBe("CONFLICT");
  });
});

describe("velocity_breach", () => {
  test("5 transfers in the window pass, the 6th is blocked; retries are not counted twice", async () => {
    const userId = newId();
    const first = scoreRequest({ userId });
    for (let i = 0; i < 5; i++) {
      const r = await f.fraud.score(i === 0 ? first : scoreRequest({ userId }));
      expect(r.decision).toBe("ALLOW");
      // Retrying the first transfer each time must not fill the window.
      expect((await f.fraud.score(first)).decision).toBe("ALLOW");
    }
    const sixth = await f.fraud.score(scoreRequest({ userId }));
    expect(sixth.decision).toBe("BLOCK");
    expect(rulesOf(sixth)).toEqual(["velocity_breach"]);
    expect(sixth.rulesFired[0]).toMatchObject({ score: 100, forceBlock: true });
    expect(sixth.reason).toBe("6 transfers in the last 1 h (at most 5 allowed)");
    expect(sixth.caseId).not.toBeNull();
  });

  test("the window slides: once the oldest transfer is an hour old, one more passes; blocked attempts do not count", async () => {
    const userId = newId();
    const start = NOON.getTime() + 3 * 3_600_000;
    clock.set(new Date(start));
    try {
      await f.fraud.score(scoreRequest({ userId }));
      clock.set(new Date(start + 10 * 60_000));
      for (let i = 0; i < 4; i++) expect((await f.fraud.score(scoreRequest({ userId }))).decision).toBe("ALLOW");
      // Blocked attempts inside the window: they must not keep the window full.
      for (let i = 0; i < 3; i++) expect((await f.fraud.score(scoreRequest({ userId }))).decision).toBe("BLOCK");
      clock.set(new Date(start + 3_600_000 - 1));
      expect((await f.fraud.score(scoreRequest({ userId }))).decision).toBe("BLOCK");
      clock.set(new Date(start + 3_600_000));
      expect((await f.fraud.score(scoreRequest({ userId }))).decision).toBe("ALLOW");
      expect((await f.fraud.score(scoreRequest({ userId }))).decision).toBe("BLOCK");
    } finally {
      clock.set(NOON);
    }
  });
});

describe("new_recipient_large", () => {
  test("$200.01 to an unknown recipient holds for review with a case; $200.00 passes", async () => {
    expect((await f.fraud.score(scoreRequest({ amount: 20_000 }))).decision).toBe("ALLOW");
    const r = await f.fraud.score(scoreRequest({ amount: 20_001 }));
    expect(r).toMatchObject({ decision: "REVIEW", score: 50 });
    expect(rulesOf(r)).toEqual(["new_recipient_large"]);
    const [row] = await f.svc.ctx.db.select().from(fraudCases).where(eq(fraudCases.id, r.caseId!));
    expect(row).toMatchObject({ decision: "REVIEW", status: "OPEN", outcome: null, score: 50, amount: 20_001 });
  });

  test("a contact or someone paid before is not a new recipient", async () => {
    const userId = newId();
    const contact = newId();
    const paid = newId();
    await publishEvent(f.nc, "social.contact_added", { ownerId: userId, contactId: contact });
    await publishEvent(f.nc, "transaction.completed", completed({ senderId: userId, recipientId: paid, amount: 500 }));
    await waitForContact(userId, contact);
    await eventually(async () => (await f.svc.ctx.db.select().from(knownRecipients).where(eq(knownRecipients.recipientId, paid))).length > 0, { what: "recipient known" });
    expect(await f.fraud.score(scoreRequest({ userId, recipientId: contact, amount: 30_000 }))).toMatchObject({ decision: "ALLOW", rulesFired: [] });
    expect(await f.fraud.score(scoreRequest({ userId, recipientId: paid, amount: 30_000 }))).toMatchObject({ decision: "ALLOW", rulesFired: [] });
    // The same sender to a stranger still fires.
    expect(rulesOf(await f.fraud.score(scoreRequest({ userId, amount: 30_000 })))).toEqual(["new_recipient_large"]);
  });
});

describe("geo_anomaly", () => {
  test("no history → silent; then a request from another country than the usual one fires", async () => {
    const userId = newId();
    // An unknown country never fires (and teaches nothing).
    expect((await f.fraud.score(scoreRequest({ userId, country: null }))).rulesFired).toEqual([]);
    expect((await f.fraud.score(scoreRequest({ userId, country: "FR" }))).rulesFired).toEqual([]);
    expect(rulesOf(await f.fraud.score(scoreRequest({ userId, country: "US" })))).toEqual(["geo_anomaly"]);
    // FR and US seen once each: the tie goes to FR, seen first; lower case is the same country.
    expect((await f.fraud.score(scoreRequest({ userId, country: "us" }))).rulesFired[0]?.reason).toBe("Request came from US but the account usually transacts from FR");
    const away = await f.fraud.score(scoreRequest({ userId, country: "DE" }));
    expect(away).toMatchObject({ decision: "ALLOW", score: 40 });
    expect(away.rulesFired).toEqual([{ rule: "geo_anomaly", score: 40, forceBlock: false, reason: "Request came from DE but the account usually transacts from US" }]);
  });

  test("the usual country is silent", async () => {
    const userId = newId();
    for (let i = 0; i < 3; i++) expect((await f.fraud.score(scoreRequest({ userId, country: "GB" }))).rulesFired).toEqual([]);
  });
});

describe("night_large", () => {
  test("a large transfer at 04:xx UTC fires, at 05:00 it does not", async () => {
    const userId = newId();
    const recipientId = newId();
    await publishEvent(f.nc, "social.contact_added", { ownerId: userId, contactId: recipientId });
    await waitForContact(userId, recipientId);
    try {
      clock.set(new Date(Date.UTC(2030, 5, 15, 4, 59)));
      const night = await f.fraud.score(scoreRequest({ userId, recipientId, amount: 50_001 }));
      expect(night).toMatchObject({ decision: "ALLOW", score: 30 });
      expect(night.rulesFired).toEqual([{ rule: "night_large", score: 30, forceBlock: false, reason: "Large transfer ($500.01) at 04:00 UTC" }]);
      expect((await f.fraud.score(scoreRequest({ userId, recipientId, amount: 50_000 }))).rulesFired).toEqual([]);
      clock.set(new Date(Date.UTC(2030, 5, 15, 5, 0)));
      expect((await f.fraud.score(scoreRequest({ userId, recipientId, amount: 50_001 }))).rulesFired).toEqual([]);
    } finally {
      clock.set(NOON);
    }
  });

  test("night + new recipient add up to a review", async () => {
    try {
      clock.set(new Date(Date.UTC(2030, 5, 15, 2, 0)));
      const r = await f.fraud.score(scoreRequest({ amount: 60_000 }));
      expect(r).toMatchObject({ decision: "REVIEW", score: 80 });
      expect(rulesOf(r).sort()).toEqual(["new_recipient_large", "night_large"]);
    } finally {
      clock.set(NOON);
    }
  });
});

describe("service", () => {
  test("its port answers /healthz and /readyz with Postgres, Redis and NATS checked", async () => {
    expect((await fetch(`${f.svc.url}/healthz`)).status).toBe(200);
    const ready = (await (await fetch(`${f.svc.url}/readyz`)).json()) as { status: string; checks: Record<string, string> };
    expect(ready).toMatchObject({ status: "ready", checks: { postgres: "ok", redis: "ok", nats: "ok" } });
  });
});
