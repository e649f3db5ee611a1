/**
 * End-to-end transfers through Caddy: five services as separate processes, distinct idempotency
 * keys, each sender used at most five times so the velocity rule never fires, limits raised with
 * kyc.setLimits. Each phase has senders of its own and sender i pays user i + half of them, so
 * the transfers in flight together touch distinct wallets: the benchmark measures throughput, not
 * a queue on one wallet's row lock.
 * After a short warm-up (the services' JIT), it reports throughput at 64 in flight with the CPU
 * each component spent per transfer, latency at a fixed 250/s, the JetStream backlog of fraud's
 * transaction consumer, and each service's peak RSS — beside one plain PostgreSQL transaction
 * per transfer (two balance updates, two ledger rows) in the same run.
 */
import { kycContract } from "../proto-like-schemas/kyc.ts";
import { rpcClient } from "../shared/rpc/client.ts";
import { eventually } from "../shared/testing/wait.ts";
import { getInfra, stopAll } from "../tests/harness/infra.ts";
import { startProcessMesh } from "../tests/harness/process-mesh.ts";
import { bearer, signUp, type TestUser } from "../tests/harness/users.ts";
import { plainPostgresTransfers } from "./baseline.ts";
import { analyzeServiceDatabases } from "./servers.ts";
import { cpuPerOperation, cpuSnapshot, machineCpu, machineLoad } from "./cpu.ts";
import { percentile } from "./stats.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const FIXED_RATE = Number(process.env.BENCH_RATE ?? 250);
const IN_FLIGHT = 64;
const WARM_UP_SECONDS = 3;
const PER_SENDER = 5;
/** Above the 500/s target, so a faster mesh still finds fresh senders for the whole throughput phase. */
const MAX_EXPECTED_RATE = 700;
/** Senders for warm-up and the throughput phase, and apart for the fixed-rate phase, so neither runs dry. */
const CLOSED_LOOP_USERS = Math.ceil(((WARM_UP_SECONDS + SECONDS) * MAX_EXPECTED_RATE) / PER_SENDER);
const FIXED_RATE_USERS = Math.ceil((FIXED_RATE * SECONDS) / PER_SENDER);
const USERS = Number(process.env.BENCH_USERS ?? CLOSED_LOOP_USERS + FIXED_RATE_USERS);
const SERVICES = ["auth", "wallet", "kyc", "fraud", "transactions"];

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

