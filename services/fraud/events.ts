import type { EventData } from "../../proto-like-schemas/events/index.ts";
import type { Envelope } from "../../shared/events/envelope.ts";
import type { Transaction } from "../../shared/db/connect.ts";
import type { HandlerHooks } from "../../shared/events/consumer.ts";
import { gatherInTransaction } from "../../shared/events/gather.ts";
import { closeUnreviewedCase } from "./cases.ts";
import { addCompletedTransfers, removeReversedTransfer, setContact, type CompletedTransfer } from "./history.ts";

/** Money sent to another user; top-ups are not transfers and must not shape the statistics (G-19). */
const TRANSFER_TYPES: ReadonlySet<string> = new Set(["TRANSFER", "SPLIT_PAYMENT", "REQUEST_PAYMENT"]);

/** The fraud row of the consumption table; each handler runs in the inbox transaction (exactly once). */
export function fraudConsumers() {
  // The completed transfers of one consumer transaction, added together just before it commits.
  const count = gatherInTransaction<CompletedTransfer>(async (transfers, tx) => void (await addCompletedTransfers(tx, transfers)));
  return {
    "transaction.completed": async (event: Envelope<EventData<"transaction.completed">>, tx: Transaction, hooks: HandlerHooks) => {
      const t = event.data;
      if (!TRANSFER_TYPES.has(t.type)) return;
      count({ transactionId: t.transactionId, senderId: t.senderId, recipientId: t.recipientId, amount: t.amount }, tx, hooks);
    },
    "transaction.reversed": async (event: Envelope<EventData<"transaction.reversed">>, tx: Transaction) => {
      const t = event.data;
      if (!TRANSFER_TYPES.has(t.type)) return;
      await removeReversedTransfer(tx, { transactionId: t.transactionId, senderId: t.senderId, recipientId: t.recipientId, amount: t.amount, reversedAt: new Date(event.occurredAt) });
    },
    "transaction.failed": async (event: Envelope<EventData<"transaction.failed">>, tx: Transaction) => {
      await closeUnreviewedCase(tx, event.data.transactionId, event.data.code);
    },
    "social.contact_added": async (event: Envelope<EventData<"social.contact_added">>, tx: Transaction) => {
      await setContact(tx, event.data.ownerId, event.data.contactId, true, new Date(event.occurredAt));
    },
    "social.contact_removed": async (event: Envelope<EventData<"social.contact_removed">>, tx: Transaction) => {
      await setContact(tx, event.data.ownerId, event.data.contactId, false, new Date(event.occurredAt));
    },
  };
}
