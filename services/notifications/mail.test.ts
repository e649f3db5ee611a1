import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { eq } from "drizzle-orm";
import { authContract } from "../../proto-like-schemas/auth.ts";
import { findFreePort } from "../../shared/devstack/ports.ts";
import type { Logger } from "../../shared/log.ts";
import { createMailer } from "../../shared/mail.ts";
import { getMaildev } from "../../tests/harness/infra.ts";
import { mailsTo } from "../../tests/harness/mail.ts";
import type { TestUser } from "../../tests/harness/users.ts";
import type { Clock } from "./clock.ts";
import { mails, users } from "./db/schema.ts";
import { renderMail } from "./domain/mail-templates.ts";
import { createMailSender, enqueueMails, type MailSender } from "./mails.ts";
import { insertNotifications } from "./store.ts";
import { api, startNotificationsStack, type NotificationsStack } from "./test-support.ts";

setDefaultTimeout(60_000);

/** A clock the test moves by hand. */
class TestClock implements Clock {
  constructor(private t: number) {}
  now = () => new Date(this.t);
  advance(ms: number) {
    this.t += ms;
  }
}

let stack: NotificationsStack;
let clock: TestClock;
let broken: MailSender;
let working: MailSender;
/** The dead SMTP server makes the mailer log errors on purpose; they are expected here. */
const log: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => log };

beforeAll(async () => {
  // The service's own sender only runs when woken by a consumer; these tests queue mail themselves.
  stack = await startNotificationsStack({ env: { MAIL_POLL_MS: "3600000" } });
  // Ahead of the database's clock, so every queued row (created at the database's now()) is due.
  clock = new TestClock(Date.now() + 3_600_000);
  broken = senderTo(`smtp://127.0.0.1:${await findFreePort()}`);
  working = senderTo((await getMaildev()).smtpUrl);
});

/** A sender of this service's queue through the given SMTP server. */
const senderTo = (smtpUrl: string, batchSize = 10) =>
  createMailSender({
    db: stack.notifications.ctx.db,
    mailer: createMailer(smtpUrl, "Mint <noreply@mint.dev>", log),
    auth: stack.notifications.ctx.rpc(authContract),
    clock,
    log,
    settings: { batchSize, maxAttempts: 3, leaseMs: 60_000 },
  });

afterAll(async () => {
  await stack?.stop();
});

/** A notification with a queued kyc-rejected mail for the user, as a consumer would write them. */
async function queueMail(user: TestUser, reason: string) {
  return stack.notifications.ctx.db.transaction(async (tx) => {
    const [n] = await insertNotifications(tx, [{ source: { eventId: Bun.randomUUIDv7(), occurredAt: clock.now() }, draft: { userId: user.id, type: "kyc.verification_failed", title: "Verification Failed", body: reason, data: null } }]);
    await enqueueMails(tx, [{ notificationId: n!.id, userId: user.id, template: "kyc-rejected", mail: renderMail({ template: "kyc-rejected", vars: { reason } }, "http://localhost:8080") }]);
    const [row] = await tx.select().from(mails).where(eq(mails.notificationId, n!.id));
    return row!.id;
  });
}

const mailRow = async (id: string) => (await stack.notifications.ctx.db.select().from(mails).where(eq(mails.id, id)))[0]!;
const received = async (user: TestUser, reason: string) => (await mailsTo(user.email)).filter((m) => m.text.includes(reason));

