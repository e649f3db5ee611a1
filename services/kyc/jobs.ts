import { sql } from "drizzle-orm";
import type { Database } from "../../shared/db/connect.ts";
import type { Job } from "../../shared/service.ts";
import { webhookReceipts } from "./db/schema.ts";
import type { Documents } from "./documents.ts";
import { TOLERANCE_S } from "./domain/webhook-signature.ts";

/** A receipt only has to outlive the window in which its signature is still accepted. */
const RECEIPT_RETENTION_S = 4 * TOLERANCE_S;

export function kycJobs(deps: { db: Database; documents: Documents }): Job[] {
  return [
    {
      name: "object-cleanup",
      everyMs: 60_000,
      singleton: true,
      run: async () => {
        await deps.documents.cleanupDue();
      },
    },
    {
      name: "webhook-receipt-pruning",
      everyMs: 10 * 60_000,
      singleton: true,
      run: async () => {
        await deps.db.delete(webhookReceipts).where(sql`${webhookReceipts.receivedAt} < now() - make_interval(secs => ${RECEIPT_RETENTION_S})`);
      },
    },
  ];
}
