import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { sql } from "drizzle-orm";
import { envelopeOf, getJson, newId, newTraceId, publishEnvelope, rowCount, startAuditStack, traceparentOf, waitForRows, type AuditStack } from "./test-support.ts";

setDefaultTimeout(60_000);

let stack: AuditStack;
/** Five events of one actor, oldest first, each with its own trace. */
let actorId: string;
let ids: string[];
let traces: string[];

beforeAll(async () => {
  stack = await startAuditStack();
  actorId = newId();
  traces = Array.from({ length: 5 }, newTraceId);
  const envelopes = traces.map((traceId, i) =>
    i % 2 === 0
      ? envelopeOf("kyc.submitted", { userId: actorId, profileId: newId() }, { producer: "kyc", actorId, subjectUserIds: [actorId], traceparent: traceparentOf(traceId) })
      : envelopeOf("wallet.created", { walletId: newId(), userId: actorId, currency: "USD" }, { producer: "wallet", actorId, subjectUserIds: [actorId], traceparent: traceparentOf(traceId) }),
  );
  // One at a time, so the chain order is the publishing order.
  for (const e of envelopes) {
    await publishEnvelope(stack.nc, e);
    await waitForRows(stack.audit, [e.id]);
  }
  ids = envelopes.map((e) => e.id);
});
afterAll(() => stack?.stop());

const url = (query = "") => `${stack.audit.url}/internal/audit${query}`;
const list = (query: string, token = stack.admin.token) => getJson(url(query), token);

describe("who may read the log", () => {
  test.each([
    ["the listing", ""],
    ["verify", "/verify"],
  ])("%s: no token is 401, a USER token is 403, an ADMIN gets 200", async (_what, path) => {
    const anonymous = await getJson(url(path));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("content-type")).toBe("application/problem+json");
    const user = await getJson(url(path), stack.user.token);
    expect(user.status).toBe(403);
    expect(user.body).toMatchObject({ code: "PERMISSION_DENIED", status: 403 });
    expect((await getJson(url(path), stack.admin.token)).status).toBe(200);
  });

  test("a forged token is 401", async () => {
    const [header, payload] = stack.admin.token.split(".");
    const forged = `${header}.${payload}.${"A".repeat(342)}`;
    expect((await getJson(url(), forged)).status).toBe(401);
  });
});

