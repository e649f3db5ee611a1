/**
 * What requests changed in the services' databases, read directly with postgres.js.
 *
 * `state()` is the row count of every table of every service database plus every wallet's
 * balance and held amount. It costs a query per database, so `writes()` comes first: PostgreSQL
 * gives a transaction id only to a transaction that writes (inserts, updates, deletes or locks a
 * row), so when the server's next transaction id has not moved, nothing was written anywhere.
 */
import postgres from "postgres";

export type DatabaseState = Record<string, number>;

export interface StateReader {
  /** The server's next transaction id: it moves only when something writes. */
  writes(): Promise<bigint>;
  /** Row count of every table (`<service>.<table>`) and every wallet's balance and holds. */
  state(): Promise<DatabaseState>;
  /** Waits until nothing has written for `quietMs` (events still travelling, consumers, jobs). */
  settle(quietMs?: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const withDatabase = (serverUrl: string, database: string) => {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
};

/** `databases`: service name → database name, as the harness created them. */
export async function openStateReader(serverUrl: string, databases: Record<string, string>, walletService = "wallet"): Promise<StateReader> {
  const server = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const readers = await Promise.all(
    Object.entries(databases).map(async ([service, database]) => {
      const sql = postgres(withDatabase(serverUrl, database), { max: 1, onnotice: () => {} });
      const tables = await sql<{ schema: string; name: string }[]>`
        select table_schema as schema, table_name as name from information_schema.tables
        where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema', 'drizzle')
        order by 1, 2`;
      return { service, sql, tables };
    }),
  );

  async function countsOf(reader: (typeof readers)[number]): Promise<DatabaseState> {
    if (!reader.tables.length) return {};
    const columns = reader.tables.map((t) => `(select count(*) from "${t.schema}"."${t.name}")::int as "${reader.service}.${t.name}"`).join(", ");
    const [row] = await reader.sql.unsafe(`select ${columns}`);
    return row as DatabaseState;
  }

  async function balancesOf(reader: (typeof readers)[number]): Promise<DatabaseState> {
    const rows = await reader.sql<{ id: string; balance: number; held: number }[]>`select id, balance::float8 as balance, held_amount::float8 as held from wallets order by id`;
    const out: DatabaseState = {};
    for (const r of rows) {
      out[`wallet ${r.id} balance`] = r.balance;
      out[`wallet ${r.id} held`] = r.held;
    }
    return out;
  }

  const reader: StateReader = {
    async writes() {
      const [row] = await server<{ next: string }[]>`select pg_snapshot_xmax(pg_current_snapshot())::text as next`;
      return BigInt(row!.next);
    },
    async state() {
      const parts = await Promise.all(readers.map(async (r) => ({ ...(await countsOf(r)), ...(r.service === walletService ? await balancesOf(r) : {}) })));
      return Object.assign({}, ...parts);
    },
    async settle(quietMs = 300, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let last = await reader.writes();
      for (;;) {
        await Bun.sleep(quietMs);
        const now = await reader.writes();
        if (now === last) return;
        if (Date.now() > deadline) throw new Error(`the databases kept being written for ${timeoutMs} ms`);
        last = now;
      }
    },
    async close() {
      await Promise.all([server.end(), ...readers.map((r) => r.sql.end())]);
    },
  };
  return reader;
}

/** The entries that differ between two states, as "name: before → after". */
export function stateChanges(before: DatabaseState, after: DatabaseState): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => before[k] !== after[k]).map((k) => `${k}: ${before[k] ?? "absent"} → ${after[k] ?? "absent"}`);
}
