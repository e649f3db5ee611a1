/**
 * The user app's pages under load: the whole platform as processes behind Caddy, users with
 * histories of about 100–200 transactions (and one of 1,000 for the CSV export) signed in through the
 * sign-in form, and 32 pages in flight as a browser asks for them (cookies, Accept: text/html).
 *
 * A page that makes its calls in parallel and renders cheaply costs about its slowest call. So,
 * in the same run, the benchmark also makes each page's API calls itself, straight to the services
 * with the same users' tokens, as the web service makes them (the session check, then the rest
 * at once), 32 pages' worth in flight, taking turns with the page every couple of seconds so both
 * see the same machine; then each call alone, 32 in flight; then the page and its calls one at a
 * time (no queueing: whether the calls overlap shows plainly). It prints pages/s, p50 and p99 per
 * page, the p50 of the slowest call, the ratio, the CPU each component spent per page, and the web
 * service's peak RSS, against the targets: page p50 within 1.5× of its slowest call's p50, p99
 * ≤ 250 ms, the web service ≤ 150 MB. On two cores 32 pages in flight keep both busy, so there a
 * page's latency follows the CPU it costs in all (web service, Caddy and every call) rather than
 * how its calls overlap.
 *
 * PAGES below says which calls each page makes: keep it in step with services/web/routes/ when a
 * page changes what it reads.
 *
 * BENCH_SECONDS (per kind of request and page, default 6), BENCH_USERS (default 40),
 * BENCH_ROUNDS (default 1; more repeat every measurement to show the spread),
 * BENCH_PAGES=/wallet,/analytics (only those).
 */
import { loadavg } from "node:os";
import { utcMonth } from "../services/web/domain/analytics/month-stats.ts";
import { TOP_MERCHANTS } from "../services/web/domain/analytics/spending.ts";
import { parseFilters } from "../services/web/domain/transactions/transaction-filters.ts";
import { API_PAGE_MAX, PAGE_SIZE } from "../services/web/routes/transactions/list.ts";
import { HISTORY_DAYS, RECENT_COUNT } from "../services/web/routes/wallet/parts.ts";
import { eventually } from "../shared/testing/wait.ts";
import { getInfra, stopAll } from "../tests/harness/infra.ts";
import { type PageUser, startPageMesh } from "../tests/harness/pages.ts";
import { cpuPerOperation, machineLoad } from "./cpu.ts";
import { seedHistories } from "./page-histories.ts";
import { Browser, Sample, slice } from "./page-load.ts";
import { analyzeServiceDatabases } from "./servers.ts";
import { percentile } from "./stats.ts";

const IN_FLIGHT = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
/** The page and its calls made by the bench take turns this long, so both meet the same neighbours. */
const TURN_SECONDS = 2;
/** At least this many answers of each kind, so that a p99 means something (the export is slow). */
const MIN_ANSWERS = 100;
/** One at a time, fewer answers do (a page then takes milliseconds, the export a fraction of a second). */
const QUIET_ANSWERS = 30;
const WARM_UP_SECONDS = 2;
const USERS = Number(process.env.BENCH_USERS ?? 40);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const EXPORT_ROWS = 1_000;
const ONLY = process.env.BENCH_PAGES?.split(",").map((p) => p.trim());
const TARGET_RATIO = 1.5;
const TARGET_P99_MS = 250;
const TARGET_RSS_MB = 150;

/** One API call a page makes; `chain`: read page after page by cursor until none is left (the export). */
interface Upstream {
  label: string;
  service: string;
  path: string;
  /** Made before the page's other calls, which need its answer (the session check). */
  first?: boolean;
  chain?: boolean;
}

interface PageSpec {
  path: string;
  /** The heavy user only (the export of 1,000 rows); otherwise every user in turn. */
  heavy?: boolean;
  calls: Upstream[];
}

const month = utcMonth(new Date());
const call = (service: string, path: string, extra: Partial<Upstream> = {}): Upstream => ({ label: `${service} ${path.replace(/^\/api\/v1\/[a-z]+/, "") || "/"}`, service, path, ...extra });

/** Every request of a signed-in user first asks auth who the session cookie belongs to. */
const SESSION = call("auth", "/api/v1/auth/me", { first: true });
/** Every full page's shell: the unread badge and the KYC shield (services/web/app/shell-data.ts). */
const SHELL = [call("notifications", "/api/v1/notifications/unread-count"), call("kyc", "/api/v1/kyc/")];

