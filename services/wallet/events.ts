import type { EventData } from "../../proto-like-schemas/events/index.ts";
import type { Transaction } from "../../shared/db/connect.ts";
import type { Envelope } from "../../shared/events/envelope.ts";
import { wallets } from "./db/schema.ts";
import type { LedgerDeps } from "./ledger/deps.ts";

/** A wallet for every new user; a redelivered event finds the wallet there and changes nothing. */
export function walletConsumers(ledger: LedgerDeps) {
  return {
    "auth.user_registered": async (event: Envelope<EventData<"auth.user_registered">>, tx: Transaction) => {
      const { userId } = event.data;
      const [created] = await tx
        .insert(wallets)
        .values({ id: Bun.randomUUIDv7(), userId })
        .onConflictDoNothing({ target: wallets.userId })
        .returning({ id: wallets.id });
      if (created) {
        await ledger.emit(tx, "wallet.created", { walletId: created.id, userId, currency: "USD" }, { actorId: userId, subjectUserIds: [userId] });
      }
    },
  };
}
