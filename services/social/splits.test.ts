import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { sql } from "drizzle-orm";
import { eventually } from "../../shared/testing/wait.ts";
import type { MoneyUser } from "../../tests/harness/money.ts";
import { outboxEvents, rowCount, startSocialStack, type SocialStack } from "./test-support.ts";

setDefaultTimeout(120_000);

let stack: SocialStack;
beforeAll(async () => {
  // One test holds a row lock while ten pay calls (and the consumer) wait for it, each on its own connection.
  stack = await startSocialStack({ env: { DATABASE_POOL_SIZE: "24" } });
});
afterAll(() => stack.stop());

const api = (method: string, path: string, user: MoneyUser | null, body?: unknown) => stack.api(method, `/splits${path}`, user, body);
const share = (user: MoneyUser, amountCents: number) => ({ userId: user.id, amountCents });
const createSplit = async (creator: MoneyUser, title: string, shares: { userId: string; amountCents: number }[]) => {
  const res = await api("POST", "", creator, { title, totalCents: shares.reduce((n, s) => n + s.amountCents, 0), participants: shares });
  if (res.status !== 201) throw new Error(`split not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};
const transfersOf = async (user: MoneyUser) => (await stack.mesh.list(user, "type=SPLIT_PAYMENT&direction=sent")).body.items;

describe("creating a split", () => {
  test("shares that add up; the creator's own share is settled at once; everyone in it is told", async () => {
    const [creator, ann, ben, stranger] = await Promise.all([stack.mesh.user({ name: "Cleo" }), stack.mesh.user({ name: "Ann" }), stack.mesh.user({ name: "Ben" }), stack.mesh.user()]);
    const res = await api("POST", "", creator, { title: " Dinner ", totalCents: 9_000, participants: [share(creator, 3_000), share(ann, 3_000), share(ben, 3_000)] });
    expect(res.status).toBe(201);
    const split = res.body;
    expect(split).toMatchObject({ creatorId: creator.id, title: "Dinner", totalCents: 9_000, currency: "USD", status: "OPEN", settledAt: null });
    const byUser = Object.fromEntries(split.participants.map((p: any) => [p.userId, p]));
    expect(byUser[creator.id]).toMatchObject({ status: "PAID", transactionId: null, paidAt: expect.any(String), awaitingReview: false });
    expect(byUser[ann.id]).toMatchObject({ name: "Ann", amountCents: 3_000, status: "PENDING", transactionId: null });

    const [created] = await outboxEvents(stack.social, "social.split_created", "splitId", split.id);
    expect(created.data).toEqual({ splitId: split.id, creatorId: creator.id, title: "Dinner", totalCents: 9_000, currency: "USD", participants: [share(creator, 3_000), share(ann, 3_000), share(ben, 3_000)] });
    expect(created.subjectUserIds.sort()).toEqual([creator.id, ann.id, ben.id].sort());

    const annsList = await api("GET", "", ann);
    expect(annsList.body.items).toEqual([expect.objectContaining({ id: split.id, participantCount: 3, paidCount: 1, myShare: { amountCents: 3_000, status: "PENDING" } })]);
    expect((await api("GET", `/${split.id}`, ben)).status).toBe(200);
    expect((await api("GET", `/${split.id}`, stranger)).status).toBe(404);
    expect((await api("GET", "", stranger)).body.items).toEqual([]);
  });

  test("shares not adding up to the total: 400 naming both numbers, nothing stored", async () => {
    const [creator, ann] = await Promise.all([stack.mesh.user(), stack.mesh.user()]);
    const res = await api("POST", "", creator, { title: "Taxi", totalCents: 1_000, participants: [share(ann, 999)] });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body.errors).toEqual([{ field: "participants", message: "shares add up to 999 cents but the total is 1000 cents" }]);
    expect(await rowCount(stack.social, "bill_splits", sql`creator_id = ${creator.id}`)).toBe(0);
  });

  test("a participant twice, one who does not exist, or only the creator: refused by field", async () => {
    const [creator, ann] = await Promise.all([stack.mesh.user(), stack.mesh.user()]);
    const twice = await api("POST", "", creator, { title: "T", totalCents: 200, participants: [share(ann, 100), { userId: ann.id.toUpperCase(), amountCents: 100 }] });
    expect(twice.status).toBe(400);
    expect(twice.body.errors).toEqual([{ field: "participants.1.userId", message: "duplicates participants.0.userId" }]);
    const ghost = await api("POST", "", creator, { title: "T", totalCents: 200, participants: [share(ann, 100), { userId: Bun.randomUUIDv7(), amountCents: 100 }] });
    expect(ghost.status).toBe(404);
    expect(ghost.body.errors).toEqual([{ field: "participants.1.userId", message: "no such user" }]);
    const alone = await api("POST", "", creator, { title: "T", totalCents: 100, participants: [share(creator, 100)] });
    expect(alone.status).toBe(400);
    expect(alone.body.errors).toEqual([{ field: "participants", message: "must include someone other than you" }]);
    expect(await rowCount(stack.social, "bill_splits", sql`creator_id = ${creator.id}`)).toBe(0);
  });
});

describe("paying a share", () => {
  test("pay makes a real transfer to the creator; paying again moves nothing", async () => {
    const [creator, ann, ben] = await Promise.all([stack.mesh.user(), stack.mesh.user({ balance: 10_000 }), stack.mesh.user({ balance: 10_000 })]);
    const split = await createSplit(creator, "Groceries", [share(ann, 2_500), share(ben, 1_500)]);

    const paid = await api("POST", `/${split.id}/pay`, ann);
    expect(paid.status).toBe(201);
    const transactionId: string = paid.body.share.transactionId;
    expect(paid.body).toMatchObject({ outcome: "paid", splitStatus: "OPEN", share: { userId: ann.id, status: "PAID", amountCents: 2_500, transactionId: expect.any(String) } });
    const txn = await stack.mesh.get(ann, transactionId);
    expect(txn.body).toMatchObject({ status: "COMPLETED", type: "SPLIT_PAYMENT", senderId: ann.id, recipientId: creator.id, amount: 2_500, splitId: split.id, description: "Split: Groceries" });
    expect((await stack.mesh.balance(ann.id)).balance).toBe(7_500);
    expect((await stack.mesh.balance(creator.id)).balance).toBe(2_500);
    const recorded = await outboxEvents(stack.social, "social.split_payment_recorded", "splitId", split.id);
    expect(recorded.map((e) => e.data)).toEqual([{ splitId: split.id, creatorId: creator.id, participantId: ann.id, amountCents: 2_500, transactionId }]);

    const again = await Promise.all([api("POST", `/${split.id}/pay`, ann), api("POST", `/${split.id}/pay`, ann)]);
    for (const r of again) {
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ outcome: "already_paid", share: { status: "PAID", transactionId } });
    }
    expect((await stack.mesh.balance(ann.id)).balance).toBe(7_500);
    expect(await transfersOf(ann)).toHaveLength(1);
    expect((await api("GET", `/${split.id}`, creator)).body.status).toBe("OPEN");
  });

  test("ten pay calls at once: one answers 201 (it paid), the others the existing payment as a replay or 409 while it is in flight; one transfer", async () => {
    const [creator, ann] = await Promise.all([stack.mesh.user(), stack.mesh.user({ balance: 10_000 })]);
    const split = await createSplit(creator, "Boat", [share(ann, 1_200)]);
    let answered = 0;
    const pay = () => api("POST", `/${split.id}/pay`, ann).finally(() => answered++);

    // Holding the split's row keeps social from recording the payment (both the pay call and the
    // transfer's event lock it first), so calls arriving after the transfer still find the share
    // unpaid: the moment in which one call used to be answered "paid" by several.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const blocker = stack.social.ctx.dbHandle.sql.begin(async (tx) => {
      await tx`select id from bill_splits where id = ${split.id} for update`;
      locked();
      await released;
    });
    await isLocked;
    const calls = [pay()];
    await eventually(async () => (await transfersOf(ann)).some((t: any) => t.status === "COMPLETED"), { timeoutMs: 30_000, what: "the first call's transfer" });
    calls.push(...Array.from({ length: 9 }, pay));
    // Every call has its answer from the transactions service: it waits for the split's row (or was answered 409).
    const waiting = async () => (await stack.social.ctx.db.execute<{ n: number }>(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`))[0]!.n;
    await eventually(async () => (await waiting()) + answered >= 10, { timeoutMs: 30_000, what: "the calls to wait for the split" });
    release();
    await blocker;
    const results = await Promise.all(calls);

    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.every((s) => s === 201 || s === 200 || s === 409)).toBe(true);
    const paid = results.find((r) => r.status === 201)!;
    expect(paid.headers.get("idempotent-replayed")).toBeNull();
    expect(paid.body).toMatchObject({ outcome: "paid", splitStatus: "SETTLED", share: { status: "PAID", transactionId: expect.any(String) } });
    const transactionId: string = paid.body.share.transactionId;
    for (const r of results.filter((r) => r.status === 200)) {
      expect(r.headers.get("idempotent-replayed")).toBe("true");
      expect(r.body).toMatchObject({ outcome: "already_paid", splitStatus: "SETTLED", share: { status: "PAID", transactionId } });
    }
    for (const r of results.filter((r) => r.status === 409)) {
      expect(r.headers.get("content-type")).toContain("application/problem+json");
      expect(r.body.code).toBe("CONFLICT");
    }

    // Ten more at once, now that it is recorded: each says it was already paid.
    const later = await Promise.all(Array.from({ length: 10 }, pay));
    for (const r of later) {
      expect(r.status).toBe(200);
      expect(r.headers.get("idempotent-replayed")).toBe("true");
      expect(r.body).toMatchObject({ outcome: "already_paid", share: { transactionId } });
    }

    expect((await transfersOf(ann)).map((t: any) => t.id)).toEqual([transactionId]);
    expect((await stack.mesh.balance(ann.id)).balance).toBe(8_800);
    expect((await stack.mesh.balance(creator.id)).balance).toBe(1_200);
    expect(await outboxEvents(stack.social, "social.split_payment_recorded", "splitId", split.id)).toHaveLength(1);
  });

  test("the last shares paid at the same moment settle the split exactly once", async () => {
    const [creator, ann, ben, cat] = await Promise.all([stack.mesh.user(), stack.mesh.user({ balance: 5_000 }), stack.mesh.user({ balance: 5_000 }), stack.mesh.user({ balance: 5_000 })]);
    const split = await createSplit(creator, "Cabin", [share(creator, 1_000), share(ann, 1_000), share(ben, 1_000), share(cat, 1_000)]);
    const results = await Promise.all([ann, ben, cat].map((u) => api("POST", `/${split.id}/pay`, u)));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(results.filter((r) => r.body.splitStatus === "SETTLED").length).toBeGreaterThanOrEqual(1);

    const view = (await api("GET", `/${split.id}`, cat)).body;
    expect(view).toMatchObject({ status: "SETTLED", settledAt: expect.any(String) });
    expect(view.participants.every((p: any) => p.status === "PAID")).toBe(true);
    const settledEvents = await outboxEvents(stack.social, "social.split_settled", "splitId", split.id);
    expect(settledEvents).toHaveLength(1);
    expect(settledEvents[0].data.participants.sort()).toEqual([creator.id, ann.id, ben.id, cat.id].sort());
    expect(await outboxEvents(stack.social, "social.split_payment_recorded", "splitId", split.id)).toHaveLength(3);
    expect((await stack.mesh.balance(creator.id)).balance).toBe(3_000);
    expect((await api("GET", "", creator)).body.items[0]).toMatchObject({ id: split.id, status: "SETTLED", participantCount: 4, paidCount: 4 });
  });

  test("without the funds: 422, the share stays unpaid; after a top-up paying works", async () => {
    const [creator, ann] = await Promise.all([stack.mesh.user(), stack.mesh.user({ balance: 500 })]);
    const split = await createSplit(creator, "Tickets", [share(ann, 2_000)]);
    const refused = await api("POST", `/${split.id}/pay`, ann);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: "INSUFFICIENT_FUNDS" });
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect((await api("GET", `/${split.id}`, ann)).body.participants[0]).toMatchObject({ status: "PENDING", transactionId: null });

    expect((await stack.mesh.topup(ann, { amount: 2_000 })).status).toBe(201);
    const paid = await api("POST", `/${split.id}/pay`, ann);
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({ outcome: "paid", splitStatus: "SETTLED" });
    expect((await stack.mesh.balance(ann.id)).balance).toBe(500);
    expect((await stack.mesh.balance(creator.id)).balance).toBe(2_000);
  });

  test("a payment held for fraud review waits; the reviewer's approval pays the share, a block lets the participant try again", async () => {
    // Over 200.00 to someone never paid and no contact: the fraud service asks for a review.
    const [creator, ann, ben] = await Promise.all([stack.mesh.user(), stack.mesh.user({ balance: 30_000 }), stack.mesh.user({ balance: 30_000 })]);
    const split = await createSplit(creator, "Rent", [share(ann, 25_000), share(ben, 25_000)]);

    const held = await api("POST", `/${split.id}/pay`, ann);
    expect(held.status).toBe(202);
    const heldId: string = held.body.share.transactionId;
    expect(held.body).toMatchObject({ outcome: "held", share: { status: "PENDING", awaitingReview: true } });
    const again = await api("POST", `/${split.id}/pay`, ann);
    expect(again.status).toBe(202);
    expect(again.body.share.transactionId).toBe(heldId);

    await stack.mesh.rpc.transactions.approveHeld({ transactionId: heldId, adminId: Bun.randomUUIDv7() });
    const paidShare = await eventually(async () => {
      const p = (await api("GET", `/${split.id}`, ann)).body.participants.find((x: any) => x.userId === ann.id);
      return p.status === "PAID" && p;
    }, { timeoutMs: 30_000, what: "the approved payment to be recorded" });
    expect(paidShare).toMatchObject({ transactionId: heldId, awaitingReview: false });

    const benHeld = await api("POST", `/${split.id}/pay`, ben);
    expect(benHeld.status).toBe(202);
    const benHeldId: string = benHeld.body.share.transactionId;
    await stack.mesh.rpc.transactions.blockHeld({ transactionId: benHeldId, adminId: Bun.randomUUIDv7(), reason: "Looks odd" });
    await eventually(async () => (await api("GET", `/${split.id}`, ben)).body.participants.find((x: any) => x.userId === ben.id).transactionId === null, {
      timeoutMs: 30_000,
      what: "the blocked payment to be let go",
    });
    expect((await stack.mesh.balance(ben.id)).balance).toBe(30_000);
    // A new attempt is a new payment (held again, as the recipient is still new to ben), not a replay of the blocked one.
    const retry = await api("POST", `/${split.id}/pay`, ben);
    expect(retry.status).toBe(202);
    expect(retry.body.share.transactionId).not.toBe(benHeldId);
    expect((await api("GET", `/${split.id}`, creator)).body.status).toBe("OPEN");
  });

  test("only someone with a share pays: the creator without one gets 409, strangers 404", async () => {
    const [creator, ann, stranger] = await Promise.all([stack.mesh.user(), stack.mesh.user(), stack.mesh.user({ balance: 1_000 })]);
    const split = await createSplit(creator, "Gift", [share(ann, 700)]);
    const own = await api("POST", `/${split.id}/pay`, creator);
    expect(own.status).toBe(409);
    expect(own.body.detail).toBe("You have no share to pay in this split");
    expect((await api("POST", `/${split.id}/pay`, stranger)).status).toBe(404);
    expect((await api("POST", `/${Bun.randomUUIDv7()}/pay`, ann)).status).toBe(404);
    expect((await api("POST", "/not-an-id/pay", ann)).status).toBe(404);
    expect(await transfersOf(stranger)).toEqual([]);
  });

  test("a client-supplied transaction id is refused, never trusted", async () => {
    const [creator, ann] = await Promise.all([stack.mesh.user(), stack.mesh.user({ balance: 1_000 })]);
    const split = await createSplit(creator, "Lunch", [share(ann, 700)]);
    const res = await api("POST", `/${split.id}/pay`, ann, { transactionId: Bun.randomUUIDv7() });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: "transactionId", message: "is not a known field" }]);
    expect((await api("GET", `/${split.id}`, ann)).body.participants[0].status).toBe("PENDING");
    expect(await transfersOf(ann)).toEqual([]);
  });
});