/** The filtered list: the page's URL, and the API query the web service makes of it (its own parser). */
const FILTERED = "?q=lunch&type=TRANSFER&direction=sent&min=10.00";
const filteredApiQuery = new URLSearchParams(Object.entries(parseFilters(new URLSearchParams(FILTERED), "UTC").api ?? {}).map(([k, v]): [string, string] => [k, String(v)])).toString();

const PAGES: PageSpec[] = [
  {
    path: "/dashboard",
    calls: [SESSION, ...SHELL, call("wallet", "/api/v1/wallet/"), call("analytics", `/api/v1/analytics/summary?month=${month}`), call("transactions", `/api/v1/transactions?limit=${RECENT_COUNT}`)],
  },
  {
    path: "/wallet",
    calls: [
      SESSION,
      ...SHELL,
      call("wallet", "/api/v1/wallet/"),
      call("transactions", "/api/v1/transactions/counts"),
      call("wallet", `/api/v1/wallet/balance-series?days=${HISTORY_DAYS}`),
      call("transactions", "/api/v1/transactions/limits"),
    ],
  },
  { path: "/transactions", calls: [SESSION, ...SHELL, call("transactions", `/api/v1/transactions?limit=${PAGE_SIZE}`)] },
  { path: `/transactions${FILTERED}`, calls: [SESSION, ...SHELL, call("transactions", `/api/v1/transactions?${filteredApiQuery}&limit=${PAGE_SIZE}`)] },
  {
    path: "/analytics",
    calls: [
      SESSION,
      ...SHELL,
      call("analytics", `/api/v1/analytics/summary?month=${month}`),
      call("analytics", `/api/v1/analytics/insights?month=${month}`),
      call("analytics", `/api/v1/analytics/top-merchants?month=${month}&limit=${TOP_MERCHANTS}`),
      call("analytics", `/api/v1/analytics/budgets?month=${month}`),
    ],
  },
  {
    path: "/transactions/export.csv",
    heavy: true,
    // Each page of 100 needs the previous one's cursor: one chain, read as the export reads it.
    calls: [SESSION, call("transactions", `/api/v1/transactions?limit=${API_PAGE_MAX}`, { chain: true, label: `transactions ?limit=${API_PAGE_MAX}, all pages by cursor` })],
  },
];

const log = (line: string) => console.log(line);
const mb = (bytes: number) => bytes / 1024 / 1024;
const loads = () => loadavg().map((l) => l.toFixed(1)).join(" ");

