import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { eq } from "drizzle-orm";
import { eventually } from "../../shared/testing/wait.ts";
import { mailsTo, waitForMail } from "../../tests/harness/mail.ts";
import type { TestUser } from "../../tests/harness/users.ts";
import { users } from "./db/schema.ts";
import { api, handled, inInbox, mailsFor, publishEvent, republish, rowsFor, rowsOfEvent, startNotificationsStack, type NotificationsStack } from "./test-support.ts";

setDefaultTimeout(60_000);

let stack: NotificationsStack;

beforeAll(async () => {
  stack = await startNotificationsStack();
});

afterAll(async () => {
  await stack?.stop();
});

const transfer = (from: TestUser, to: TestUser, amount: number, description: string | null = null) =>
  publishEvent(stack.nc, "transaction.completed", {
    transactionId: Bun.randomUUIDv7(), type: "TRANSFER", senderId: from.id, recipientId: to.id, amount, currency: "USD", requestId: null, splitId: null,
    description, merchant: null, category: "FOOD", fraudDecision: "ALLOW", fraudScore: 0, completedAt: new Date().toISOString(),
  }, { subjectUserIds: [from.id, to.id], actorId: from.id });

/** Publishes a harmless event after others on the same stream and waits for it: everything before it has been handled. */
async function settled(user: TestUser, domain: "transaction" | "kyc") {
  const marker = domain === "transaction"
    ? await publishEvent(stack.nc, "transaction.cancelled", { transactionId: Bun.randomUUIDv7(), type: "TOPUP", senderId: user.id, recipientId: null, amount: 1, currency: "USD", requestId: null, splitId: null, reason: "marker" })
    : await publishEvent(stack.nc, "kyc.tier_upgraded", { userId: user.id, profileId: Bun.randomUUIDv7(), previousTier: "UNVERIFIED", newTier: "BASIC" });
  await handled(stack.notifications, marker.id);
}

describe("sign-up", () => {
  test("registration records the user and welcomes them, without an e-mail", async () => {
    const user = await stack.user("Wendy Welcome");
    const [row] = await stack.notifications.ctx.db.select().from(users).where(eq(users.userId, user.id));
    expect(row).toMatchObject({ email: user.email, name: "Wendy Welcome" });
    const rows = await rowsFor(stack.notifications, user.id);
    expect(rows.map((r) => r.title)).toEqual(["Welcome to Mint!"]);
    expect(await mailsFor(stack.notifications, user.id)).toEqual([]);
  });
});

