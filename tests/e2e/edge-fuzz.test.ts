/**
 * Every public route of every service, read from its /openapi.json, fed generated hostile
 * requests (fast-check, fixed seed, bounded runs): control characters, lone surrogates, strings
 * of 100,000 characters, numbers past 2^53, negative zero, NaN as text, wrong types, deep
 * nesting, duplicate keys, broken encodings, in bodies, path and query parameters and headers,
 * as a user, an admin and nobody.
 *
 * Asserted for every request: never a 5xx; every 4xx is application/problem+json; and a refused
 * request changes nothing: no row count of any service's table and no wallet balance moves.
 *
 * A service with a public API is covered by adding its name to SERVICES. Routes the gateway
 * serves are sent through it, as clients reach them; the others go to the service itself.
 * EDGE_FUZZ_SEED, EDGE_FUZZ_RUNS (per route) and EDGE_FUZZ_ROUTE (a part of "METHOD /path")
 * replay or deepen a run; a failure prints the seed, the shrunk request and what went wrong.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import fc from "fast-check";
import postgres from "postgres";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { kycContract } from "../../proto-like-schemas/kyc.ts";
import { rpcClient } from "../../shared/rpc/client.ts";
import { eventually } from "../../shared/testing/wait.ts";
import { openStateReader, stateChanges, type DatabaseState, type StateReader } from "../harness/database-state.ts";
import { getInfra, getMaildev } from "../harness/infra.ts";
import { fetchInit, operationName, operationsOf, requestsFor, unknownRouteOf, type FuzzRequest, type Identity, type Operation, type Pools } from "../harness/openapi-requests.ts";
import { startProcessMesh, type ProcessMesh } from "../harness/process-mesh.ts";
import { login, signUp, type TestUser } from "../harness/users.ts";
import { startReceiver, type Receiver } from "../harness/webhook.ts";

/** Every service with a public HTTP API. */
const SERVICES = ["auth", "wallet", "transactions", "kyc", "analytics", "notifications", "social", "webhook", "audit", "admin"];
/** Started because the money path needs it; it has no HTTP API of its own. */
const SUPPORTING = ["fraud"];
const SEED = Number(process.env.EDGE_FUZZ_SEED ?? 20_261_213);
const RUNS_PER_ROUTE = Number(process.env.EDGE_FUZZ_RUNS ?? 30);
/** Only the routes whose "METHOD /path" contains this (to replay one failure). */
const ONLY_ROUTE = process.env.EDGE_FUZZ_ROUTE ?? "";

setDefaultTimeout(180_000);

let mesh: ProcessMesh;
let receiver: Receiver;
let reader: StateReader;
let known: DatabaseState;
let pools: Pools;
const tokens: Partial<Record<Identity, string>> = {};
const caddyfile = readFileSync(resolve(import.meta.dir, "../../caddy/Caddyfile"), "utf8");
/** The gateway routes to a service whose <NAME>_UPSTREAM placeholder the Caddyfile has. */
const routedByGateway = (service: string) => caddyfile.includes(`{$${service.toUpperCase().replaceAll("-", "_")}_UPSTREAM`);
const totals = { routes: 0, probes: 0, interrupted: [] as string[], requests: 0, byStatus: {} as Record<number, number>, byCode: {} as Record<string, number>, settles: 0, settleMs: 0, startedAt: 0 };

