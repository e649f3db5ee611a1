import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { AppError } from "../../shared/errors.ts";
import { createWalletUsers } from "../../tests/harness/wallet.ts";
import { useWalletRpc } from "./test-support.ts";

setDefaultTimeout(180_000);

const fx = useWalletRpc();
let users: string[];
beforeAll(async () => {
  users = await createWalletUsers(fx.nc, 5);
});

/** A small seeded generator, so a failing mix can be replayed from the printed seed. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

/** Weighted: mostly money moving, with enough freezes to hit FROZEN but not so many that nothing moves. */
const OPERATIONS = [
  ...Array<"credit">(4).fill("credit"),
  ...Array<"transfer">(6).fill("transfer"),
  ...Array<"hold">(3).fill("hold"),
  ...Array<"capture">(2).fill("capture"),
  "release",
  "reverse",
  "reverse",
  "freeze",
  ...Array<"unfreeze">(4).fill("unfreeze"),
] as const;

/** Refusals a random mix is expected to run into; anything else is a bug. */
const EXPECTED = new Set(["INSUFFICIENT_FUNDS", "FROZEN", "INVALID_ARGUMENT", "FAILED_PRECONDITION", "NOT_FOUND"]);

describe("verify", () => {
  test("is ok after a random mix of 200 operations, and totals what came in by credit", async () => {
    const seed = Number(process.env.WALLET_MIX_SEED ?? Date.now() % 1_000_000);
    const rnd = random(seed);
    const credits = new Map<string, number>();
    const moved: string[] = [];
    const holds: string[] = [];
    let creditedIn = 0;
    const unexpected: string[] = [];

    const operation = async (): Promise<void> => {
      const a = rnd.pick(users);
      const b = rnd.pick(users);
      const transactionId = Bun.randomUUIDv7();
      const amount = rnd.int(1, 1_000);
      switch (rnd.pick(OPERATIONS)) {
        case "credit":
          await fx.wallet.credit({ userId: a, amount: amount * 3, transactionId });
          credits.set(transactionId, amount * 3);
          creditedIn += amount * 3;
          return void moved.push(transactionId);
        case "transfer":
          await fx.wallet.transfer({ fromUserId: a, toUserId: b, amount, transactionId });
          return void moved.push(transactionId);
        case "hold":
          await fx.wallet.hold({ fromUserId: a, toUserId: b, amount, transactionId });
          return void holds.push(transactionId);
        case "capture": {
          const id = rnd.pick(holds.length ? holds : [transactionId]);
          await fx.wallet.capture({ transactionId: id });
          return void moved.push(id);
        }
        case "release":
          await fx.wallet.release({ transactionId: rnd.pick(holds.length ? holds : [transactionId]) });
          return;
        case "reverse": {
          const id = rnd.pick(moved.length ? moved : [transactionId]);
          const result = await fx.wallet.reverse({ transactionId: id, force: rnd.int(0, 1) === 1 });
          if (!result.replayed) creditedIn -= credits.get(id) ?? 0;
          return;
        }
        case "freeze":
          await fx.wallet.freeze({ userId: a, reason: "random mix", actorId: "admin-1" });
          return;
        case "unfreeze":
          await fx.wallet.unfreeze({ userId: a, actorId: "admin-1" });
      }
    };

    // Batches of concurrent calls, so locking and retries are part of the mix.
    for (let batch = 0; batch < 20; batch++) {
      await Promise.all(
        Array.from({ length: 10 }, () =>
          operation().catch((err) => {
            if (!(err instanceof AppError && EXPECTED.has(err.code))) unexpected.push(`${(err as Error).message}`);
          }),
        ),
      );
    }
    // Unfrozen first, so a failure here does not leave frozen wallets to the next tests.
    await Promise.all(users.map((userId) => fx.wallet.unfreeze({ userId, actorId: "admin-1" })));
    expect({ seed, unexpected }).toEqual({ seed, unexpected: [] });
    // The mix must have moved money, or it proves nothing (freezes refuse some of it, by design).
    expect({ seed, movedEnough: moved.length >= 20 }).toEqual({ seed, movedEnough: true });

    const report = await fx.wallet.verify({});
    expect({ seed, problems: report.problems }).toEqual({ seed, problems: [] });
    expect(report.ok).toBe(true);
    expect(report.walletsChecked).toBe(users.length);
    const [count] = await fx.svc.ctx.dbHandle.sql<{ n: number }[]>`select count(*)::int as n from movements`;
    expect(report.movementsChecked).toBe(count!.n);
    expect(report.totalUserBalance).toBe(creditedIn);
    const balances = await Promise.all(users.map((userId) => fx.wallet.getBalance({ userId })));
    expect(balances.reduce((sum, b) => sum + b.balance, 0)).toBe(creditedIn);
  });

  test("the ledger tables refuse edits and deletes, even from a superuser", async () => {
    const sql = fx.svc.ctx.dbHandle.sql;
    await fx.wallet.credit({ userId: users[0]!, amount: 100, transactionId: Bun.randomUUIDv7() });
    await expect(sql`update entries set delta = delta + 1`).rejects.toThrow(/append-only/);
    await expect(sql`delete from movements`).rejects.toThrow(/append-only/);
    await expect(sql`truncate entries`).rejects.toThrow(/append-only/);
  });

  test("the database refuses a movement whose entries do not balance", async () => {
    const sql = fx.svc.ctx.dbHandle.sql;
    const [w] = await sql<{ id: string }[]>`select id from wallets where user_id = ${users[0]!}`;
    const movementId = Bun.randomUUIDv7();
    await expect(
      sql.begin(async (tx) => {
        await tx`insert into movements (id, transaction_id, kind, amount) values (${movementId}, ${Bun.randomUUIDv7()}, 'CREDIT', 50)`;
        await tx`insert into entries (id, movement_id, wallet_id, delta, balance_after, created_at) values (${Bun.randomUUIDv7()}, ${movementId}, ${w!.id}, 50, 50, now())`;
      }),
    ).rejects.toThrow(/unbalanced/);
  });

  test("reports a balance changed behind the service's back, and a tampered entry", async () => {
    const sql = fx.svc.ctx.dbHandle.sql;
    const [victim] = await sql<{ id: string }[]>`update wallets set balance = balance + 1 where user_id = ${users[1]!} returning id`;
    const report = await fx.wallet.verify({});
    expect(report.ok).toBe(false);
    expect(report.problems.some((p) => p.includes(victim!.id) && p.includes("entries sum to"))).toBe(true);
    await sql`update wallets set balance = balance - 1 where user_id = ${users[1]!}`;
    expect((await fx.wallet.verify({})).ok).toBe(true);

    // Replica mode switches the append-only and balance triggers off: only a superuser can.
    const [entry] = await sql<{ id: string; movement_id: string }[]>`select id, movement_id from entries order by created_at desc limit 1`;
    await sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`update entries set delta = delta + 5 where id = ${entry!.id}`;
    });
    const tampered = await fx.wallet.verify({});
    expect(tampered.ok).toBe(false);
    expect(tampered.problems.some((p) => p.includes(entry!.movement_id))).toBe(true);
    expect(tampered.problems.some((p) => p.includes(`entry ${entry!.id}`))).toBe(true);
  });
});
