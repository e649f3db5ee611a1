import { describe, expect, test } from "bun:test";
import { consumption } from "../../../proto-like-schemas/consumption.ts";
import { eventCatalog } from "../../../proto-like-schemas/events/index.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { afterFailedAttempt, MAIL_RETRY_DELAYS_MS } from "./mail-retry.ts";
import { escapeHtml, renderMail } from "./mail-templates.ts";
import { CONSUMED_TYPES, draftsFor, peopleIn, type Consumed } from "./messages.ts";
import { formatCents, percentOf } from "./money.ts";
import { ReplayGate, sseComment, sseMessage } from "./sse.ts";

const A = "0190a000-0000-7000-8000-00000000000a";
const B = "0190a000-0000-7000-8000-00000000000b";
const C = "0190a000-0000-7000-8000-00000000000c";
const T = "0190a000-0000-7000-8000-0000000000f1";
const names: Record<string, string> = { [A]: "Alice", [B]: "Bob", [C]: "Carol" };
const nameOf = (id: string) => names[id] ?? null;
const noNames = () => null;

const txn = { transactionId: T, type: "TRANSFER", senderId: A, recipientId: B, amount: 123_456, currency: "USD", requestId: null, splitId: null };
const request = { requestId: "r1", requesterId: A, recipientId: B, amount: 2_500, currency: "USD" };
const budget = { userId: A, budgetId: "b1", category: "FOOD", used: 8_550, limit: 10_000, yearMonth: "2026-11" };

/** A valid example of every event notifications consumes (checked against the contract below). */
const samples: Record<Consumed, unknown> = {
  "auth.user_registered": { userId: A, email: "a@example.com", name: "Alice", registrationMethod: "credentials" },
  "auth.user_verified": { userId: A, email: "a@example.com", verifiedAt: "2026-11-20T10:00:00.000Z" },
  "auth.profile_updated": { userId: A, name: "Alice Renamed", previousName: "Alice" },
  "auth.password_changed": { userId: A, method: "reset", changedAt: "2026-11-20T10:00:00.000Z" },
  "auth.role_changed": { userId: A, role: "ADMIN", previousRole: "USER", changedBy: C },
  "wallet.frozen": { walletId: "w1", userId: A, reason: "internal note: chargeback pattern", frozenBy: C },
  "wallet.unfrozen": { walletId: "w1", userId: A, unfrozenBy: C },
  "transaction.completed": { ...txn, description: "Dinner", merchant: null, category: "FOOD", fraudDecision: "ALLOW", fraudScore: 0, completedAt: "2026-11-20T10:00:00.000Z" },
  "transaction.failed": { ...txn, code: "INSUFFICIENT_FUNDS", reason: "Insufficient funds" },
  "transaction.held": { ...txn, score: 70, rulesFired: [{ rule: "LARGE", score: 70, reason: "large" }] },
  "transaction.cancelled": { ...txn, reason: "user cancelled" },
  "transaction.reversed": { ...txn, reason: "dispute", reversedBy: C, forced: false },
  "transaction.fraud_blocked": { ...txn, score: 95, rulesFired: [{ rule: "VELOCITY", score: 95, reason: "too many" }], reason: "blocked" },
  "kyc.tier_upgraded": { userId: A, profileId: "p1", previousTier: "BASIC", newTier: "VERIFIED" },
  "kyc.verification_failed": { userId: A, profileId: "p1", reason: null },
  "social.money_request_sent": { ...request, note: "Concert tickets", expiresAt: "2026-11-22T10:00:00.000Z" },
  "social.money_request_accepted": { ...request, note: null },
  "social.money_request_declined": request,
  "social.money_request_cancelled": request,
  "social.money_request_expired": request,
  "social.money_request_paid": { ...request, transactionId: T },
  "social.money_request_payment_failed": { ...request, transactionId: null, code: "INSUFFICIENT_FUNDS", reason: "Insufficient funds" },
  "social.split_created": { splitId: "s1", creatorId: A, title: "Trip", totalCents: 9_000, currency: "USD", participants: [{ userId: A, amountCents: 3_000 }, { userId: B, amountCents: 3_000 }, { userId: C, amountCents: 3_000 }] },
  "social.split_payment_recorded": { splitId: "s1", creatorId: A, participantId: B, amountCents: 3_000, transactionId: T },
  "social.split_settled": { splitId: "s1", creatorId: A, title: "Trip", totalCents: 9_000, currency: "USD", participants: [A, B, C] },
  "social.money_request_reversed": { ...request, transactionId: T },
  "social.split_payment_reversed": { splitId: "s1", creatorId: A, participantId: B, amountCents: 3_000, transactionId: T },
  "social.split_reopened": { splitId: "s1", creatorId: A, title: "Trip", totalCents: 9_000, currency: "USD", participants: [A, B, C] },
  "analytics.budget_warning": { ...budget, thresholdPercent: 80 },
  "analytics.budget_exceeded": { ...budget, used: 12_345, thresholdPercent: 100 },
  "webhook.endpoint_disabled": { endpointId: "e1", userId: A, url: "https://hooks.example.com/mint", reason: "GONE" },
};

