/**
 * Event fan-out under load: transfers through Caddy at a steady rate with every service of the
 * money path and every event consumer running as its own process. For each completed transfer
 * it measures the lag from the commit (the `occurredAt` of its transaction.completed event, written
 * in the committing transaction) to (a) the SSE message at the sender and at the recipient,
 * (b) the audit row, (c) the signed delivery at a local webhook receiver; and it samples every
 * consumer's backlog to show whether it stays flat.
 */
import postgres from "postgres";
import { kycContract } from "../proto-like-schemas/kyc.ts";
import { rpcClient } from "../shared/rpc/client.ts";
import { eventually } from "../shared/testing/wait.ts";
import { getInfra, stopAll } from "../tests/harness/infra.ts";
import { openSse, type SseClient } from "../tests/harness/notifications.ts";
import { startProcessMesh } from "../tests/harness/process-mesh.ts";
import { bearer, signUp, type TestUser } from "../tests/harness/users.ts";
import { startReceiver } from "../tests/harness/webhook.ts";
import { cpuPerOperation, cpuSnapshot, machineCpu, machineLoad } from "./cpu.ts";
import { percentile } from "./stats.ts";
import { analyzeServiceDatabases } from "./servers.ts";

const USERS = Number(process.env.BENCH_USERS ?? 400);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RATE = Number(process.env.BENCH_RATE ?? 200);
/**
 * Users with an SSE stream open: a sample, since each stream holds one of the client's HTTP
 * connections for the whole run and Bun's fetch shares a bounded pool with the transfers.
 */
const WATCHED = Number(process.env.BENCH_WATCHED ?? 100);
const SERVICES = ["auth", "wallet", "kyc", "fraud", "transactions", "notifications", "audit", "webhook", "analytics", "social"];
const CONSUMED_STREAMS = ["TRANSACTION", "WALLET"];

// The SSE client stamps messages with performance.now(); this turns that into wall-clock time.
const perfToWall = Date.now() - performance.now();

