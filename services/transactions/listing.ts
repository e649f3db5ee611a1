import type { Transaction } from "../../proto-like-schemas/transactions.ts";
import type { Database } from "../../shared/db/connect.ts";
import { AppError } from "../../shared/errors.ts";
import { decodeCursor, encodeCursor } from "../../shared/query/keyset-cursor.ts";
import { timeRange } from "../../shared/query/time-range.ts";
import type { Status } from "./domain/state-machine.ts";
import { listTransactions, type ListQuery, type TxnRow } from "./store.ts";
import { toTransaction } from "./view.ts";

/** List filters as both the HTTP query and the admin RPC carry them (already type-checked). */
export interface ListFilters {
  type?: TxnRow["type"];
  status?: Status;
  from?: string;
  to?: string;
  minAmount?: number;
  maxAmount?: number;
  q?: string;
  cursor?: string;
  limit: number;
}

const invalid = (what: string, field: string, message: string) => new AppError("INVALID_ARGUMENT", `${what} has invalid fields: ${field}`, { fieldErrors: [{ field, message }] });

/**
 * One page of transactions, newest first, with the cursor of the next page. `viewerId` is the
 * user looking (their view redacts what belongs to the other party); absent for admins.
 */
export async function listPage(db: Database, f: ListFilters, scope: { party?: ListQuery["party"]; viewerId?: string; what: string }): Promise<{ items: Transaction[]; nextCursor: string | null }> {
  const cursor = f.cursor === undefined ? undefined : decodeCursor(f.cursor);
  if (cursor === null) throw invalid(scope.what, "cursor", "is not a cursor from this list");
  const range = timeRange(f.from, f.to);
  if (!range) throw invalid(scope.what, "from", "must not be after to");
  if (f.minAmount !== undefined && f.maxAmount !== undefined && f.minAmount > f.maxAmount) throw invalid(scope.what, "minAmount", "must not exceed maxAmount");
  const { rows, hasMore } = await listTransactions(db, {
    party: scope.party,
    type: f.type,
    status: f.status,
    range,
    minAmount: f.minAmount,
    maxAmount: f.maxAmount,
    q: f.q || undefined,
    cursor,
    limit: f.limit,
  });
  const last = rows.at(-1);
  return { items: rows.map((r) => toTransaction(r, scope.viewerId)), nextCursor: hasMore && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null };
}
