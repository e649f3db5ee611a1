import { z } from "zod";
import { cents, id } from "../money.ts";

/** Events of the wallet service (stream WALLET); actorId is the wallet's owner unless stated. */
export const walletEvents = {
  "wallet.created": z.object({ walletId: id, userId: id, currency: z.literal("USD") }),
  "wallet.balance_changed": z.object({
    walletId: id,
    userId: id,
    transactionId: id,
    kind: z.enum(["CREDIT", "TRANSFER", "CAPTURE", "REVERSAL"]),
    delta: cents,
    balanceAfter: cents,
  }),
  /** actorId = the admin. */
  "wallet.frozen": z.object({ walletId: id, userId: id, reason: z.string(), frozenBy: id }),
  "wallet.unfrozen": z.object({ walletId: id, userId: id, unfrozenBy: id }),
} as const;
