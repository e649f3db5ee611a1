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
 * Runs `work` in one transaction unless `replay` finds the result of an earlier identical call.
 * `work` checks `replay` again once it holds its locks, since a concurrent twin may have committed
 * while it waited; if the twin slipped past even that, the unique index stops the second write
 * and the twin's result is returned.
 */
export async function exactlyOnce<T>(
  deps: LedgerDeps,
  name: string,
  replay: (ex: Executor) => Promise<T | null>,
  work: (tx: Transaction) => Promise<T>,
): Promise<T> {
  const prior = await replay(deps.db);
  if (prior) return prior;
  try {
    return await inTransaction(deps.db, name, work);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const winner = await replay(deps.db);
    if (winner) return winner;
    throw new AppError("CONFLICT", "The transaction id is already used by another movement");
  }
}
