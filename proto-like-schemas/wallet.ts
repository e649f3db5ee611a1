import { z } from "zod";
import { defineContract, method } from "../shared/rpc/contract.ts";
import { amountCents, cents, currency, id, isoTime } from "./money.ts";

export const WALLET_STATUSES = ["ACTIVE", "FROZEN", "CLOSED"] as const;
export const walletStatus = z.enum(WALLET_STATUSES);

export const walletSummary = z.object({
  id,
  userId: id,
  /** Ledger balance; negative only for a wallet in recovery after a forced reversal. */
  balance: cents,
  /** Funds reserved by holds (transfers under fraud review). */
  heldAmount: cents,
  /** balance − heldAmount: what can be spent now. */
  availableBalance: cents,
  /** What the user owes after a forced reversal (−balance when negative, else 0). */
  owedAmount: cents,
  currency,
  status: walletStatus,
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type WalletSummary = z.infer<typeof walletSummary>;

export const MOVEMENT_KINDS = ["CREDIT", "TRANSFER", "CAPTURE", "REVERSAL"] as const;
export const movementKind = z.enum(MOVEMENT_KINDS);

/** The result of a money movement; a replay returns the first result with `replayed: true`. */
export const movementResult = z.object({
  movementId: id,
  transactionId: id,
  kind: movementKind,
  amount: amountCents,
  /** Balance of each wallet the movement touched, right after it. */
  balances: z.array(z.object({ userId: id, balanceAfter: cents })),
  replayed: z.boolean(),
  createdAt: isoTime,
});
export type MovementResult = z.infer<typeof movementResult>;

export const holdState = z.object({
  transactionId: id,
  fromUserId: id,
  toUserId: id,
  amount: amountCents,
  status: z.enum(["HELD", "CAPTURED", "RELEASED"]),
  replayed: z.boolean(),
});

/** One side of a movement: a user's wallet, or a system account (FUNDING) named by its code. */
export const ledgerEntry = z.object({ walletId: id, userId: id.nullable(), systemAccount: z.string().nullable(), delta: cents, balanceAfter: cents });

/** A movement with its entries (they sum to zero), as the back office shows a transaction's ledger. */
export const ledgerMovement = z.object({ movementId: id, kind: movementKind, amount: amountCents, createdAt: isoTime, entries: z.array(ledgerEntry) });

/** A HELD hold seen from one of its parties: OUT reserves their funds, IN is money that may arrive. */
export const openHold = z.object({ transactionId: id, direction: z.enum(["OUT", "IN"]), fromUserId: id, toUserId: id, amount: amountCents, createdAt: isoTime });

/**
 * Wallet RPC. Every movement is keyed by (transactionId, kind): calling again with the same key
 * returns the first result before any status or balance check, so all movements are idempotent.
 * Errors: NOT_FOUND (no wallet), FROZEN (wallet not ACTIVE), INSUFFICIENT_FUNDS, INVALID_ARGUMENT.
 */
export const walletContract = defineContract("wallet", {
  getWallet: method({ request: z.object({ userId: id }), response: walletSummary, idempotent: true }),
  /** Several users' wallets in one call (a transfer checks both parties'); users without one are left out. */
  getWallets: method({ request: z.object({ userIds: z.array(id).min(1).max(100) }), response: z.object({ wallets: z.array(walletSummary) }), idempotent: true }),
  getBalance: method({
    request: z.object({ userId: id }),
    response: z.object({ balance: cents, availableBalance: cents, heldAmount: cents, currency }),
    idempotent: true,
  }),
  /** Top-up: the system funding account pays the user. */
  credit: method({ request: z.object({ userId: id, amount: amountCents, transactionId: id }), response: movementResult, idempotent: true }),
  /** Debit and credit in one database transaction, wallets locked in id order; self-transfer refused. */
  transfer: method({
    request: z.object({ fromUserId: id, toUserId: id, amount: amountCents, transactionId: id }),
    response: movementResult,
    idempotent: true,
  }),
  /** Reserves the sender's funds for a transfer under review (available balance drops, balance does not). */
  hold: method({ request: z.object({ fromUserId: id, toUserId: id, amount: amountCents, transactionId: id }), response: holdState, idempotent: true }),
  /** Settles a hold: moves the held funds to the recipient (movement kind CAPTURE). */
  capture: method({ request: z.object({ transactionId: id }), response: movementResult, idempotent: true }),
  /** Frees a hold without moving money. */
  release: method({ request: z.object({ transactionId: id }), response: holdState, idempotent: true }),
  /**
   * Compensating entries for the transaction's TRANSFER, CAPTURE or CREDIT movement. Without
   * `force`, INSUFFICIENT_FUNDS if the payee no longer holds the money; with it, the payee's
   * balance may go negative (recovery: shown as owed).
   */
  reverse: method({ request: z.object({ transactionId: id, force: z.boolean().default(false) }), response: movementResult, idempotent: true }),
  /** Whether (and how) money moved for a transaction: what the sweeper and force-complete ask. */
  getSettlement: method({
    request: z.object({ transactionId: id }),
    response: z.object({
      movements: z.array(z.object({ kind: movementKind, amount: amountCents, createdAt: isoTime })),
      hold: holdState.omit({ replayed: true }).nullable(),
    }),
    idempotent: true,
  }),
  /** A transaction's movements with their entries, oldest first (empty when no money moved). */
  getLedger: method({ request: z.object({ transactionId: id }), response: z.object({ movements: z.array(ledgerMovement) }), idempotent: true }),
  /** The holds still HELD in which the user pays or is paid, oldest first. */
  listHolds: method({ request: z.object({ userId: id }), response: z.object({ holds: z.array(openHold) }), idempotent: true }),
  /** Counts and sums over every user wallet, for the back office's overview. */
  totals: method({
    request: z.object({}),
    response: z.object({ wallets: z.number().int(), frozenWallets: z.number().int(), heldAmount: cents, openHolds: z.number().int(), totalUserBalance: cents }),
    idempotent: true,
  }),
  freeze: method({ request: z.object({ userId: id, reason: z.string().min(1).max(500), actorId: id }), response: walletSummary, idempotent: true }),
  unfreeze: method({ request: z.object({ userId: id, actorId: id }), response: walletSummary, idempotent: true }),
  /** Proves the ledger's invariants; `problems` lists every violation found. */
  verify: method({
    request: z.object({}),
    response: z.object({
      ok: z.boolean(),
      movementsChecked: z.number().int(),
      walletsChecked: z.number().int(),
      /** Sum of all user balances (equals top-ups minus nothing, since money only enters by credit). */
      totalUserBalance: cents,
      problems: z.array(z.string()),
    }),
    idempotent: true,
  }),
});