beforeAll(async () => {
  const maildev = await getMaildev();
  receiver = await startReceiver();
  mesh = await startProcessMesh([...SERVICES, ...SUPPORTING], {
    auth: { SMTP_URL: maildev.smtpUrl },
    notifications: { SMTP_URL: maildev.smtpUrl },
    webhook: { WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" },
    fraud: { FRAUD_VELOCITY_MAX: "100000", FRAUD_NIGHT_CENTS: "100000000000" },
  });
  const databases = Object.fromEntries(Object.entries(mesh.services).map(([name, s]) => [name, s.env.DATABASE_NAME!]));
  reader = await openStateReader((await getInfra()).postgresUrl, databases);
  pools = await makeFixtures();
  await reader.settle();
  known = await reader.state();
  totals.startedAt = performance.now();
}, 180_000);

afterAll(async () => {
  if (totals.requests) {
    const seconds = ((performance.now() - totals.startedAt) / 1000).toFixed(1);
    console.log(`edge fuzz: ${totals.routes} routes and ${totals.probes} unknown-route probes, ${totals.requests} generated requests in ${seconds} s (seed ${SEED}, ${RUNS_PER_ROUTE} per route${totals.interrupted.length ? `; stopped early: ${totals.interrupted.join(", ")}` : ""}); statuses ${JSON.stringify(totals.byStatus)}, codes ${JSON.stringify(totals.byCode)}; ${totals.settles} wrote (${(totals.settleMs / 1000).toFixed(1)} s waiting for what they set off)`);
  }
  await reader?.close();
  await receiver?.stop();
  await mesh?.stop();
}, 60_000);

async function api(method: string, path: string, as: Identity, body?: unknown) {
  const res = await fetch(`${mesh.gatewayUrl}${path}`, {
    method,
    headers: { ...(tokens[as] ? { authorization: `Bearer ${tokens[as]}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }), ...(path.includes("/transactions/") ? { "idempotency-key": crypto.randomUUID() } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as any;
  if (res.status >= 300) throw new Error(`fixture ${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const UNLIMITED = { perTxnCents: 1e9, dailyCents: 1e10, monthlyCents: 1e11, depositPerTxnCents: 1e9, depositDailyCents: 1e10 };

/** A user, another user and an admin, and one of each thing the routes name by id, for the generators' pools. */
async function makeFixtures(): Promise<Pools> {
  const [user, other, admin] = await Promise.all([signUp(mesh.gatewayUrl, { name: "Fuzz User" }), signUp(mesh.gatewayUrl, { name: "Fuzz Other" }), signUp(mesh.gatewayUrl, { name: "Fuzz Admin" })]);
  const authDatabase = new URL((await getInfra()).postgresUrl);
  authDatabase.pathname = `/${mesh.services.auth!.env.DATABASE_NAME}`;
  const auth = postgres(authDatabase.toString(), { max: 1, onnotice: () => {} });
  await auth`update users set role = 'ADMIN' where id = ${admin.id}`;
  await auth.end();
  tokens.user = user.token;
  tokens.admin = await login(mesh.gatewayUrl, admin.email, admin.password);
  for (const u of [user, other, admin]) await eventually(async () => (await fetch(`${mesh.gatewayUrl}/api/v1/wallet/`, { headers: { authorization: `Bearer ${u.token}` } })).status === 200, { timeoutMs: 20_000, what: "wallets" });

  // Limits out of the way, and money on both sides, so that payments get as far as they can.
  await rpcClient(mesh.nc, kycContract).setLimits({ tier: "UNVERIFIED", limits: UNLIMITED, adminId: admin.id });
  for (const who of ["user", "admin"] as const) await api("POST", "/api/v1/transactions/topup", who, { amount: 1_000_000 });
  const transfer = await api("POST", "/api/v1/transactions/transfer", "user", { recipientId: other.id, amount: 1_000, description: "fixture" });
  const request = await api("POST", "/api/v1/social/requests", "user", { recipientId: other.id, amount: 500, note: "fixture" });
  const split = await api("POST", "/api/v1/social/splits", "user", { title: "fixture", totalCents: 1_000, participants: [{ userId: other.id, amountCents: 1_000 }] });
  await api("POST", "/api/v1/social/contacts", "user", { contactId: other.id });
  const endpoint = await api("POST", "/api/v1/webhooks/", "user", { url: `${receiver.url}/hook`, events: ["*"] });
  const delivery = await api("POST", `/api/v1/webhooks/${endpoint.id}/test`, "user");
  const budget = await api("POST", "/api/v1/analytics/budgets", "user", { category: "FOOD", limitCents: 10_000 });
  const notification = await eventually(async () => (await api("GET", "/api/v1/notifications/", "user")).items[0], { timeoutMs: 20_000, what: "a notification" });
  const people: TestUser[] = [user, other, admin];
  return {
    people: people.map((p) => p.id),
    ids: [transfer.id, request.id, split.id, endpoint.id, delivery.id, budget.id, notification.id],
    emails: people.map((p) => p.email),
    texts: ["Lunch", "correct horse 1", `${receiver.url}/hook`, "FOOD", "fixture", "2030-06", "PASSPORT"],
  };
}

/**
 * Answers that refuse the request itself, which must leave everything as it was. Other 4xx
 * codes answer a well-formed request that was decided on (a payment over a limit, blocked by
 * fraud screening, without funds), whose outcome and idempotent answer are recorded by design.
 */
const REFUSALS = new Set(["INVALID_ARGUMENT", "UNAUTHENTICATED", "NOT_FOUND", "RATE_LIMITED"]);

/**
 * A request under an Idempotency-Key that began executing has its answer recorded under the key,
 * refusal or not, so that a retry with the key gets the same answer: that row is the key's
 * contract, not a change the request made.
 */
const recordedUnderKey = (req: FuzzRequest, change: string) =>
  req.op.parameters.some((p) => p.in === "header" && p.name === "idempotency-key") && change.startsWith(`${req.op.service}.idempotency_keys:`);

/**
 * What is not HTTP at all, which the gateway's HTTP server refuses with its own plain-text 400
 * before any route or error handler of the gateway runs: an invalid percent-escape in the path,
 * a control character in a header value. No problem document can be asked of it there.
 */
function notHttp(target: string, headers: Record<string, string>): string | undefined {
  if (/%(?![0-9A-Fa-f]{2})/.test(target.split("?")[0]!)) return "an invalid percent-escape in the path";
  if (Object.values(headers).some((v) => /[\x00-\x08\x0a-\x1f\x7f]/.test(v))) return "a control character in a header value";
  return undefined;
}

/** The server's next transaction id after the last request (and whatever it set off) was accounted for. */
let lastWrites: bigint | undefined;

/** The last few requests, for the report when a refusal seems to have changed something. */
const recent: string[] = [];

/** What is wrong with an answer, or undefined; and its problem code. */
function judge(res: Response, type: string, text: string, malformed: string | undefined): { wrong?: string; code?: string } {
  if (res.status >= 500) return { wrong: `answered ${res.status}: ${text.slice(0, 500)}` };
  if (malformed) return res.status === 400 ? {} : { wrong: `a request with ${malformed} answered ${res.status}, not 400: ${text.slice(0, 300)}` };
  if (res.status < 400) return {};
  if (!type.startsWith("application/problem+json")) return { wrong: `answered ${res.status} as "${type}", not a problem document: ${text.slice(0, 300)}` };
  let doc: { status?: unknown; code?: unknown };
  try {
    doc = JSON.parse(text);
  } catch {
    return { wrong: `answered ${res.status} with a problem document that is not JSON: ${text.slice(0, 300)}` };
  }
  if (doc.status !== res.status || typeof doc.code !== "string") return { wrong: `problem document does not match the answer ${res.status}: ${text.slice(0, 300)}` };
  return { code: doc.code };
}

async function exercise(req: FuzzRequest, base: string, viaGateway: boolean): Promise<void> {
  const init = fetchInit(req, tokens[req.as]);
  const malformed = viaGateway ? notHttp(req.target, init.headers as Record<string, string>) : undefined;
  const before = lastWrites ?? (await reader.writes());
  const res = await fetch(`${base}${req.target}`, { ...init, signal: AbortSignal.timeout(30_000) });
  const type = res.headers.get("content-type") ?? "";
  // A stream that opened stays open: its headers are the answer.
  const text = type.startsWith("text/event-stream") ? (await res.body?.cancel(), "") : await res.text();
  const { wrong, code } = judge(res, type, text, malformed);
  totals.requests++;
  totals.byStatus[res.status] = (totals.byStatus[res.status] ?? 0) + 1;
  totals.byCode[code ?? String(res.status)] = (totals.byCode[code ?? String(res.status)] ?? 0) + 1;
  // What the request wrote is accounted for before anything is reported, so that it is never blamed on the next one.
  lastWrites = await reader.writes();
  const wrote = lastWrites !== before;
  recent.push(`${operationName(req.op)} ${res.status}${wrote ? " wrote" : ""}`);
  if (recent.length > 6) recent.shift();
  const refused = !wrong && (malformed !== undefined || (code !== undefined && REFUSALS.has(code)));
  let changes: string[] = [];
  if (wrote) {
    // A refusal's own writes are done when it answers, and are compared at once. Anything else
    // may have set off more (events, consumers): that is waited for, so that it is not taken
    // for what a later request did.
    let now = await reader.state();
    // Events start as outbox rows: with no row count changed, only a success can have handed work
    // off inside the service (a delivery dispatched after the answer), and a short wait covers it.
    const counted = stateChanges(known, now).length > 0;
    if (!refused && (counted || res.status < 400)) {
      const settling = performance.now();
      await reader.settle(counted ? 300 : 100);
      totals.settles++;
      totals.settleMs += performance.now() - settling;
      now = await reader.state();
      lastWrites = await reader.writes();
    }
    changes = stateChanges(known, now).filter((change) => !recordedUnderKey(req, change));
    known = now;
  }
  if (wrong) throw new Error(wrong);
  if (refused && changes.length) throw new Error(`refused with ${res.status} (${text.slice(0, 200)}) but changed: ${changes.join("; ")}; the requests before it: ${recent.join(", ")}`);
}

/**
 * Bun refuses a request line and headers over 16 KiB with a bare 431 before any of our code runs;
 * the gateway turns that into a problem document, but a service it does not route is reached
 * directly, so requests to it keep their URL and headers under the limit (a token included).
 */
const BUN_HEADER_LIMIT_BYTES = 16 * 1024;
const headerSectionBytes = (req: FuzzRequest) => req.target.length + Object.entries(req.headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0) + 2_048;

/** Runs the property for one route; the fast-check report (seed, shrunk request, error) on failure. */
async function fuzzRoute(op: Operation, base: string, viaGateway: boolean, documented: boolean): Promise<string | undefined> {
  if (documented) totals.routes++;
  else totals.probes++;
  const details = await fc.check(
    fc.asyncProperty(requestsFor(op, pools), (req) => {
      if (!viaGateway) fc.pre(headerSectionBytes(req) < BUN_HEADER_LIMIT_BYTES);
      return exercise(req, base, viaGateway);
    }),
    { seed: SEED, numRuns: RUNS_PER_ROUTE, interruptAfterTimeLimit: 60_000 },
  );
  // A slow machine may stop a route's runs early; the summary says which.
  if (details.interrupted) totals.interrupted.push(operationName(op));
  if (!details.failed) return undefined;
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  return `${op.service} ${operationName(op)}: ${error}\n${fc.defaultReportMessage(details)}`;
}

describe("hostile input at every public route: never a 5xx, always a problem document, a refusal changes nothing", () => {
  for (const service of SERVICES) {
    test(service, async () => {
      const viaGateway = routedByGateway(service);
      const base = viaGateway ? mesh.gatewayUrl : mesh.services[service]!.url;
      const doc = await (await fetch(`${mesh.services[service]!.url}/openapi.json`)).json();
      const ops = operationsOf(service, doc);
      expect(ops.length).toBeGreaterThan(0);
      const failures: string[] = [];
      for (const op of [...ops, unknownRouteOf(service, ops)].filter((o) => operationName(o).includes(ONLY_ROUTE))) {
        const failure = await fuzzRoute(op, base, viaGateway, ops.includes(op));
        if (failure) failures.push(failure);
      }
      expect(failures).toEqual([]);
    });
  }
});
