import type { Database, Transaction } from "./connect.ts";
import { withSpan } from "../telemetry.ts";

/** A database transaction with its own span, so slow commits show up in traces. */
export function inTransaction<T>(db: Database, name: string, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return withSpan(`db.transaction ${name}`, { attributes: { "db.system": "postgresql" } }, () => db.transaction(fn));
}