const drafts = <K extends Consumed>(type: K, nameFn = nameOf) => draftsFor(type, eventCatalog[type].parse(samples[type]) as never, nameFn);

describe("money text", () => {
  test.each([
    [0, "$0.00"],
    [5, "$0.05"],
    [100, "$1.00"],
    [123_456, "$1,234.56"],
    [100_000_000_000, "$1,000,000,000.00"],
    [-250, "-$2.50"],
  ])("%p cents is %p", (cents, text) => expect(formatCents(cents)).toBe(text));

  test("refuses anything that is not whole cents", () => {
    expect(() => formatCents(12.5)).toThrow(RangeError);
    expect(() => formatCents(Number.NaN)).toThrow(RangeError);
  });

  test("percent is rounded down and survives a zero limit", () => {
    expect(percentOf(7_999, 10_000)).toBe(79);
    expect(percentOf(8_000, 10_000)).toBe(80);
    expect(percentOf(12_345, 10_000)).toBe(123);
    expect(percentOf(1, 0)).toBe(100);
  });
});

describe("cursor", () => {
  test("round-trips an id and refuses what it did not issue", () => {
    expect(decodeCursor(encodeCursor(T))).toBe(T);
    expect(decodeCursor(T)).toBeNull();
    expect(decodeCursor("not a cursor!")).toBeNull();
    expect(decodeCursor(Buffer.from("n:123").toString("base64url"))).toBeNull();
    expect(decodeCursor(Buffer.from(`x:${T}`).toString("base64url"))).toBeNull();
  });
});

describe("mail retry", () => {
  const now = new Date("2026-11-20T10:00:00Z");
  test("backs off along the schedule, then gives up", () => {
    expect(afterFailedAttempt(1, 8, now)).toEqual({ retryAt: new Date(now.getTime() + 5_000) });
    expect(afterFailedAttempt(2, 8, now)).toEqual({ retryAt: new Date(now.getTime() + 30_000) });
    expect(afterFailedAttempt(7, 8, now)).toEqual({ retryAt: new Date(now.getTime() + MAIL_RETRY_DELAYS_MS.at(-1)!) });
    expect(afterFailedAttempt(8, 8, now)).toEqual({ giveUp: true });
  });
});

describe("server-sent events", () => {
  test("one message is id, event name and one JSON data line", () => {
    expect(sseMessage({ id: "1", event: "notification", data: { body: "two\nlines" } })).toBe('id: 1\nevent: notification\ndata: {"body":"two\\nlines"}\n\n');
    expect(sseMessage({ event: "ready", data: {}, retryMs: 3000 })).toBe("retry: 3000\nevent: ready\ndata: {}\n\n");
    expect(sseComment("heartbeat")).toBe(": heartbeat\n\n");
  });

  test("live messages wait for the replay and are not sent twice", () => {
    const gate = new ReplayGate<{ id: string }>();
    expect(gate.live({ id: "05" })).toEqual([]);
    expect(gate.live({ id: "03" })).toEqual([]);
    expect(gate.open([{ id: "02" }, { id: "03" }])).toEqual([{ id: "02" }, { id: "03" }, { id: "05" }]);
    expect(gate.live({ id: "03" })).toEqual([]);
    expect(gate.live({ id: "06" })).toEqual([{ id: "06" }]);
  });
});