describe("a new name", () => {
  test("a user who renames themself is named by the new name in what others are told from then on", async () => {
    const [ada, rita] = await Promise.all([stack.user("Ada Lovelace"), stack.user("Rita Recipient")]);
    const auth = (path: string, method: string, body: unknown) =>
      fetch(`${stack.auth.url}/api/v1/auth${path}`, { method, headers: { authorization: `Bearer ${ada.token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await auth("/me", "PATCH", { name: "Ada King" })).status).toBe(200);
    // A later event of the same stream, waited for: the rename before it has been handled too.
    expect((await auth("/account/change-password", "POST", { current_password: ada.password, new_password: "a-new-pass-42" })).status).toBe(200);
    await eventually(async () => (await rowsFor(stack.notifications, ada.id)).some((r) => r.type === "auth.password_changed"), { timeoutMs: 20_000, what: "the password notice" });

    const [row] = await stack.notifications.ctx.db.select().from(users).where(eq(users.userId, ada.id));
    expect(row!.name).toBe("Ada King");
    const event = await transfer(ada, rita, 5_00, "Lunch");
    const rows = await handled(stack.notifications, event.id, 2);
    expect(rows.find((r) => r.userId === rita.id)!.body).toBe("You received $5.00 from Ada King. “Lunch”");
    // The rename itself tells nobody.
    expect((await rowsFor(stack.notifications, ada.id)).map((r) => r.type)).not.toContain("auth.profile_updated");
  });
});

describe("a transfer", () => {
  test("tells sender and recipient, each in their words, and e-mails both", async () => {
    const [sam, rita] = await Promise.all([stack.user("Sam Sender"), stack.user("Rita Recipient")]);
    const event = await transfer(sam, rita, 12_34, "Lunch");
    const rows = await handled(stack.notifications, event.id, 2);
    const bySender = rows.find((r) => r.userId === sam.id)!;
    const byRecipient = rows.find((r) => r.userId === rita.id)!;
    expect(bySender).toMatchObject({ type: "transaction.completed", title: "Transfer Sent", body: "You sent $12.34 to Rita Recipient. “Lunch”" });
    expect(byRecipient).toMatchObject({ type: "transaction.completed", title: "Transfer Received", body: "You received $12.34 from Sam Sender. “Lunch”" });
    expect(bySender.sourceOccurredAt.toISOString()).toBe(event.occurredAt);

    const sent = await waitForMail(sam.email, "Transfer Sent - $12.34");
    expect(sent.text).toContain("You sent $12.34 to Rita Recipient.");
    const received = await waitForMail(rita.email, "Transfer Received - $12.34");
    expect(received.text).toContain("You received $12.34 from Sam Sender.");
    await eventually(async () => (await mailsFor(stack.notifications, rita.id)).every((m) => m.status === "SENT"), { what: "mail rows marked sent" });
    const [row] = await mailsFor(stack.notifications, rita.id);
    expect(row).toMatchObject({ template: "transfer-received", status: "SENT", attempts: 1, sentTo: rita.email, notificationId: byRecipient.id });
  });

  test("a redelivered event creates no second notification and no second e-mail", async () => {
    const [a, b] = await Promise.all([stack.user("Redo Sender"), stack.user("Redo Recipient")]);
    const event = await transfer(a, b, 7_00);
    await handled(stack.notifications, event.id, 2);
    await waitForMail(b.email, "Transfer Received - $7.00");

    await republish(stack.nc, event);
    await republish(stack.nc, event);
    await settled(a, "transaction");

    expect(await rowsOfEvent(stack.notifications, event.id)).toHaveLength(2);
    expect(await mailsFor(stack.notifications, b.id, "transfer-received")).toHaveLength(1);
    await eventually(async () => (await mailsFor(stack.notifications, a.id)).every((m) => m.status !== "PENDING"), { what: "queue drained" });
    expect((await mailsTo(b.email)).filter((m) => m.subject.startsWith("Transfer Received"))).toHaveLength(1);
    expect((await mailsTo(a.email)).filter((m) => m.subject.startsWith("Transfer Sent"))).toHaveLength(1);
  });

  test("a user who turned e-mail off still gets the notification, but no e-mail", async () => {
    const [quiet, loud] = await Promise.all([stack.user("Quiet Quinn"), stack.user("Loud Lou")]);
    expect((await api(stack.notifications.url, quiet.token, "PUT", "/preferences", { emailEnabled: false })).status).toBe(200);
    const event = await transfer(loud, quiet, 3_00);
    const rows = await handled(stack.notifications, event.id, 2);
    expect(rows.find((r) => r.userId === quiet.id)?.title).toBe("Transfer Received");
    await waitForMail(loud.email, "Transfer Sent - $3.00");
    expect(await mailsFor(stack.notifications, quiet.id)).toEqual([]);
    expect((await mailsTo(quiet.email)).filter((m) => m.subject.startsWith("Transfer"))).toEqual([]);
  });
});

describe("other events", () => {
  test("KYC: verified is e-mailed, a lower tier is not; a rejection is e-mailed with the reason", async () => {
    const user = await stack.user("Kay");
    const basic = await publishEvent(stack.nc, "kyc.tier_upgraded", { userId: user.id, profileId: Bun.randomUUIDv7(), previousTier: "UNVERIFIED", newTier: "BASIC" });
    const failed = await publishEvent(stack.nc, "kyc.verification_failed", { userId: user.id, profileId: Bun.randomUUIDv7(), reason: "Document expired" });
    const verified = await publishEvent(stack.nc, "kyc.tier_upgraded", { userId: user.id, profileId: Bun.randomUUIDv7(), previousTier: "BASIC", newTier: "VERIFIED" });
    expect((await handled(stack.notifications, basic.id))[0]!.title).toBe("Verification Level Upgraded");
    expect((await handled(stack.notifications, failed.id))[0]!.body).toContain("Document expired");
    expect((await handled(stack.notifications, verified.id))[0]!.title).toBe("Identity Fully Verified");
    const rejection = await waitForMail(user.email, "Action Required - Identity Verification");
    expect(rejection.text).toContain("Reason: Document expired");
    await waitForMail(user.email, "Identity Verified - Mint");
    expect((await mailsFor(stack.notifications, user.id)).map((m) => m.template).sort()).toEqual(["kyc-approved", "kyc-rejected"]);
  });

  test("a money request tells the person asked and the requester; accepting promises nothing", async () => {
    const [asker, payer] = await Promise.all([stack.user("Asha Asker"), stack.user("Pat Payer")]);
    const base = { requestId: Bun.randomUUIDv7(), requesterId: asker.id, recipientId: payer.id, amount: 45_00, currency: "USD" as const };
    const sent = await publishEvent(stack.nc, "social.money_request_sent", { ...base, note: "Tickets", expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    const accepted = await publishEvent(stack.nc, "social.money_request_accepted", { ...base, note: "Tickets" });
    const sentRows = await handled(stack.notifications, sent.id, 2);
    expect(sentRows.find((r) => r.userId === payer.id)).toMatchObject({ title: "Money Request", body: "Asha Asker requested $45.00 from you. “Tickets”" });
    expect(sentRows.find((r) => r.userId === asker.id)).toMatchObject({ title: "Money Request Sent", body: "You requested $45.00 from Pat Payer. “Tickets”" });
    const acceptedRows = await handled(stack.notifications, accepted.id, 2);
    for (const r of acceptedRows) expect(r.body).not.toMatch(/on the way/i);
    expect(sentRows.every((r) => (r.data as any).requestId === base.requestId)).toBe(true);
  });

  test("a budget alert is e-mailed with the real percentage", async () => {
    const user = await stack.user("Bud");
    const e = await publishEvent(stack.nc, "analytics.budget_warning", { userId: user.id, budgetId: Bun.randomUUIDv7(), category: "ENTERTAINMENT", used: 9_100, limit: 10_000, yearMonth: "2026-11", thresholdPercent: 80 });
    expect((await handled(stack.notifications, e.id))[0]!.body).toBe("You've used 91% of your Entertainment budget this month ($91.00 of $100.00).");
    const mail = await waitForMail(user.email, "Budget Warning - Entertainment");
    expect(mail.text).toContain("Budget at 91%");
  });

  test("a disabled webhook endpoint is reported to its owner", async () => {
    const user = await stack.user("Hook Owner");
    const e = await publishEvent(stack.nc, "webhook.endpoint_disabled", { endpointId: Bun.randomUUIDv7(), userId: user.id, url: "https://hooks.example.com/in", reason: "FAILING" });
    const [row] = await handled(stack.notifications, e.id);
    expect(row).toMatchObject({ userId: user.id, title: "Webhook Endpoint Disabled" });
    expect(row!.body).toContain("https://hooks.example.com/in");
  });

  test("an event about nobody this service can address still notifies, and the inbox marks it handled", async () => {
    const ghost = Bun.randomUUIDv7();
    const e = await publishEvent(stack.nc, "wallet.frozen", { walletId: Bun.randomUUIDv7(), userId: ghost, reason: "x", frozenBy: Bun.randomUUIDv7() });
    await inInbox(stack.notifications, e.id);
    expect((await rowsOfEvent(stack.notifications, e.id)).map((r) => r.userId)).toEqual([ghost]);
  });
});
