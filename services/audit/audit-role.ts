import { sql } from "drizzle-orm";
import type { Transaction } from "../../shared/db/connect.ts";
import { AUDIT_WRITER_ROLE } from "./db/schema.ts";

/**
 * Drops to the insert-and-select role for the rest of the transaction, so nothing the service
 * does can update, delete or truncate the log, whatever the connection's own login may do.
 */
export async function asAuditWriter(tx: Transaction): Promise<void> {
  await tx.execute(sql.raw(`set local role ${AUDIT_WRITER_ROLE}`));
}