describe("who is told what", () => {
  test("there is a sample, valid by the contract, for every consumed event", () => {
    expect([...CONSUMED_TYPES].sort()).toEqual([...consumption.notifications].sort());
    for (const type of CONSUMED_TYPES) expect(eventCatalog[type].safeParse(samples[type]).success).toBe(true);
  });

  test("a new display name tells nobody: it only renames the person in later notifications", () => {
    expect(drafts("auth.profile_updated")).toEqual([]);
  });

  test.each(CONSUMED_TYPES.filter((t) => t !== "auth.profile_updated").map((t) => [t]))("%s tells each user concerned once, in their own words", (type) => {
    const ds = drafts(type);
    expect(ds.length).toBeGreaterThan(0);
    expect(new Set(ds.map((d) => d.userId)).size).toBe(ds.length);
    const concerned = new Set([...peopleIn(samples[type] as Record<string, unknown>), ...((samples[type] as { participants?: unknown[] }).participants ?? []).map((p) => (typeof p === "string" ? p : (p as { userId: string }).userId)), (samples[type] as { userId?: string }).userId].filter(Boolean));
    for (const d of ds) {
      expect(concerned.has(d.userId)).toBe(true);
      expect(d.type).toMatch(/^[a-z]+\.[a-z_]+$/);
      expect(d.title.length).toBeGreaterThan(0);
      expect(d.body).not.toMatch(/undefined|null|NaN|\[object/);
    }
    // Nobody is promised money that has not moved.
    if (type !== "transaction.completed" && type !== "social.money_request_paid") for (const d of ds) expect(d.body).not.toMatch(/on the way|is in your wallet/i);
  });

  test("a transfer: the sender sent, the recipient received, both by name and by e-mail", () => {
    const [sent, received] = drafts("transaction.completed");
    expect(sent).toMatchObject({ userId: A, type: "transaction.completed", title: "Transfer Sent", body: "You sent $1,234.56 to Bob. “Dinner”", mail: { template: "transfer-sent" } });
    expect(received).toMatchObject({ userId: B, type: "transaction.completed", title: "Transfer Received", body: "You received $1,234.56 from Alice. “Dinner”", mail: { template: "transfer-received" } });
    expect(sent!.data).toMatchObject({ transactionId: T, amount: 123_456, direction: "sent" });
  });

  test("unknown names leave the text whole", () => {
    const [sent] = drafts("transaction.completed", noNames);
    expect(sent!.body).toBe("You sent $1,234.56. “Dinner”");
    expect(drafts("social.money_request_sent", noNames)[0]!.body).toBe("Someone requested $25.00 from you. “Concert tickets”");
  });

  test("a top-up is one 'Funds Added' without e-mail", () => {
    const ds = draftsFor("transaction.completed", { ...(samples["transaction.completed"] as any), type: "TOPUP", recipientId: null }, nameOf);
    expect(ds).toEqual([{ userId: A, type: "transaction.topup_completed", title: "Funds Added", body: "$1,234.56 was added to your wallet.", data: expect.objectContaining({ transactionId: T }) }]);
  });

  test("fraud details and admins' notes stay internal", () => {
    const [blocked] = drafts("transaction.fraud_blocked");
    expect(JSON.stringify(blocked)).not.toMatch(/VELOCITY|95|score/i);
    expect(JSON.stringify(drafts("wallet.frozen"))).not.toContain("chargeback");
  });

  test("a role change tells the user what they can now do, not which admin did it", () => {
    const [granted] = drafts("auth.role_changed");
    expect(granted).toMatchObject({ userId: A, type: "auth.role_changed", title: "Account Role Changed", data: { role: "ADMIN", previousRole: "USER" } });
    expect(granted!.body).toContain("administrator access");
    expect(JSON.stringify(granted)).not.toContain(C);
    const [revoked] = draftsFor("auth.role_changed", { userId: A, role: "USER", previousRole: "ADMIN", changedBy: C }, nameOf);
    expect(revoked!.body).toBe("Your account no longer has administrator access.");
  });

  test("an accepted request says the payment is pending, to both", () => {
    const ds = drafts("social.money_request_accepted");
    expect(ds.map((d) => d.userId)).toEqual([A, B]);
    expect(ds[0]!.body).toBe("Bob accepted your request for $25.00. We'll let you know when the payment has gone through.");
  });

  test("splits: the creator is told apart from those added, and settled once each", () => {
    const created = drafts("social.split_created");
    expect(created.map((d) => [d.userId, d.title])).toEqual([[A, "Bill Split Created"], [B, "Added to Bill Split"], [C, "Added to Bill Split"]]);
    expect(created[1]!.body).toBe("Alice added you to “Trip” ($90.00). Your share is $30.00.");
    expect(drafts("social.split_settled").map((d) => d.userId)).toEqual([A, B, C]);
  });

  test("a reversed payment: both parties of a request are told, and everyone in a split it reopens", () => {
    const request = drafts("social.money_request_reversed");
    expect(request.map((d) => [d.userId, d.title, d.data?.role])).toEqual([[A, "Money Request Payment Reversed", "requester"], [B, "Money Request Payment Reversed", "payer"]]);
    expect(request[0]!.body).toBe("The payment of $25.00 from Bob for your request was reversed and taken back from your wallet. The request is closed.");
    expect(request[1]!.body).toBe("Your payment of Alice’s request for $25.00 was reversed. The money is back in your wallet.");

    const share = drafts("social.split_payment_reversed");
    expect(share.map((d) => [d.userId, d.data?.role])).toEqual([[B, "participant"], [A, "creator"]]);
    expect(share[0]!.body).toBe("The payment of your $30.00 share to Alice was reversed. The money is back in your wallet and your share is unpaid again.");
    expect(share[1]!.body).toBe("Bob’s payment of their $30.00 share was reversed and taken back from your wallet. Their share is unpaid again.");
    expect(drafts("social.split_payment_reversed", noNames)[1]!.body).toStartWith("A participant’s payment");

    const reopened = drafts("social.split_reopened");
    expect(reopened.map((d) => d.userId)).toEqual([A, B, C]);
    expect(reopened[0]).toMatchObject({ title: "Bill Split Reopened", body: "“Trip” is open again: the payment of a share was reversed." });
  });

  test("kyc: e-mail only for VERIFIED; the rejection reason falls back", () => {
    expect(drafts("kyc.tier_upgraded")[0]!.mail).toEqual({ template: "kyc-approved", vars: {} });
    expect(draftsFor("kyc.tier_upgraded", { userId: A, profileId: "p", previousTier: "UNVERIFIED", newTier: "BASIC" }, nameOf)[0]).toMatchObject({ title: "Verification Level Upgraded", body: expect.stringContaining("Basic") });
    expect(draftsFor("kyc.tier_upgraded", { userId: A, profileId: "p", previousTier: "UNVERIFIED", newTier: "BASIC" }, nameOf)[0]!.mail).toBeUndefined();
    expect(drafts("kyc.verification_failed")[0]!.mail).toEqual({ template: "kyc-rejected", vars: { reason: "Documents could not be verified" } });
  });

  test("budgets say the real percentage", () => {
    expect(drafts("analytics.budget_warning")[0]!.body).toBe("You've used 85% of your Food budget this month ($85.50 of $100.00).");
    expect(drafts("analytics.budget_exceeded")[0]!.body).toBe("You've spent $123.45 of your $100.00 Food budget this month, $23.45 over.");
  });
});

describe("e-mails", () => {
  test("subjects, amounts and links", () => {
    const mail = renderMail({ template: "transfer-sent", vars: { amount: 123_456, description: null, transactionId: T, counterparty: "Bob" } }, "https://mint.example/");
    expect(mail.subject).toBe("Transfer Sent - $1,234.56");
    expect(mail.text).toContain("You sent $1,234.56 to Bob.");
    expect(mail.text).toContain(`https://mint.example/transactions/${T}`);
    expect(renderMail({ template: "budget-warning", vars: { category: "FOOD", used: 8_550, limit: 10_000, percent: 85 } }, "http://x").subject).toBe("Budget Warning - Food");
    expect(renderMail({ template: "budget-exceeded", vars: { category: "FOOD", used: 12_345, limit: 10_000 } }, "http://x").text).toContain("Over by: $23.45");
  });

  test("what users wrote is escaped in HTML", () => {
    const mail = renderMail({ template: "transfer-received", vars: { amount: 100, description: `<img src=x onerror="alert(1)">`, transactionId: T, counterparty: "<b>Eve</b>" } }, "http://x");
    expect(mail.html).not.toContain("<img");
    expect(mail.html).not.toContain("<b>Eve");
    expect(mail.html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(escapeHtml(`&<>"'`)).toBe("&amp;&lt;&gt;&quot;&#39;");
  });
});
