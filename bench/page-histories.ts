/**
 * Users as the pages meet them after a while of use, made through the APIs only: a few top-ups,
 * then transfers between them in shuffled order with descriptions, merchants and categories, a few
 * budgets (some passed, so alerts and notifications exist) and contacts; and one user whose
 * history is long enough for a CSV export of `heavyRows` rows. Everything happens today: the APIs
 * cannot backdate a payment.
 */
import { kycContract } from "../proto-like-schemas/kyc.ts";
import { CATEGORIES } from "../proto-like-schemas/transactions.ts";
import { rpcClient } from "../shared/rpc/client.ts";
import { eventually } from "../shared/testing/wait.ts";
import type { PageMesh, PageUser } from "../tests/harness/pages.ts";

export interface Histories {
  users: PageUser[];
  /** The user with `heavyRows` transactions, for the export. */
  heavy: PageUser;
  /** Answers of the seeding requests that were not a success, by status (a held transfer is 202). */
  failures: Record<string, number>;
}

/** What people pay for, with the merchant they name and the category they pick. */
const PURCHASES = [
  { description: "Coffee", merchant: "Blue Bottle", category: "FOOD", cents: [350, 900] },
  { description: "Lunch", merchant: "Pret A Manger", category: "FOOD", cents: [800, 2_500] },
  { description: "Groceries", merchant: "Whole Foods", category: "FOOD", cents: [2_000, 12_000] },
  { description: "Taxi home", merchant: "Uber", category: "TRANSPORT", cents: [900, 4_500] },
  { description: "Train tickets", merchant: "Amtrak", category: "TRANSPORT", cents: [1_500, 9_000] },
  { description: "Cinema", merchant: "AMC", category: "ENTERTAINMENT", cents: [1_200, 3_000] },
  { description: "Concert tickets", merchant: "Ticketmaster", category: "ENTERTAINMENT", cents: [4_000, 15_000] },
  { description: "Electricity bill share", merchant: "PG&E", category: "UTILITIES", cents: [2_000, 8_000] },
  { description: "Internet share", merchant: "Comcast", category: "UTILITIES", cents: [1_500, 4_000] },
  { description: "Birthday present", merchant: null, category: "OTHER", cents: [1_000, 6_000] },
  { description: "Paying you back", merchant: null, category: null, cents: [500, 20_000] },
] as const;