describe("listing", () => {
  test("an actor's entries, newest first, each with its trace id", async () => {
    const { status, body } = await list(`?actorId=${actorId}`);
    expect(status).toBe(200);
    expect(body.nextCursor).toBeNull();
    expect(body.entries.map((e: any) => e.eventId)).toEqual([...ids].reverse());
    expect(body.entries.map((e: any) => e.traceId)).toEqual([...traces].reverse());
    const newest = body.entries[0];
    expect(newest).toEqual({
      seq: expect.any(Number),
      eventId: ids[4],
      type: "kyc.submitted",
      producer: "kyc",
      actorId,
      subjectUserIds: [actorId],
      traceId: traces[4],
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      payload: { userId: actorId, profileId: expect.any(String) },
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  test("by type", async () => {
    const { body } = await list(`?actorId=${actorId}&type=wallet.created`);
    expect(body.entries.map((e: any) => e.eventId)).toEqual([ids[3], ids[1]]);
    expect((await list(`?actorId=${actorId}&type=wallet.frozen`)).body.entries).toEqual([]);
  });

  test("by the user an entry concerns, and by the transaction it is about", async () => {
    const [sender, target, transactionId] = [newId(), newId(), newId()];
    const about = envelopeOf("transaction.created", { transactionId, type: "TRANSFER", senderId: sender, recipientId: target, amount: 500, currency: "USD", requestId: null, splitId: null }, { producer: "transactions", actorId: sender, subjectUserIds: [sender, target] });
    const other = envelopeOf("wallet.frozen", { walletId: newId(), userId: target, reason: "x", frozenBy: sender }, { producer: "wallet", actorId: sender, subjectUserIds: [target] });
    for (const e of [about, other]) {
      await publishEnvelope(stack.nc, e);
      await waitForRows(stack.audit, [e.id]);
    }
    expect((await list(`?subjectUserId=${target}`)).body.entries.map((e: any) => e.eventId)).toEqual([other.id, about.id]);
    expect((await list(`?subjectUserId=${target}&type=transaction.created`)).body.entries.map((e: any) => e.eventId)).toEqual([about.id]);
    expect((await list(`?transactionId=${transactionId}`)).body.entries.map((e: any) => e.eventId)).toEqual([about.id]);
    expect((await list(`?transactionId=${newId()}`)).body.entries).toEqual([]);
    expect(await stack.rpc.list({ subjectUserId: target, transactionId, limit: 50 })).toEqual((await list(`?subjectUserId=${target}&transactionId=${transactionId}`)).body);
  });

  test("by recorded time, both bounds inclusive", async () => {
    const all = (await list(`?actorId=${actorId}`)).body.entries as { eventId: string; recordedAt: string }[];
    const oldest = all.at(-1)!.recordedAt;
    const newest = all[0]!.recordedAt;
    const ms = (iso: string, delta: number) => new Date(new Date(iso).getTime() + delta).toISOString();
    const count = async (query: string) => (await list(`?actorId=${actorId}${query}`)).body.entries.length;
    expect(await count(`&from=${oldest}&to=${newest}`)).toBe(5);
    expect(await count(`&to=${ms(oldest, -1)}`)).toBe(0);
    expect(await count(`&from=${ms(newest, 1)}`)).toBe(0);
    expect(await count(`&from=${oldest.slice(0, 10)}&to=${newest.slice(0, 10)}`)).toBe(5);
    // An offset other than Z means the same instant.
    const plusTwo = new Date(new Date(oldest).getTime() + 2 * 3600_000).toISOString().replace("Z", "+02:00");
    expect(await count(`&from=${encodeURIComponent(plusTwo)}`)).toBe(5);
  });

  test("pages follow the cursor without repeats or holes", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { status, body }: { status: number; body: any } = await list(`?actorId=${actorId}&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(status).toBe(200);
      seen.push(...body.entries.map((e: any) => e.eventId));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
  });

  test("the RPC answers what the route answers", async () => {
    const viaHttp = (await list(`?actorId=${actorId}&limit=3`)).body;
    expect(await stack.rpc.list({ actorId, limit: 3 })).toEqual(viaHttp);
    const verify = await stack.rpc.verify({});
    expect(verify).toMatchObject({ ok: true, firstBroken: null });
  });
});

describe("verify", () => {
  test("reports the whole chain intact with its head", async () => {
    const { body } = await getJson(url("/verify"), stack.admin.token);
    const [head] = (await stack.audit.ctx.db.execute(sql`select seq::int as seq, hash from audit_log order by seq desc limit 1`)) as unknown as { seq: number; hash: string }[];
    expect(body).toMatchObject({ ok: true, firstBroken: null });
    // Rows may have been appended since (other events keep arriving): the report's head is one of the chain's rows.
    expect(body.head.seq).toBeLessThanOrEqual(head!.seq);
    expect(body.checkedRows).toBe(body.head.seq);
  });
});

describe("bad input is a 400 naming the field, and changes nothing", () => {
  test.each([
    ["limit=0", "limit"],
    ["limit=201", "limit"],
    ["limit=abc", "limit"],
    ["limit=1.5", "limit"],
    ["limit=-1", "limit"],
    ["cursor=abc", "cursor"],
    ["cursor=0", "cursor"],
    ["cursor=99999999999999999999", "cursor"],
    ["from=yesterday", "from"],
    ["to=2030-13-01", "to"],
    ["from=2030-01-02&to=2030-01-01", "from"],
    ["type=Transaction.Completed", "type"],
    ["type=transaction", "type"],
    [`actorId=${"x".repeat(65)}`, "actorId"],
    ["actorId=", "actorId"],
    ["actorID=abc", "actorID"],
    [`subjectUserId=${"x".repeat(65)}`, "subjectUserId"],
    ["transactionId=", "transactionId"],
    ["page=2", "page"],
  ])("?%s → 400 for %s", async (query, field) => {
    const before = await rowCount(stack.audit);
    const { status, headers, body } = await list(`?${query}`);
    expect(status).toBe(400);
    expect(headers.get("content-type")).toBe("application/problem+json");
    expect(body.code).toBe("INVALID_ARGUMENT");
    expect(body.errors.map((e: any) => e.field)).toContain(field);
    expect(body.detail).toContain(field);
    expect(await rowCount(stack.audit)).toBeGreaterThanOrEqual(before);
  });

  test("a USER with a bad query is still told 403, not what is wrong with the query", async () => {
    expect((await list("?limit=0", stack.user.token)).status).toBe(403);
  });

  test("the RPC refuses bad filters with INVALID_ARGUMENT too", async () => {
    await expect(stack.rpc.list({ from: "2030-01-02", to: "2030-01-01" })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });
});

test("the routes are described in the service's OpenAPI document", async () => {
  const { status, body } = await getJson(`${stack.audit.url}/openapi.json`);
  expect(status).toBe(200);
  expect(Object.keys(body.paths).sort()).toEqual(["/internal/audit", "/internal/audit/verify"]);
  expect(body.paths["/internal/audit"].get.parameters.map((p: any) => p.name).sort()).toEqual(["actorId", "cursor", "from", "limit", "subjectUserId", "to", "transactionId", "type"]);
});
