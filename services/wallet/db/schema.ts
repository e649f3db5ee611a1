export * from "../../../shared/db/tables.ts";

import { sql } from "drizzle-orm";
import { bigint, check, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/**
 * Ledger accounts: one wallet per user plus named system accounts (FUNDING, the outside world that
 * backs top-ups, which may go negative). Balances change only together with entries.
 */
export const wallets = pgTable(
  "wallets",
  {
    id: uuid("id").primaryKey(),
    /** The owner; null for a system account. */
    userId: text("user_id"),
    /** Name of a system account (FUNDING); null for a user wallet. */
    systemCode: text("system_code"),
    balance: bigint("balance", { mode: "number" }).notNull().default(0),
    /** Funds reserved by HELD holds: part of the balance that cannot be spent. */
    heldAmount: bigint("held_amount", { mode: "number" }).notNull().default(0),
    /**
     * Lowest available balance (balance − held) the wallet may have: 0, except after a forced
     * reversal left it owing money; every later credit raises it back towards 0.
     */
    recoveryFloor: bigint("recovery_floor", { mode: "number" }).notNull().default(0),
    currency: text("currency").notNull().default("USD"),
    status: text("status").notNull().default("ACTIVE"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("wallets_user_id_key").on(t.userId),
    uniqueIndex("wallets_system_code_key").on(t.systemCode),
    check("wallets_owner_check", sql`(${t.userId} is null) <> (${t.systemCode} is null)`),
    check("wallets_status_check", sql`${t.status} in ('ACTIVE', 'FROZEN', 'CLOSED')`),
    check("wallets_currency_check", sql`${t.currency} = 'USD'`),
    check("wallets_held_check", sql`${t.heldAmount} >= 0`),
    check("wallets_recovery_floor_check", sql`${t.recoveryFloor} <= 0`),
    // A user's available balance never drops below the floor: >= 0 unless in recovery.
    check("wallets_balance_check", sql`${t.systemCode} is not null or ${t.balance} - ${t.heldAmount} >= ${t.recoveryFloor}`),
  ],
);

/** One money movement per (transaction, kind); its entries sum to zero. Append-only (trigger). */
export const movements = pgTable(
  "movements",
  {
    id: uuid("id").primaryKey(),
    transactionId: text("transaction_id").notNull(),
    kind: text("kind").notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`clock_timestamp()`),
  },
  (t) => [
    uniqueIndex("movements_transaction_kind_key").on(t.transactionId, t.kind),
    // A transaction moves money forward once (credit, transfer or capture); a reversal undoes it.
    uniqueIndex("movements_one_forward_key").on(t.transactionId).where(sql`${t.kind} <> 'REVERSAL'`),
    check("movements_kind_check", sql`${t.kind} in ('CREDIT', 'TRANSFER', 'CAPTURE', 'REVERSAL')`),
    check("movements_amount_check", sql`${t.amount} > 0`),
  ],
);

/** Signed changes of one account by one movement. Append-only (trigger). */
export const entries = pgTable(
  "entries",
  {
    id: uuid("id").primaryKey(),
    movementId: uuid("movement_id").notNull().references(() => movements.id),
    walletId: uuid("wallet_id").notNull().references(() => wallets.id),
    delta: bigint("delta", { mode: "number" }).notNull(),
    balanceAfter: bigint("balance_after", { mode: "number" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("entries_movement_wallet_key").on(t.movementId, t.walletId),
    // History pages and the balance series walk one wallet's entries by time.
    index("entries_wallet_time_idx").on(t.walletId, t.createdAt, t.id),
    check("entries_delta_check", sql`${t.delta} <> 0`),
  ],
);

/** Funds reserved for a transfer under review, until captured or released. */
export const holds = pgTable(
  "holds",
  {
    id: uuid("id").primaryKey(),
    transactionId: text("transaction_id").notNull(),
    fromWalletId: uuid("from_wallet_id").notNull().references(() => wallets.id),
    toWalletId: uuid("to_wallet_id").notNull().references(() => wallets.id),
    amount: bigint("amount", { mode: "number" }).notNull(),
    status: text("status").notNull().default("HELD"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("holds_transaction_key").on(t.transactionId),
    index("holds_held_from_idx").on(t.fromWalletId).where(sql`${t.status} = 'HELD'`),
    check("holds_status_check", sql`${t.status} in ('HELD', 'CAPTURED', 'RELEASED')`),
    check("holds_amount_check", sql`${t.amount} > 0`),
    check("holds_parties_check", sql`${t.fromWalletId} <> ${t.toWalletId}`),
  ],
);