const FIRST = ["Ada", "Grace", "Alan", "Katherine", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances", "Edsger", "Radia", "Tim", "Hedy", "John", "Sophie"];
const LAST = ["Lovelace", "Hopper", "Turing", "Johnson", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson", "Allen", "Dijkstra", "Perlman", "Berners-Lee", "Lamarr", "Backus", "Wilson"];

/** A small deterministic generator (mulberry32), so every run seeds the same shapes. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[int(0, list.length - 1)]!;
  const shuffle = <T>(list: T[]): T[] => {
    for (let i = list.length - 1; i > 0; i--) {
      const j = int(0, i);
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    return list;
  };
  return { int, pick, shuffle };
}

/** Runs `work` over `items`, `inFlight` at a time. */
async function pool<T>(items: T[], inFlight: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

interface Transfer {
  from: PageUser;
  to: PageUser;
  purchase: (typeof PURCHASES)[number];
  cents: number;
}

export async function seedHistories(mesh: PageMesh, opts: { users: number; heavyRows: number; log: (line: string) => void }): Promise<Histories> {
  const rng = random(14);
  const failures: Record<string, number> = {};
  const fail = (what: string, status: number) => {
    const key = `${what} ${status}`;
    failures[key] = (failures[key] ?? 0) + 1;
  };

  // A history this long passes the default daily limits: every tier gets room enough.
  const roomy = { perTxnCents: 1e9, dailyCents: 1e11, monthlyCents: 1e12, depositPerTxnCents: 1e9, depositDailyCents: 1e11 };
  const kyc = rpcClient(mesh.nc, kycContract);
  const adminId = "00000000-0000-7000-8000-000000000001";
  for (const tier of ["UNVERIFIED", "BASIC"] as const) await kyc.setLimits({ tier, limits: roomy, adminId });

  opts.log(`signing up ${opts.users + 1} users…`);
  const people: PageUser[] = [];
  const names = Array.from({ length: opts.users + 1 }, (_, i) => `${FIRST[i % FIRST.length]} ${LAST[(i * 7 + Math.floor(i / LAST.length)) % LAST.length]}`);
  await pool(names, 8, async (name) => {
    people.push(await mesh.user({ name }));
  });
  const heavy = people.pop()!;
  const users = people;

  // Budgets before spending, so passing 80 % or 100 % raises alerts as it would for a real user.
  opts.log("budgets and contacts…");
  await pool(users, 8, async (u) => {
    for (const category of rng.shuffle([...CATEGORIES]).slice(0, rng.int(2, 4))) {
      const r = await mesh.api("POST", "/api/v1/analytics/budgets", u.token, { category, limitCents: rng.int(50, 600) * 100 });
      if (r.status !== 201) fail("budget", r.status);
    }
    const others = rng.shuffle(users.filter((o) => o !== u)).slice(0, rng.int(3, 6));
    for (const other of [...others, heavy]) {
      const r = await mesh.api("POST", "/api/v1/social/contacts", u.token, { email: other.email });
      if (r.status !== 201) fail("contact", r.status);
    }
  });

  // Each user sends about half of a 40–170 history and receives about as much from the others;
  // the heavy user sends and receives what completes `heavyRows` with its top-ups.
  const transfers: Transfer[] = [];
  const toSomeone = (from: PageUser, to: PageUser) => {
    const purchase = rng.pick(PURCHASES);
    transfers.push({ from, to, purchase, cents: rng.int(purchase.cents[0], purchase.cents[1]) });
  };
  for (const u of users) {
    const sends = Math.round(rng.int(40, 170) / 2);
    for (let i = 0; i < sends; i++) toSomeone(u, rng.pick(users.filter((o) => o !== u)));
  }
  const HEAVY_TOPUPS = 20;
  const heavyTransfers = opts.heavyRows - HEAVY_TOPUPS;
  for (let i = 0; i < heavyTransfers; i++) {
    const other = rng.pick(users);
    if (i % 2 === 0) toSomeone(heavy, other);
    else toSomeone(other, heavy);
  }

  // Top-ups first, enough for everything each user will send, in a few varied amounts.
  opts.log(`top-ups, then ${transfers.length} transfers…`);
  const spend = new Map<PageUser, number>();
  for (const t of transfers) spend.set(t.from, (spend.get(t.from) ?? 0) + t.cents);
  await pool([...users, heavy], 8, async (u) => {
    const count = u === heavy ? HEAVY_TOPUPS : rng.int(3, 8);
    const each = Math.ceil(((spend.get(u) ?? 0) * 1.2) / count / 100) * 100 + rng.int(0, 50) * 100;
    for (let i = 0; i < count; i++) {
      const r = await mesh.api("POST", "/api/v1/transactions/topup", u.token, { amount: each, description: "From my bank" }, { "idempotency-key": crypto.randomUUID() });
      if (r.status !== 201) fail("top-up", r.status);
    }
  });

  let done = 0;
  const started = performance.now();
  await pool(rng.shuffle(transfers), 16, async (t) => {
    const body = {
      recipientId: t.to.id,
      amount: t.cents,
      description: t.purchase.description,
      ...(t.purchase.merchant ? { merchant: t.purchase.merchant } : {}),
      ...(t.purchase.category ? { category: t.purchase.category } : {}),
    };
    const r = await mesh.api("POST", "/api/v1/transactions/transfer", t.from.token, body, { "idempotency-key": crypto.randomUUID() });
    if (r.status !== 201) fail("transfer", r.status);
    if (++done % 1_000 === 0) opts.log(`  ${done} transfers (${(done / ((performance.now() - started) / 1000)).toFixed(0)}/s)`);
  });

  // The analytics and notifications the pages read are built from these events: let them land.
  opts.log("waiting for the event consumers to catch up…");
  const jsm = await mesh.nc.jetstreamManager();
  const backlog = async () => {
    let pending = 0;
    for (const stream of ["TRANSACTION", "WALLET"]) {
      for await (const c of jsm.consumers.list(stream)) pending += c.num_pending + c.num_ack_pending;
    }
    return pending;
  };
  await eventually(async () => (await backlog()) === 0, { timeoutMs: 300_000, intervalMs: 1_000, what: "event consumers caught up" });
  return { users, heavy, failures };
}
