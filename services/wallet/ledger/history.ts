import { sql } from "drizzle-orm";
import type { Database } from "../../../shared/db/connect.ts";
import { encodeCursor, type Position } from "../domain/cursor.ts";
import { foldDailyBalances, seriesDates, type DayPoint } from "../domain/series.ts";
import { isoTimestamp } from "./accounts.ts";
import type { MovementKind } from "./movements.ts";

export interface HistoryRow {
  id: string;
  transactionId: string;
  kind: MovementKind;
  delta: number;
  balanceAfter: number;
  /** The other user of the movement; null when it was the outside world (top-ups). */
  counterpartyId: string | null;
  createdAt: string;
}


/** One page of a wallet's entries, newest first, by keyset on (created_at, id); times keep their microseconds, so a cursor names exactly one row. */
export async function historyPage(db: Database, walletId: string, page: { after: Position | null; limit: number }) {
  const rows = await db.execute<{ id: string; transaction_id: string; kind: MovementKind; delta: string; balance_after: string; counterparty_id: string | null; at: string }>(sql`
    select e.id, m.transaction_id, m.kind, e.delta::text, e.balance_after::text, other_wallet.user_id as counterparty_id, ${isoTimestamp(sql.raw("e.created_at"))} as at
    from entries e
    join movements m on m.id = e.movement_id
    join entries other on other.movement_id = e.movement_id and other.wallet_id <> e.wallet_id
    join wallets other_wallet on other_wallet.id = other.wallet_id
    where e.wallet_id = ${walletId}
      ${page.after ? sql`and (e.created_at, e.id) < (${page.after.createdAt}::timestamptz, ${page.after.id}::uuid)` : sql``}
    order by e.created_at desc, e.id desc
    limit ${page.limit + 1}`);
  const items: HistoryRow[] = rows.slice(0, page.limit).map((r) => ({
    id: r.id,
    transactionId: r.transaction_id,
    kind: r.kind,
    delta: Number(r.delta),
    balanceAfter: Number(r.balance_after),
    counterpartyId: r.counterparty_id,
    createdAt: new Date(r.at).toISOString(),
  }));
  const last = rows[page.limit - 1];
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor({ createdAt: last.at, id: last.id }) : null };
}

/** Closing balance of each UTC day of the `days` days ending today; 0 before the wallet had entries. */
export async function balanceSeries(db: Database, walletId: string, days: number, today = new Date()): Promise<DayPoint[]> {
  const dates = seriesDates(today, days);
  const start = `${dates[0]}T00:00:00Z`;
  const [opening] = await db.execute<{ balance_after: string }>(sql`
    select balance_after::text from entries
    where wallet_id = ${walletId} and created_at < ${start}::timestamptz
    order by created_at desc, id desc limit 1`);
  const closings = await db.execute<{ day: string; balance_after: string }>(sql`
    select distinct on ((created_at at time zone 'UTC')::date)
      to_char((created_at at time zone 'UTC')::date, 'YYYY-MM-DD') as day, balance_after::text
    from entries
    where wallet_id = ${walletId} and created_at >= ${start}::timestamptz
    order by (created_at at time zone 'UTC')::date, created_at desc, id desc`);
  return foldDailyBalances(dates, Number(opening?.balance_after ?? 0), new Map(closings.map((c) => [c.day, Number(c.balance_after)])));
}
