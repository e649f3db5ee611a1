import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { connect, type NatsConnection } from "nats";
import { startAuth, type RunningAuth } from "../../tests/harness/auth.ts";
import { getInfra } from "../../tests/harness/infra.ts";
import { signUp } from "../../tests/harness/users.ts";
import { createWalletUsers, startWallet, waitForWallet, type RunningWallet } from "../../tests/harness/wallet.ts";

setDefaultTimeout(60_000);

let auth: RunningAuth;
let svc: RunningWallet;
let nc: NatsConnection;
beforeAll(async () => {
  auth = await startAuth();
  svc = await startWallet(auth);
  nc = await connect({ servers: (await getInfra()).natsUrl });
});
afterAll(async () => {
  await nc?.close();
  await svc?.stop();
  await auth?.stop();
});

const walletRows = (userId: string) => svc.ctx.dbHandle.sql<{ id: string }[]>`select id from wallets where user_id = ${userId}`;
const createdEvents = (userId: string) =>
  svc.ctx.dbHandle.sql<{ envelope: { actorId: string; subjectUserIds: string[]; data: { walletId: string; userId: string; currency: string } } }[]>`
    select envelope from outbox where type = 'wallet.created' and envelope->'data'->>'userId' = ${userId}`;

test("a user who registers with auth gets an empty USD wallet, announced once", async () => {
  const user = await signUp(auth.url);
  const wallet = await waitForWallet(svc.url, user.token);
  expect(wallet).toMatchObject({ userId: user.id, balance: 0, currency: "USD", status: "ACTIVE" });
  const events = await createdEvents(user.id);
  expect(events.map((e) => e.envelope)).toEqual([expect.objectContaining({ actorId: user.id, subjectUserIds: [user.id], data: { walletId: wallet.id, userId: user.id, currency: "USD" } })]);
});

test("a redelivered registration, or a second event for the same user, creates nothing twice", async () => {
  const user = await signUp(auth.url);
  await waitForWallet(svc.url, user.token);
  const [original] = await auth.ctx.dbHandle.sql<{ envelope: { id: string; data: unknown } }[]>`
    select envelope from outbox where type = 'auth.user_registered' and envelope->'data'->>'userId' = ${user.id}`;
  const js = nc.jetstream();
  const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  // The same envelope as a new stream message (no Nats-Msg-Id, so JetStream does not drop it), then
  // the same registration under a new event id: the inbox stops the first, the unique user id the second.
  await js.publish("events.auth.user_registered", encode(original!.envelope));
  const secondId = Bun.randomUUIDv7();
  await js.publish("events.auth.user_registered", encode({ ...original!.envelope, id: secondId }));
  // The consumer handles messages in order: once a later user's wallet exists, both were handled.
  await createWalletUsers(nc, 1);
  expect(await walletRows(user.id)).toHaveLength(1);
  expect(await createdEvents(user.id)).toHaveLength(1);
  // Both were handled without an error (a failed handler leaves no inbox row).
  const handled = await svc.ctx.dbHandle.sql<{ event_id: string }[]>`select event_id from inbox where event_id in ${svc.ctx.dbHandle.sql([original!.envelope.id, secondId])}`;
  expect(handled.map((r) => r.event_id).sort()).toEqual([original!.envelope.id, secondId].sort());
});
