import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../../../shared/db/connect.ts";

/** Each check reports at most this many rows, so a badly broken ledger still gives a readable answer. */
const PER_CHECK = 50;

type Row = Record<string, string | number | null>;

/** Ledger invariants as queries: each returns the rows that violate it and says how to word them. */
const CHECKS: { sql: SQL; describe: (r: Row) => string }[] = [
  {
    sql: sql`select m.id, m.transaction_id, m.kind, m.amount::text, coalesce(sum(e.delta), 0)::text as total,
               coalesce(sum(e.delta) filter (where e.delta > 0), 0)::text as credited, count(e.id)::int as n
             from movements m left join entries e on e.movement_id = m.id
             group by m.id
             having coalesce(sum(e.delta), 0) <> 0 or coalesce(sum(e.delta) filter (where e.delta > 0), 0) <> m.amount or count(e.id) <> 2`,
    describe: (r) => `movement ${r.id} (${r.kind} of transaction ${r.transaction_id}, amount ${r.amount}) has ${r.n} entries summing to ${r.total}, crediting ${r.credited}`,
  },
  {
    sql: sql`select w.id, coalesce(w.user_id, w.system_code) as owner, w.balance::text, coalesce(s.total, 0)::text as total
             from wallets w left join (select wallet_id, sum(delta) as total from entries group by wallet_id) s on s.wallet_id = w.id
             where w.balance <> coalesce(s.total, 0)`,
    describe: (r) => `account ${r.id} (${r.owner}) has balance ${r.balance} but its entries sum to ${r.total}`,
  },
  {
    sql: sql`select id, wallet_id, balance_after::text, running::text from (
               select e.id, e.wallet_id, e.balance_after, sum(e.delta) over (partition by e.wallet_id order by e.created_at, e.id) as running
               from entries e) chain
             where balance_after <> running`,
    describe: (r) => `entry ${r.id} of account ${r.wallet_id} records balance ${r.balance_after} after it, but the entries up to it sum to ${r.running}`,
  },
  {
    sql: sql`select id, user_id, balance::text, held_amount::text, recovery_floor::text from wallets
             where user_id is not null and ((balance < 0 and recovery_floor = 0) or balance - held_amount < recovery_floor)`,
    describe: (r) => `wallet ${r.id} (user ${r.user_id}) is overdrawn outside recovery: balance ${r.balance}, held ${r.held_amount}, floor ${r.recovery_floor}`,
  },
  {
    sql: sql`select w.id, w.user_id, w.held_amount::text, coalesce(h.total, 0)::text as total
             from wallets w left join (select from_wallet_id, sum(amount) as total from holds where status = 'HELD' group by from_wallet_id) h on h.from_wallet_id = w.id
             where w.held_amount <> coalesce(h.total, 0)`,
    describe: (r) => `wallet ${r.id} (user ${r.user_id}) has held amount ${r.held_amount} but its open holds sum to ${r.total}`,
  },
  {
    sql: sql`select coalesce(h.transaction_id, m.transaction_id) as transaction_id, h.status, m.id as movement_id
             from holds h full join (select * from movements where kind = 'CAPTURE') m on m.transaction_id = h.transaction_id
             where (h.status = 'CAPTURED') is distinct from (m.id is not null)`,
    describe: (r) => `transaction ${r.transaction_id}: hold is ${r.status ?? "missing"} but a capture movement ${r.movement_id ? "exists" : "is missing"}`,
  },
  {
    sql: sql`select r.id, r.transaction_id, r.amount::text, f.amount::text as original
             from movements r left join movements f on f.transaction_id = r.transaction_id and f.kind <> 'REVERSAL'
             where r.kind = 'REVERSAL' and (f.id is null or f.amount <> r.amount)`,
    describe: (r) => `reversal ${r.id} of transaction ${r.transaction_id} moves ${r.amount} but the original moved ${r.original ?? "nothing"}`,
  },
  {
    sql: sql`select sum(balance)::text as total from wallets having sum(balance) <> 0`,
    describe: (r) => `all account balances sum to ${r.total} instead of 0`,
  },
];

/**
 * Proves the ledger's invariants on one consistent snapshot (repeatable read), so movements
 * committed while it runs cannot show up as false alarms.
 */
export function verifyLedger(db: Database) {
  return db.transaction(
    async (tx) => {
      const problems: string[] = [];
      for (const check of CHECKS) {
        const rows = await tx.execute<Row>(sql`${check.sql} limit ${PER_CHECK}`);
        problems.push(...rows.map(check.describe));
      }
      const [totals] = await tx.execute<{ movements: number; wallets: number; total: string }>(sql`
        select (select count(*)::int from movements) as movements,
               count(*)::int as wallets,
               coalesce(sum(balance), 0)::text as total
        from wallets where user_id is not null`);
      return {
        ok: problems.length === 0,
        movementsChecked: totals!.movements,
        walletsChecked: totals!.wallets,
        totalUserBalance: Number(totals!.total),
        problems,
      };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}