console.log(`setting up: ${SERVICES.join(", ")} as processes behind Caddy, ${USERS} users…`);
const mesh = await startProcessMesh(SERVICES);
try {
  const unlimited = { perTxnCents: 1e9, dailyCents: 1e11, monthlyCents: 1e12, depositPerTxnCents: 1e9, depositDailyCents: 1e11 };
  await rpcClient(mesh.nc, kycContract).setLimits({ tier: "UNVERIFIED", limits: unlimited, adminId: "00000000-0000-7000-8000-000000000001" });

  const users: TestUser[] = [];
  for (let i = 0; i < USERS; i += 16) {
    users.push(...(await Promise.all(Array.from({ length: Math.min(16, USERS - i) }, (_, j) => signUp(mesh.gatewayUrl, { name: `Bench ${i + j}` })))));
  }
  const post = (user: TestUser, path: string, body: unknown) =>
    fetch(`${mesh.gatewayUrl}/api/v1/transactions${path}`, {
      method: "POST",
      headers: { ...bearer(user.token), "content-type": "application/json", "idempotency-key": crypto.randomUUID() },
      body: JSON.stringify(body),
    }).then(async (r) => {
      await r.arrayBuffer();
      return r.status;
    });
  for (let i = 0; i < users.length; i += 32) {
    await Promise.all(
      users.slice(i, i + 32).map(async (u) => {
        await eventually(async () => (await post(u, "/topup", { amount: 100_000 })) === 201, { what: `top-up of ${u.email}`, timeoutMs: 30_000 });
      }),
    );
  }

  // Each sender sends at most PER_SENDER transfers in all, always to the same user, so no fraud rule fires.
  /**
   * Transfers among one slice of the users: sender i pays user i + half of the slice, at most
   * PER_SENDER times in all; undefined once every sender of the slice is used up.
   */
  const pairsAmong = (slice: TestUser[]) => {
    let next = 0;
    const half = Math.floor(slice.length / 2);
    return () => {
      if (next >= slice.length * PER_SENDER) return undefined;
      const i = next++;
      return { sender: slice[i % slice.length]!, recipient: slice[(i + half) % slice.length]! };
    };
  };
  const fixedShare = Math.min(FIXED_RATE_USERS, Math.floor(users.length / 2));
  const closedLoopPair = pairsAmong(users.slice(0, users.length - fixedShare));
  const fixedRatePair = pairsAmong(users.slice(users.length - fixedShare));
  const transfer = async (nextPair: typeof closedLoopPair, latencies: number[], statuses: Record<number, number>) => {
    const pair = nextPair();
    if (!pair) return false;
    const t0 = performance.now();
    const status = await post(pair.sender, "/transfer", { recipientId: pair.recipient.id, amount: 100 + Math.floor(Math.random() * 19_900) });
    latencies.push(performance.now() - t0);
    statuses[status] = (statuses[status] ?? 0) + 1;
    return true;
  };

  // Samplers: peak RSS of every service and the backlog of fraud's consumer of transaction events.
  const rss: Record<string, number> = {};
  let backlog = 0;
  const jsm = await mesh.nc.jetstreamManager();
  const sampler = setInterval(async () => {
    for (const [name, svc] of Object.entries(mesh.services)) rss[name] = Math.max(rss[name] ?? 0, await svc.rssBytes().catch(() => 0));
    const info = await jsm.consumers.info("TRANSACTION", "fraud-transaction").catch(() => undefined);
    if (info) backlog = Math.max(backlog, info.num_pending + info.num_ack_pending);
  }, 250);

  await analyzeServiceDatabases((await getInfra()).postgresUrl);

  // Warm-up: the services compile their hot paths; not measured.
  const warmUpEnd = performance.now() + WARM_UP_SECONDS * 1000;
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (performance.now() < warmUpEnd && (await transfer(closedLoopPair, [], {})));
  }));

  // Phase 1: throughput with IN_FLIGHT transfers always outstanding.
  const throughput: number[] = [];
  const throughputStatuses: Record<number, number> = {};
  const end = performance.now() + SECONDS * 1000;
  const started = performance.now();
  const cpuBefore = cpuSnapshot();
  const machineBefore = machineCpu();
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (performance.now() < end && (await transfer(closedLoopPair, throughput, throughputStatuses)));
  }));
  const elapsed = (performance.now() - started) / 1000;
  if (performance.now() < end) console.warn(`senders ran out ${((end - performance.now()) / 1000).toFixed(1)} s early: raise BENCH_USERS`);
  const cpu = cpuPerOperation(cpuBefore, cpuSnapshot(), throughput.length);
  const machineAt64 = machineLoad(machineBefore, machineCpu());

  // Phase 2: latency at a fixed arrival rate (open loop: arrivals do not wait for answers).
  const fixed: number[] = [];
  const fixedStatuses: Record<number, number> = {};
  const inFlight: Promise<boolean>[] = [];
  const fixedStart = performance.now();
  const machineBeforeFixed = machineCpu();
  const cpuBeforeFixed = cpuSnapshot();
  for (let n = 0; n < FIXED_RATE * SECONDS; n++) {
    const due = fixedStart + (n * 1000) / FIXED_RATE;
    const wait = due - performance.now();
    if (wait > 0) await Bun.sleep(wait);
    inFlight.push(transfer(fixedRatePair, fixed, fixedStatuses));
  }
  const machineAtFixedRate = machineLoad(machineBeforeFixed, machineCpu());
  const cpuAtFixedRate = cpuPerOperation(cpuBeforeFixed, cpuSnapshot(), FIXED_RATE * SECONDS);
  await Promise.all(inFlight);
  const fixedSeconds = (performance.now() - fixedStart) / 1000;
  if (fixed.length < FIXED_RATE * SECONDS) console.warn(`only ${fixed.length} of ${FIXED_RATE * SECONDS} fixed-rate transfers had a fresh sender: raise BENCH_USERS`);

  // Lag: how long fraud's consumer needs to catch up once arrivals stop.
  const drainStart = performance.now();
  await eventually(async () => {
    const info = await jsm.consumers.info("TRANSACTION", "fraud-transaction");
    return info.num_pending + info.num_ack_pending === 0;
  }, { timeoutMs: 60_000, what: "consumer drained" });
  const drainMs = performance.now() - drainStart;
  clearInterval(sampler);

  const baseline = await plainPostgresTransfers((await getInfra()).postgresUrl, IN_FLIGHT, SECONDS);

  throughput.sort((a, b) => a - b);
  fixed.sort((a, b) => a - b);
  const mesh64 = throughput.length / elapsed;
  console.log("");
  console.log("run".padEnd(44) + "transfers/s".padStart(12) + "p50 ms".padStart(9) + "p99 ms".padStart(9) + "  statuses");
  console.log(`mesh through Caddy, ${IN_FLIGHT} in flight`.padEnd(44) + mesh64.toFixed(0).padStart(12) + percentile(throughput, 50).toFixed(1).padStart(9) + percentile(throughput, 99).toFixed(1).padStart(9) + "  " + JSON.stringify(throughputStatuses));
  console.log(`mesh through Caddy, fixed ${FIXED_RATE}/s`.padEnd(44) + (fixed.length / fixedSeconds).toFixed(0).padStart(12) + percentile(fixed, 50).toFixed(1).padStart(9) + percentile(fixed, 99).toFixed(1).padStart(9) + "  " + JSON.stringify(fixedStatuses));
  console.log(`plain PostgreSQL, ${IN_FLIGHT} in flight`.padEnd(44) + baseline.perSecond.toFixed(0).padStart(12) + baseline.p50Ms.toFixed(1).padStart(9) + baseline.p99Ms.toFixed(1).padStart(9));
  console.log(`\nratio mesh/plain PostgreSQL at ${IN_FLIGHT} in flight: ${(mesh64 / baseline.perSecond).toFixed(3)}`);
  console.log(`consumer lag (fraud ← transaction events): peak backlog ${backlog} messages, drained ${drainMs.toFixed(0)} ms after the last transfer`);
  console.log(`CPU per transfer at ${IN_FLIGHT} in flight: ${cpu}`);
  console.log(`CPU per transfer at a fixed ${FIXED_RATE}/s: ${cpuAtFixedRate}`);
  console.log(`machine: ${machineAt64} at ${IN_FLIGHT} in flight; ${machineAtFixedRate} at a fixed ${FIXED_RATE}/s`);
  console.log(`peak RSS: ${Object.entries(rss).map(([n, b]) => `${n} ${mb(b)} MB`).join(", ")}`);
} finally {
  await mesh.stop();
  await stopAll();
}
