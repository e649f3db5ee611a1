import { transactionsContract } from "../../proto-like-schemas/transactions.ts";
import type { Database } from "../../shared/db/connect.ts";
import { AppError } from "../../shared/errors.ts";
import type { Handlers } from "../../shared/rpc/server.ts";
import type { AdminActions } from "./admin.ts";
import { createBackOffice } from "./back-office.ts";
import { isUuid } from "../../shared/ids.ts";
import { listPage } from "./listing.ts";
import type { OnBehalf } from "./on-behalf.ts";
import { toTransaction } from "./view.ts";


/** Transaction ids are UUIDs; anything else cannot exist, and must not reach a uuid column. */
function transactionId(id: string): string {
  if (!isUuid(id)) throw new AppError("NOT_FOUND", "Transaction not found");
  return id.toLowerCase();
}

/**
 * Callers are trusted services (admin acting for an admin, social paying a split share for a
 * participant); input is validated all the same, and a share runs the full payment pipeline.
 */
export function transactionsRpcHandlers(db: Database, admin: AdminActions, onBehalf: OnBehalf): Handlers<typeof transactionsContract> {
  const backOffice = createBackOffice(db);
  return {
    payShare: (req) => onBehalf.payShare(req),
    list: ({ userId, ...filters }) => listPage(db, filters, { party: userId ? { userId, direction: "all", hideFailedIncoming: false } : undefined, what: "Request" }),
    get: async ({ transactionId: id }) => toTransaction(await admin.get(transactionId(id))),
    getDetail: async ({ transactionId: id }) => backOffice.detail(await admin.get(transactionId(id))),
    stats: ({ since }) => backOffice.stats(since),
    reverse: async ({ transactionId: id, adminId, reason, force }) => toTransaction(await admin.reverse(transactionId(id), adminId, reason, force)),
    forceComplete: async ({ transactionId: id, adminId, reason }) => toTransaction(await admin.forceComplete(transactionId(id), adminId, reason)),
    approveHeld: async ({ transactionId: id, adminId }) => toTransaction(await admin.approveHeld(transactionId(id), adminId)),
    blockHeld: async ({ transactionId: id, adminId, reason }) => toTransaction(await admin.blockHeld(transactionId(id), adminId, reason)),
  };
}
