import type { consumption } from "../../proto-like-schemas/consumption.ts";
import type { EventData } from "../../proto-like-schemas/events/index.ts";
import type { Transaction } from "../../shared/db/connect.ts";
import type { EventHandler } from "../../shared/events/consumer.ts";
import type { Logger } from "../../shared/log.ts";
import { isUuid } from "../../shared/ids.ts";
import { outcomeOfFailure, type PaymentOutcome } from "./domain/request-lifecycle.ts";
import type { Requests } from "./requests.ts";
import type { SharePayments } from "./share-payments.ts";

type Consumed = (typeof consumption.social)[number];
type Ended = EventData<"transaction.failed"> | EventData<"transaction.cancelled"> | EventData<"transaction.fraud_blocked">;

/**
 * Social learns how the transfers it started ended, and when an admin reversed one that had paid:
 * `requestId` names the money request a transfer paid, `splitId` the split whose share it paid.
 * Each handler runs in the inbox transaction, so a redelivered event changes nothing; the updates
 * are conditional, so a transfer that both failed and was blocked closes its request once, and a
 * transfer that names nothing of ours changes nothing.
 */
export function socialConsumers(deps: { requests: Requests; sharePayments: SharePayments; log: Logger }): { [T in Consumed]: EventHandler<EventData<T>> } {
  const { requests, sharePayments, log } = deps;

  const splitOf = (t: { splitId: string | null; transactionId: string }) => {
    if (t.splitId === null) return null;
    if (isUuid(t.splitId)) return t.splitId.toLowerCase();
    log.warn("transfer names a split id that is no split of ours; ignored", { splitId: t.splitId, transactionId: t.transactionId });
    return null;
  };

  const facts = (t: Ended | EventData<"transaction.completed"> | EventData<"transaction.reversed">) => ({ requestId: t.requestId!, payerId: t.senderId, payeeId: t.recipientId, amount: t.amount });

  /** The transfer ended without moving money: the request fails, a held share payment is let go. */
  const ended = async (t: Ended, outcome: PaymentOutcome, tx: Transaction) => {
    if (t.requestId !== null) await requests.recordPayment(tx, facts(t), outcome);
    const splitId = splitOf(t);
    if (splitId) await sharePayments.ended(tx, { splitId, senderId: t.senderId, transactionId: t.transactionId });
  };

  return {
    "transaction.completed": async (event, tx) => {
      const t = event.data;
      if (t.requestId !== null) await requests.recordPayment(tx, facts(t), { kind: "paid", transactionId: t.transactionId });
      const splitId = splitOf(t);
      if (splitId) await sharePayments.completed(tx, { splitId, senderId: t.senderId, recipientId: t.recipientId, amount: t.amount, transactionId: t.transactionId });
    },
    "transaction.failed": (event, tx) => ended(event.data, outcomeOfFailure({ type: "transaction.failed", code: event.data.code, reason: event.data.reason }, event.data.transactionId), tx),
    "transaction.cancelled": (event, tx) => ended(event.data, outcomeOfFailure({ type: "transaction.cancelled", reason: event.data.reason }, event.data.transactionId), tx),
    "transaction.fraud_blocked": (event, tx) => ended(event.data, outcomeOfFailure({ type: "transaction.fraud_blocked" }, event.data.transactionId), tx),
    "transaction.reversed": async (event, tx) => {
      const t = event.data;
      if (t.requestId !== null) await requests.recordReversal(tx, { ...facts(t), transactionId: t.transactionId });
      const splitId = splitOf(t);
      if (splitId) await sharePayments.reversed(tx, { splitId, senderId: t.senderId, recipientId: t.recipientId, amount: t.amount, transactionId: t.transactionId });
    },
  };
}