describe("bad input gets a problem naming the field, and leaves nothing behind", () => {
  let creator: MoneyUser;
  let ann: MoneyUser;
  beforeAll(async () => {
    [creator, ann] = await Promise.all([stack.mesh.user(), stack.mesh.user()]);
  });
  const valid = () => ({ title: "Bill", totalCents: 100, participants: [share(ann, 100)] });

  const cases: [string, () => unknown, string | null][] = [
    ["no title", () => ({ ...valid(), title: undefined }), "title"],
    ["a blank title", () => ({ ...valid(), title: "   " }), "title"],
    ["a title of 256 characters", () => ({ ...valid(), title: "x".repeat(256) }), "title"],
    ["a zero total", () => ({ ...valid(), totalCents: 0 }), "totalCents"],
    ["a fractional total", () => ({ ...valid(), totalCents: 100.5 }), "totalCents"],
    ["another currency", () => ({ ...valid(), currency: "GBP" }), "currency"],
    ["no participants", () => ({ ...valid(), participants: [] }), "participants"],
    ["participants that are no list", () => ({ ...valid(), participants: {} }), "participants"],
    ["a zero share", () => ({ title: "Bill", totalCents: 100, participants: [share(ann, 100), share(creator, 0)] }), "participants.1.amountCents"],
    ["a negative share", () => ({ title: "Bill", totalCents: 100, participants: [share(ann, 150), share(creator, -50)] }), "participants.1.amountCents"],
    ["a participant id that is no UUID", () => ({ ...valid(), participants: [{ userId: "ann", amountCents: 100 }] }), "participants.0.userId"],
    ["an unknown field in a share", () => ({ ...valid(), participants: [{ ...share(ann, 100), paid: true }] }), "participants.0.paid"],
    ["an unknown field", () => ({ ...valid(), status: "SETTLED" }), "status"],
    ["51 participants", () => ({ title: "Bill", totalCents: 51, participants: Array.from({ length: 51 }, () => ({ userId: Bun.randomUUIDv7(), amountCents: 1 })) }), "participants"],
    ["malformed JSON", () => "{\"title\":", null],
  ];
  for (const [name, make, field] of cases) {
    test(`create: ${name}`, async () => {
      const res = await api("POST", "", creator, make());
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      if (field) expect(res.body.errors.map((e: any) => e.field)).toContain(field);
      expect(await rowCount(stack.social, "bill_splits", sql`creator_id = ${creator.id}`)).toBe(0);
    });
  }

  test("list: bad limit and cursor", async () => {
    expect((await api("GET", "?limit=1000", creator)).body.errors[0].field).toBe("limit");
    expect((await api("GET", "?cursor=zzz", creator)).body.errors[0].field).toBe("cursor");
  });

  test("no token: 401", async () => {
    const id = Bun.randomUUIDv7();
    for (const [method, path] of [["GET", ""], ["POST", ""], ["GET", `/${id}`], ["POST", `/${id}/pay`]] as const) expect((await api(method, path, null)).status).toBe(401);
  });
});