console.log(`setting up: ${SERVICES.length} services as processes behind Caddy, ${USERS} users…`);
const receiver = await startReceiver();
const mesh = await startProcessMesh(SERVICES, {
  fraud: { FRAUD_VELOCITY_MAX: "100000", FRAUD_NIGHT_CENTS: "100000000000", FRAUD_NEW_RECIPIENT_CENTS: "100000000000", FRAUD_DEVIATION_SIGMAS: "100" },
  webhook: { WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" },
});
const streams: SseClient[] = [];
try {
  const unlimited = { perTxnCents: 1e9, dailyCents: 1e11, monthlyCents: 1e12, depositPerTxnCents: 1e9, depositDailyCents: 1e11 };
  await rpcClient(mesh.nc, kycContract).setLimits({ tier: "UNVERIFIED", limits: unlimited, adminId: "00000000-0000-7000-8000-000000000001" });

  const users: TestUser[] = [];
  for (let i = 0; i < USERS; i += 16) {
    users.push(...(await Promise.all(Array.from({ length: Math.min(16, USERS - i) }, (_, j) => signUp(mesh.gatewayUrl, { name: `Bench ${i + j}` })))));
  }
  const call = (user: TestUser, method: string, path: string, body?: unknown) =>
    fetch(`${mesh.gatewayUrl}${path}`, {
      method,
      headers: { ...bearer(user.token), "content-type": "application/json", "idempotency-key": crypto.randomUUID() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  for (let i = 0; i < users.length; i += 32) {
    await Promise.all(
      users.slice(i, i + 32).map(async (u) => {
        await eventually(async () => (await call(u, "POST", "/api/v1/transactions/topup", { amount: 1_000_000 })).status === 201, { what: `top-up of ${u.email}`, timeoutMs: 30_000 });
        const endpoint = await call(u, "POST", "/api/v1/webhooks", { url: `${receiver.url}/hooks/${u.id}`, events: ["transaction.completed"] });
        if (endpoint.status !== 201) throw new Error(`webhook endpoint for ${u.email}: ${endpoint.status} ${await endpoint.text()}`);
      }),
    );
  }
  for (const u of users.slice(0, WATCHED)) streams.push(await openSse(`${mesh.gatewayUrl}/api/v1/notifications/stream`, u.token));
  const jsm = await mesh.nc.jetstreamManager();
  const consumers: { stream: string; name: string }[] = [];
  for (const stream of CONSUMED_STREAMS) for await (const c of jsm.consumers.list(stream)) consumers.push({ stream, name: c.name });
  const backlogOf = async () => {
    const out: Record<string, number> = {};
    for (const c of consumers) {
      const info = await jsm.consumers.info(c.stream, c.name).catch(() => undefined);
      if (info) out[c.name] = info.num_pending + info.num_ack_pending;
    }
    return out;
  };
  // Let the set-up's own events drain so the samples show the load's backlog only.
  await eventually(async () => Object.values(await backlogOf()).every((n) => n === 0), { timeoutMs: 120_000, intervalMs: 500, what: "set-up events drained" });
  await analyzeServiceDatabases((await getInfra()).postgresUrl);
  const sseBefore = streams.map((s) => s.messages.length);
  const webhooksBefore = receiver.requests.length;

  const samples: { at: number; backlog: Record<string, number> }[] = [];
  const sampler = setInterval(async () => samples.push({ at: performance.now(), backlog: await backlogOf() }), 500);

  // Open loop at RATE/s: arrivals do not wait for answers. Each user sends to its neighbour.
  const completed = new Set<string>();
  const watchedTransfers = new Map<string, string[]>();
  const statuses: Record<number, number> = {};
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  const cpuBefore = cpuSnapshot();
  const machineBefore = machineCpu();
  for (let n = 0; n < RATE * SECONDS; n++) {
    const due = start + (n * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await Bun.sleep(wait);
    const sender = users[n % users.length]!;
    const recipient = users[(n + 1) % users.length]!;
    inFlight.push(
      call(sender, "POST", "/api/v1/transactions/transfer", { recipientId: recipient.id, amount: 100 + (n % 5_000), category: "OTHER" }).then(async (r) => {
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        const body = (await r.json()) as { id?: string; status?: string };
        if (body.status === "COMPLETED" && body.id) {
          completed.add(body.id);
          watchedTransfers.set(body.id, [sender.id, recipient.id]);
        }
      }),
    );
  }
  const machineWhileSending = machineLoad(machineBefore, machineCpu());
  await Promise.all(inFlight);
  const sendSeconds = (performance.now() - start) / 1000;
  const sent = RATE * SECONDS;

  // Everything that was published must arrive: 2 SSE messages, 1 audit row, 2 webhooks per transfer.
  const auditSql = postgres(`${(await getInfra()).postgresUrl.replace(/\/[^/]*$/, "")}/${mesh.services.audit!.env.DATABASE_NAME}`, { max: 2, onnotice: () => {} });
  const auditRows = async () =>
    auditSql<{ transaction_id: string; occurred: Date; recorded: Date }[]>`
      select payload->>'transactionId' as transaction_id, occurred_at as occurred, recorded_at as recorded
      from audit_log where type = 'transaction.completed' and payload->>'transactionId' = any(${[...completed]})`;
  await eventually(async () => (await auditRows()).length === completed.size, { timeoutMs: 120_000, intervalMs: 500, what: "audit rows" });
  const sseArrivals = () => streams.flatMap((s, i) => s.messages.slice(sseBefore[i]).filter((m) => completed.has(m.data?.data?.transactionId)));
  // Both parties are watched when the sender is one of the first WATCHED - 1 users.
  const watchedIds = new Set(users.slice(0, WATCHED).map((u) => u.id));
  const expectedSse = [...watchedTransfers.entries()].filter(([id]) => completed.has(id)).reduce((n, [, parties]) => n + parties.filter((p) => watchedIds.has(p)).length, 0);
  await eventually(async () => sseArrivals().length >= expectedSse, { timeoutMs: 120_000, intervalMs: 500, what: "SSE messages" });
  const hookArrivals = () =>
    receiver.requests.slice(webhooksBefore).flatMap((r) => {
      const body = JSON.parse(r.body) as { data?: { transactionId?: string } };
      return body.data?.transactionId && completed.has(body.data.transactionId) ? [{ transactionId: body.data.transactionId, receivedAt: r.receivedAt }] : [];
    });
  await eventually(async () => hookArrivals().length >= completed.size * 2, { timeoutMs: 120_000, intervalMs: 500, what: "webhook deliveries" });
  clearInterval(sampler);
  // CPU from the first arrival until every effect was seen: the whole cost of each transfer's fan-out.
  const cpu = cpuPerOperation(cpuBefore, cpuSnapshot(), sent);

  const commits = new Map((await auditRows()).map((r) => [r.transaction_id, r.occurred.getTime()]));
  const lag = (arrivals: { transactionId: string; at: number }[]) => arrivals.map((a) => a.at - commits.get(a.transactionId)!).sort((a, b) => a - b);
  const sseLag = lag(sseArrivals().map((m) => ({ transactionId: m.data.data.transactionId as string, at: m.receivedAt + perfToWall })));
  const auditLag = (await auditRows()).map((r) => r.recorded.getTime() - r.occurred.getTime()).sort((a, b) => a - b);
  const stages = await sseStages(commits, sseArrivals().map((m) => ({ transactionId: m.data.data.transactionId as string, at: m.receivedAt + perfToWall })));
  const hookLag = lag(hookArrivals().map((h) => ({ transactionId: h.transactionId, at: h.receivedAt })));
  await auditSql.end();

  /**
   * Where the SSE lag goes: commit → the relay's transaction that published the event (outbox
   * published_at) → the notifications consumer's transaction that stored it (created_at) → the
   * browser. Both marks are the start of a transaction, so each stage includes the wait before it.
   */
  async function sseStages(commitOf: Map<string, number>, arrivals: { transactionId: string; at: number }[]) {
    const infraUrl = (await getInfra()).postgresUrl;
    const dbOf = (service: string) => postgres(`${infraUrl.replace(/\/[^/]*$/, "")}/${mesh.services[service]!.env.DATABASE_NAME}`, { max: 1, onnotice: () => {} });
    const [transactionsSql, notificationsSql] = [dbOf("transactions"), dbOf("notifications")];
    const ids = [...commitOf.keys()];
    const relayed = new Map(
      (await transactionsSql<{ id: string; at: Date }[]>`select envelope->'data'->>'transactionId' as id, published_at as at from outbox where type = 'transaction.completed' and envelope->'data'->>'transactionId' = any(${ids})`).map((r) => [r.id, r.at.getTime()]),
    );
    const stored = new Map(
      (await notificationsSql<{ id: string; at: Date }[]>`select data->>'transactionId' as id, min(created_at) as at from notifications where data->>'transactionId' = any(${ids}) group by 1`).map((r) => [r.id, r.at.getTime()]),
    );
    await Promise.all([transactionsSql.end(), notificationsSql.end()]);
    const sorted = (values: number[]) => values.sort((a, b) => a - b);
    return {
      "commit → relay publishes": sorted(ids.filter((id) => relayed.has(id)).map((id) => relayed.get(id)! - commitOf.get(id)!)),
      "→ notification consumer stores": sorted(ids.filter((id) => relayed.has(id) && stored.has(id)).map((id) => stored.get(id)! - relayed.get(id)!)),
      "→ SSE message arrives": sorted(arrivals.filter((a) => stored.has(a.transactionId)).map((a) => a.at - stored.get(a.transactionId)!)),
    };
  }

  const row = (name: string, values: number[], target: number) =>
    console.log(name.padEnd(36) + String(values.length).padStart(8) + percentile(values, 50).toFixed(0).padStart(9) + percentile(values, 99).toFixed(0).padStart(9) + `  target p99 ≤ ${target} ms: ${percentile(values, 99) <= target ? "met" : "NOT met"}`);
  console.log("");
  console.log(`offered ${RATE}/s for ${SECONDS} s; sent ${(RATE * SECONDS / sendSeconds).toFixed(0)}/s; statuses ${JSON.stringify(statuses)}; ${completed.size} completed`);
  console.log("lag from commit to".padEnd(36) + "count".padStart(8) + "p50 ms".padStart(9) + "p99 ms".padStart(9));
  row("SSE message (sender and recipient)", sseLag, 250);
  for (const [name, values] of Object.entries(stages)) console.log(`  ${name}`.padEnd(36) + String(values.length).padStart(8) + percentile(values, 50).toFixed(0).padStart(9) + percentile(values, 99).toFixed(0).padStart(9));
  row("audit row", auditLag, 1_000);
  row("webhook receiver (both parties)", hookLag, 1_000);
  console.log(`CPU per transfer, its events included: ${cpu}`);
  console.log(`machine while sending: ${machineWhileSending}`);

  // Flat backlog: the peak in the second half of the run is no higher than in the first half.
  const half = start + (SECONDS * 1000) / 2;
  const end = start + SECONDS * 1000;
  console.log("\nconsumer backlog during the run (peak first half → peak second half → at the end of sending)");
  for (const c of consumers) {
    const peak = (from: number, to: number) => Math.max(0, ...samples.filter((s) => s.at >= from && s.at < to).map((s) => s.backlog[c.name] ?? 0));
    const last = samples.filter((s) => s.at < end).at(-1)?.backlog[c.name] ?? 0;
    const first = peak(start, half);
    const second = peak(half, end);
    console.log(`  ${c.name.padEnd(28)} ${String(first).padStart(6)} → ${String(second).padStart(6)} → ${String(last).padStart(6)}  ${second <= Math.max(first * 1.5, 50) ? "flat" : "GROWING"}`);
  }
} finally {
  streams.forEach((s) => s.close());
  await receiver.stop();
  await mesh.stop();
  await stopAll();
}