describe("sending e-mail", () => {
  test("a failed send is retried after the back-off, not before, and then sent once", async () => {
    const user = await stack.user("Retry Rae");
    const reason = `retry-${Bun.randomUUIDv7()}`;
    const id = await queueMail(user, reason);

    await broken.drain();
    const failed = await mailRow(id);
    expect(failed).toMatchObject({ status: "PENDING", attempts: 1 });
    expect(failed.lastError).toBeTruthy();
    expect(failed.nextAttemptAt.getTime()).toBe(clock.now().getTime() + 5_000);

    clock.advance(4_000);
    await working.drain();
    expect(await mailRow(id)).toMatchObject({ status: "PENDING", attempts: 1 });

    clock.advance(2_000);
    await working.drain();
    expect(await mailRow(id)).toMatchObject({ status: "SENT", attempts: 2, sentTo: user.email, lastError: null });
    expect(await received(user, reason)).toHaveLength(1);

    clock.advance(3_600_000);
    await working.drain();
    expect(await received(user, reason)).toHaveLength(1);
  });

  test("after the last attempt the mail is given up", async () => {
    const user = await stack.user("Gives Up");
    const id = await queueMail(user, `give-up-${Bun.randomUUIDv7()}`);
    for (const wait of [0, 5_000, 30_000]) {
      clock.advance(wait);
      await broken.drain();
    }
    expect(await mailRow(id)).toMatchObject({ status: "FAILED", attempts: 3 });
    clock.advance(3_600_000);
    await working.drain();
    expect(await mailRow(id)).toMatchObject({ status: "FAILED", attempts: 3 });
  });

  test("e-mail turned off after queueing: the mail is skipped, not sent", async () => {
    const user = await stack.user("Late Opt-out");
    const reason = `skip-${Bun.randomUUIDv7()}`;
    const id = await queueMail(user, reason);
    await api(stack.notifications.url, user.token, "PUT", "/preferences", { emailEnabled: false });
    await working.drain();
    expect(await mailRow(id)).toMatchObject({ status: "SKIPPED" });
    expect(await received(user, reason)).toEqual([]);
  });

  test("an address this service never learnt is asked of auth, and remembered", async () => {
    const user = await stack.user("Unknown Una");
    await stack.notifications.ctx.db.delete(users).where(eq(users.userId, user.id));
    const reason = `lookup-${Bun.randomUUIDv7()}`;
    const id = await queueMail(user, reason);
    await working.drain();
    expect(await mailRow(id)).toMatchObject({ status: "SENT", sentTo: user.email });
    expect(await received(user, reason)).toHaveLength(1);
    const [row] = await stack.notifications.ctx.db.select().from(users).where(eq(users.userId, user.id));
    expect(row?.email).toBe(user.email);
  });

  test("a user auth does not know is skipped", async () => {
    const ghost = { id: Bun.randomUUIDv7(), email: "", password: "", token: "" };
    const id = await queueMail(ghost, `ghost-${Bun.randomUUIDv7()}`);
    await working.drain();
    expect(await mailRow(id)).toMatchObject({ status: "SKIPPED", lastError: "unknown user" });
  });

  test("two senders draining at once send each mail once", async () => {
    const user = await stack.user("Twice Not");
    const reasons = Array.from({ length: 6 }, (_, i) => `race-${i}-${Bun.randomUUIDv7()}`);
    const ids = [];
    for (const r of reasons) ids.push(await queueMail(user, r));
    const other = senderTo((await getMaildev()).smtpUrl, 2);
    await Promise.all([working.drain(), other.drain()]);
    for (const id of ids) expect(await mailRow(id)).toMatchObject({ status: "SENT", attempts: 1 });
    for (const r of reasons) expect(await received(user, r)).toHaveLength(1);
  });

  test("a stopped sender sends nothing more; the mails it had claimed go out once their lease runs out", async () => {
    const user = await stack.user("Stop Early");
    const reasons = Array.from({ length: 12 }, (_, i) => `stop-${i}-${Bun.randomUUIDv7()}`);
    const ids: string[] = [];
    for (const r of reasons) ids.push(await queueMail(user, r));
    const stopping = senderTo((await getMaildev()).smtpUrl, 4);
    // Stopped while its first claim is on its way: the drain ends before sending anything.
    const drained = stopping.drain();
    await stopping.stop();
    await drained;
    const rows = await Promise.all(ids.map(mailRow));
    expect(rows.filter((m) => m.status !== "PENDING")).toEqual([]);
    expect(rows.filter((m) => m.attempts === 1)).toHaveLength(4);
    for (const r of reasons) expect(await received(user, r)).toEqual([]);
    // A stopped sender takes no more work.
    await stopping.drain();
    expect((await Promise.all(ids.map(mailRow))).filter((m) => m.attempts > 0)).toHaveLength(4);

    await working.drain();
    expect((await Promise.all(ids.map(mailRow))).filter((m) => m.status === "SENT")).toHaveLength(8);
    clock.advance(60_000);
    await working.drain();
    for (const id of ids) expect(await mailRow(id)).toMatchObject({ status: "SENT" });
    for (const r of reasons) expect(await received(user, r)).toHaveLength(1);
  });

});
