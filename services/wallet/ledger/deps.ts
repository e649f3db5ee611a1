import type { eventCatalog } from "../../../proto-like-schemas/events/index.ts";
import type { Database, Executor, Transaction } from "../../../shared/db/connect.ts";
import { inTransaction } from "../../../shared/db/transaction.ts";
import { AppError } from "../../../shared/errors.ts";
import type { Emit } from "../../../shared/events/outbox.ts";
import type { Refusal } from "../domain/ledger.ts";
import { isUniqueViolation } from "./movements.ts";

export interface LedgerDeps {
  db: Database;
  emit: Emit<typeof eventCatalog>;
}

export function throwRefusal(refusal: Refusal | null): void {
  if (refusal) throw new AppError(refusal.code, refusal.message);
}

/**
 * Runs `work` in one transaction; `work` checks `replay` for the result of an earlier identical
 * call once it holds its locks (and before any balance or status check), so a retry gets the
 * first answer. A retry is rare, so nothing is looked up before the locks: the first call pays
 * for no extra round trip. If a twin slipped past even that, the unique index stops the second
 * write and the twin's result is returned.
 */
export async function exactlyOnce<T>(
  deps: LedgerDeps,
  name: string,
  replay: (ex: Executor) => Promise<T | null>,
  work: (tx: Transaction) => Promise<T>,
): Promise<T> {
  try {
    return await inTransaction(deps.db, name, work);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const winner = await replay(deps.db);
    if (winner) return winner;
    throw new AppError("CONFLICT", "The transaction id is already used by another movement");
  }
}