console.log(`setting up: every service as a process behind Caddy, ${USERS} users with histories and one with ${EXPORT_ROWS} transactions…`);
const mesh = await startPageMesh({
  env: {
    // Seeding sends many payments quickly to people met once: no rule may hold them for review.
    fraud: { FRAUD_NEW_RECIPIENT_CENTS: "100000000000", FRAUD_DEVIATION_SIGMAS: "100" },
  },
});
try {
  const seeded = await seedHistories(mesh, { users: USERS, heavyRows: EXPORT_ROWS, log });
  if (Object.keys(seeded.failures).length > 0) console.warn(`seeding answers that were not a success: ${JSON.stringify(seeded.failures)}`);
  await analyzeServiceDatabases((await getInfra()).postgresUrl);

  // Peak RSS of the web service from the first sign-in on, and its peak while each page was measured.
  let webPeak = 0;
  let pagePeak = 0;
  const sampler = setInterval(async () => {
    const rss = await mesh.services.web!.rssBytes().catch(() => 0);
    webPeak = Math.max(webPeak, rss);
    pagePeak = Math.max(pagePeak, rss);
  }, 100);

  // Signed in as a browser is: the sign-in form, posted same-origin, its cookies kept.
  // Hashing passwords is slow on a busy machine: a sign-in that timed out (503) is tried again.
  const signIn = async (user: PageUser) => {
    const browser = new Browser(user);
    browser.absorb(["mint_tz=UTC"]);
    await eventually(
      async () => {
        const res = await fetch(`${mesh.gatewayUrl}/login`, {
          method: "POST",
          headers: { origin: mesh.gatewayUrl, "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
          body: new URLSearchParams({ email: user.email, password: user.password }),
          redirect: "manual",
        });
        await res.arrayBuffer();
        if (res.status !== 303 && res.status < 500) throw new Error(`sign-in of ${user.email}: ${res.status}`);
        browser.absorb(res.headers.getSetCookie());
        return res.status === 303;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: `sign-in of ${user.email}` },
    );
    return browser;
  };
  const browsers: Browser[] = [];
  for (const user of seeded.users) browsers.push(await signIn(user));
  const heavy = await signIn(seeded.heavy);

  const sizes = await Promise.all(
    [...browsers, heavy].map(async (b) => {
      const r = await mesh.api<{ deposits: number; sent: number; received: number }>("GET", "/api/v1/transactions/counts", b.token);
      return r.body.deposits + r.body.sent + r.body.received;
    }),
  );
  const others = sizes.slice(0, -1).sort((a, b) => a - b);
  // Every row the export must hold, whatever its status (a seeding transfer that timed out may be missing).
  let exportRows = 0;
  for (let cursor: string | null = null, first = true; first || cursor; first = false) {
    const r: { body: { items: unknown[]; nextCursor: string | null } } = await mesh.api("GET", `/api/v1/transactions?limit=${API_PAGE_MAX}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, heavy.token);
    exportRows += r.body.items.length;
    cursor = r.body.nextCursor;
  }
  console.log(`histories: ${others[0]}–${others.at(-1)} completed transactions (median ${percentile(others, 50)}) for ${others.length} users; ${exportRows} rows to export for the export's user`);

  const browserFor = (page: PageSpec, n: number) => (page.heavy ? heavy : browsers[n % browsers.length]!);

  /** A page as the browser asks for it; a part that says it is unavailable counts as "partial". */
  const getPage = async (page: PageSpec, n: number): Promise<string> => {
    const browser = browserFor(page, n);
    const res = await fetch(mesh.gatewayUrl + page.path, { headers: { cookie: browser.cookie, accept: "text/html,application/xhtml+xml" }, redirect: "manual" });
    browser.absorb(res.headers.getSetCookie());
    const body = await res.text();
    if (res.status !== 200) return String(res.status);
    if (page.path.includes(".csv")) {
      const rows = body.split("\r\n").filter(Boolean).length - 1;
      return rows === exportRows ? "200" : `200 with ${rows} rows`;
    }
    return body.includes('class="unavailable"') ? "200 partial" : "200";
  };

  /** One API call straight to its service, as the web service makes it (a chain: every page of it). */
  const callUpstream = async (page: PageSpec, upstream: Upstream, n: number): Promise<string> => {
    const token = browserFor(page, n).token;
    const base = mesh.services[upstream.service]!.url;
    let cursor: string | null = null;
    let rows = 0;
    do {
      const url = new URL(base + upstream.path);
      if (cursor) url.searchParams.set("cursor", cursor);
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: "application/json, application/problem+json", "x-request-id": crypto.randomUUID() } });
      const text = await res.text();
      if (res.status !== 200) return String(res.status);
      if (!upstream.chain) return "200";
      const body = JSON.parse(text) as { items: unknown[]; nextCursor: string | null };
      rows += body.items.length;
      cursor = body.nextCursor;
    } while (cursor);
    return rows === exportRows ? "200" : `200 with ${rows} rows`;
  };

  /**
   * The page's calls without the web service: the session check, then every other call at once,
   * as the page makes them. Each call's latency goes to `calls[i]`: how long that call takes with
   * 32 pages' worth of calls in flight, which is what the page waits for.
   */
  const replay = async (page: PageSpec, n: number, calls: Sample[]): Promise<string> => {
    const timed = async (i: number) => {
      const t0 = performance.now();
      const status = await callUpstream(page, page.calls[i]!, n);
      calls[i]!.record(performance.now() - t0, status);
      return status;
    };
    const indexes = page.calls.map((_, i) => i);
    const statuses: string[] = [];
    for (const i of indexes.filter((i) => page.calls[i]!.first)) statuses.push(await timed(i));
    statuses.push(...(await Promise.all(indexes.filter((i) => !page.calls[i]!.first).map(timed))));
    return statuses.find((st) => st !== "200") ?? "200";
  };

  const pages = PAGES.filter((p) => !ONLY || ONLY.includes(p.path.split("?")[0]!) || ONLY.includes(p.path));

  // Every page must answer whole before it is worth timing.
  for (const page of pages) {
    const status = await getPage(page, 0);
    if (status !== "200") throw new Error(`${page.path} answers ${status} before any load`);
  }

  /** A page and its calls made by the bench, taking turns; each call's latency within the latter. */
  interface Pair {
    result: Sample;
    /** The page's calls made by the bench as the page makes them. */
    withoutWeb: Sample;
    together: Sample[];
  }
  const enough = (s: Sample, answers: number) => s.seconds >= SECONDS && s.count >= answers;
  const inTurns = async (page: PageSpec, inFlight: number, answers: number): Promise<Pair> => {
    const pair: Pair = { result: new Sample(), withoutWeb: new Sample(), together: page.calls.map(() => new Sample()) };
    const giveUp = performance.now() + 20 * SECONDS * 1000;
    while ((!enough(pair.result, answers) || !enough(pair.withoutWeb, answers)) && performance.now() < giveUp) {
      await slice(inFlight, TURN_SECONDS, (n) => getPage(page, n), pair.result);
      await slice(inFlight, TURN_SECONDS, (n) => replay(page, n, pair.together), pair.withoutWeb);
    }
    for (const t of pair.together) t.seconds = pair.withoutWeb.seconds;
    return pair;
  };

  interface Measured extends Pair {
    page: PageSpec;
    /** Each call: made together with the others (in withoutWeb), and alone. */
    calls: { upstream: Upstream; together: Sample; alone: Sample }[];
    /** One request at a time: no queueing, what a user waits for on a quiet machine. */
    quiet: Pair;
    loadBefore: string;
    loadAfter: string;
    /** The web service's peak RSS from this page's warm-up to its last measurement. */
    rssPeak: number;
  }
  const rounds: Measured[][] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const measured: Measured[] = [];
    for (const page of pages) {
      const loadBefore = loads();
      console.log(`round ${round}: ${page.path} (load averages ${loadBefore})…`);
      pagePeak = 0;
      await slice(IN_FLIGHT, WARM_UP_SECONDS, (n) => getPage(page, n));
      const pair = await inTurns(page, IN_FLIGHT, MIN_ANSWERS);
      const calls = [];
      for (const [i, upstream] of page.calls.entries()) {
        const alone = new Sample();
        const giveUp = performance.now() + 20 * SECONDS * 1000;
        while (!enough(alone, MIN_ANSWERS) && performance.now() < giveUp) await slice(IN_FLIGHT, SECONDS, (n) => callUpstream(page, upstream, n), alone);
        calls.push({ upstream, together: pair.together[i]!, alone });
      }
      const quiet = await inTurns(page, 1, QUIET_ANSWERS);
      measured.push({ page, ...pair, calls, quiet, loadBefore, loadAfter: loads(), rssPeak: pagePeak });
    }
    rounds.push(measured);
  }
  clearInterval(sampler);

  const slowest = (m: Measured, how: "together" | "alone") => m.calls.reduce((a, b) => (b[how].p(50) > a[how].p(50) ? b : a));
  const ratio = (m: Measured, how: "together" | "alone") => m.result.p(50) / slowest(m, how)[how].p(50);
  const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
  const fmt = (ms: number) => ms.toFixed(1);
  const cpuPer = (s: Sample) => cpuPerOperation(new Map(), s.cpu, s.count);
  const busy = (s: Sample) => machineLoad({ busy: 0, total: 0 }, s.machine);
  const W = 56;

  for (const [i, measured] of rounds.entries()) {
    console.log(`\nround ${i + 1} of ${rounds.length}: ${IN_FLIGHT} in flight through Caddy`);
    console.log(
      "page".padEnd(W) + "pages/s".padStart(8) + "p50 ms".padStart(8) + "p99 ms".padStart(8) + `  p99 ≤ ${TARGET_P99_MS}`.padEnd(14) + "slowest call, made as the page makes them".padEnd(W) + "p50 ms".padStart(8) + "ratio".padStart(7) +
        `  ≤ ${TARGET_RATIO}×`.padEnd(11) + "all its calls: p50 ms".padStart(22) + "ratio".padStart(7),
    );
    for (const m of measured) {
      const s = slowest(m, "together");
      console.log(
        m.page.path.padEnd(W) + m.result.perSecond.toFixed(0).padStart(8) + fmt(m.result.p(50)).padStart(8) + fmt(m.result.p(99)).padStart(8) + `  ${verdict(m.result.p(99) <= TARGET_P99_MS)}`.padEnd(14) +
          s.upstream.label.slice(0, W - 2).padEnd(W) + fmt(s.together.p(50)).padStart(8) + ratio(m, "together").toFixed(2).padStart(7) + `  ${verdict(ratio(m, "together") <= TARGET_RATIO)}`.padEnd(11) +
          fmt(m.withoutWeb.p(50)).padStart(22) + (m.result.p(50) / m.withoutWeb.p(50)).toFixed(2).padStart(7),
      );
    }
    console.log("against the slowest call made alone, 32 of it in flight".padEnd(W + 38) + "slowest call alone".padEnd(W) + "p50 ms".padStart(8) + "ratio".padStart(7) + `  ≤ ${TARGET_RATIO}×`);
    for (const m of measured) {
      const s = slowest(m, "alone");
      console.log(m.page.path.padEnd(W + 38) + s.upstream.label.slice(0, W - 2).padEnd(W) + fmt(s.alone.p(50)).padStart(8) + ratio(m, "alone").toFixed(2).padStart(7) + `  ${verdict(ratio(m, "alone") <= TARGET_RATIO)}`);
    }
  }

  console.log(`\none request at a time (no queueing: what a user waits for on a quiet machine), last round`);
  console.log("page".padEnd(W) + "p50 ms".padStart(8) + "calls as the page makes them".padStart(30) + "  slowest of them".padEnd(W) + "p50 ms".padStart(8) + "ratio".padStart(7) + "  sum of the calls' p50".padStart(24));
  for (const m of rounds.at(-1)!) {
    const q = m.quiet;
    const worst = q.together.reduce((a, b) => (b.p(50) > a.p(50) ? b : a));
    const label = m.page.calls[q.together.indexOf(worst)]!.label;
    const sum = q.together.reduce((total, t) => total + t.p(50), 0);
    console.log(m.page.path.padEnd(W) + fmt(q.result.p(50)).padStart(8) + fmt(q.withoutWeb.p(50)).padStart(30) + `  ${label}`.slice(0, W).padEnd(W) + fmt(worst.p(50)).padStart(8) + (q.result.p(50) / worst.p(50)).toFixed(2).padStart(7) + fmt(sum).padStart(24));
  }

  // The last round in detail: every call, the CPU each component spent per page, the machine.
  const last = rounds.at(-1)!;
  console.log(`\nround ${rounds.length}, page by page (p50 / p99 ms, per second, answers)`);
  for (const m of last) {
    const line = (what: string, s: Sample) => `  ${what.padEnd(74)} ${fmt(s.p(50)).padStart(7)} / ${fmt(s.p(99)).padStart(7)}  ${s.perSecond.toFixed(0).padStart(4)}/s  ${JSON.stringify(s.statuses)}`;
    console.log(m.page.path);
    console.log(line("the page, through Caddy and the web service", m.result));
    console.log(line("its calls made by the bench instead, as the page makes them", m.withoutWeb));
    for (const c of m.calls) console.log(line(`  ${c.upstream.label}${c.upstream.first ? " (first)" : ""}`, c.together));
    console.log("  each call alone:");
    for (const c of m.calls) console.log(line(`  ${c.upstream.label}`, c.alone));
    console.log(`  one at a time: the page ${fmt(m.quiet.result.p(50))}, its calls made by the bench ${fmt(m.quiet.withoutWeb.p(50))} (${m.calls.map((c, i) => `${c.upstream.label} ${fmt(m.quiet.together[i]!.p(50))}`).join(", ")})`);
    console.log(`  CPU per page: ${cpuPer(m.result)}`);
    // Little's law: with every core busy, IN_FLIGHT pages in flight wait IN_FLIGHT × CPU per page / cores.
    const cpuMs = [...m.result.cpu.values()].reduce((a, b) => a + b, 0) * 1000 / Math.max(1, m.result.count);
    console.log(`  so at ${IN_FLIGHT} in flight, with both cores to itself, a page could not answer faster than ${fmt((IN_FLIGHT * cpuMs) / navigator.hardwareConcurrency)} ms on average`);
    console.log(`  CPU per page's calls made by the bench: ${cpuPer(m.withoutWeb)}`);
    console.log(`  machine while the page was asked for: ${busy(m.result)}; load averages ${m.loadBefore} before, ${m.loadAfter} after; web service peak RSS ${mb(m.rssPeak).toFixed(0)} MB`);
  }

  if (rounds.length > 1) {
    console.log(`\nspread over ${rounds.length} rounds (least – most)`);
    const range = (values: number[], digits = 1) => `${Math.min(...values).toFixed(digits)} – ${Math.max(...values).toFixed(digits)}`;
    for (const [i, m] of last.entries()) {
      const all = rounds.map((r) => r[i]!);
      console.log(`${m.page.path.padEnd(W)} p50 ${range(all.map((x) => x.result.p(50)))} ms, p99 ${range(all.map((x) => x.result.p(99)))} ms, ratio ${range(all.map((x) => ratio(x, "together")), 2)} (alone: ${range(all.map((x) => ratio(x, "alone")), 2)}; to all its calls: ${range(all.map((x) => x.result.p(50) / x.withoutWeb.p(50)), 2)})`);
    }
  }
  console.log(`\nweb service peak RSS: ${mb(webPeak).toFixed(0)} MB (target ≤ ${TARGET_RSS_MB} MB: ${verdict(mb(webPeak) <= TARGET_RSS_MB)}); load averages at the end: ${loads()}`);
} finally {
  await mesh.stop();
  await stopAll();
}
