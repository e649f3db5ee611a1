import { eq, inArray, sql, type SQLWrapper } from "drizzle-orm";
import type { WalletSummary } from "../../../proto-like-schemas/wallet.ts";
import type { Executor } from "../../../shared/db/connect.ts";
import { hotStatement } from "../../../shared/db/statement.ts";
import { AppError } from "../../../shared/errors.ts";
import { wallets } from "../db/schema.ts";
import { availableBalance, lockOrder, owedAmount, type AccountState, type WalletStatus } from "../domain/ledger.ts";

/** The FUNDING system account (seeded by the migrations); its id sorts after every UUIDv7. */
export const FUNDING_ACCOUNT_ID = "ffffffff-ffff-7fff-bfff-ffffffffffff";

export type WalletRow = typeof wallets.$inferSelect;

export const toAccountState = (w: WalletRow): AccountState => ({
  id: w.id,
  userId: w.userId,
  status: w.status as WalletStatus,
  balance: w.balance,
  heldAmount: w.heldAmount,
  recoveryFloor: w.recoveryFloor,
});

export function toSummary(w: WalletRow): WalletSummary {
  if (w.userId === null) throw new Error("A system account has no wallet summary");
  return {
    id: w.id,
    userId: w.userId,
    balance: w.balance,
    heldAmount: w.heldAmount,
    availableBalance: availableBalance(w),
    owedAmount: owedAmount(w.balance),
    currency: "USD",
    status: w.status as WalletStatus,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}

export async function findWallet(ex: Executor, userId: string): Promise<WalletRow | undefined> {
  const [row] = await ex.select().from(wallets).where(eq(wallets.userId, userId)).limit(1);
  return row;
}

// The wallets of a payment's parties are read on every payment's path: built once (see hotStatement).
const walletsOfUsers = hotStatement<{ userIds: string[] }, WalletRow[]>("wallets of users", (ex) =>
  ex.select().from(wallets).where(sql`${wallets.userId} = any(${sql.placeholder("userIds")}::text[])`),
);
const lockWalletsOfUsers = hotStatement<{ userIds: string[]; systemIds: string[] }, WalletRow[]>("lock wallets of users", (ex) =>
  ex
    .select()
    .from(wallets)
    .where(sql`${wallets.userId} = any(${sql.placeholder("userIds")}::text[]) or ${wallets.id} = any(${sql.placeholder("systemIds")}::uuid[])`)
    .orderBy(wallets.id)
    .for("update"),
);

/** The wallets of these users (system accounts are never among them); users without one are left out. */
export function walletsOf(ex: Executor, userIds: readonly string[]): Promise<WalletRow[]> {
  return walletsOfUsers(ex, { userIds: [...userIds] });
}

export async function walletOf(ex: Executor, userId: string): Promise<WalletRow> {
  const row = await findWallet(ex, userId);
  if (!row) throw new AppError("NOT_FOUND", `No wallet for user ${userId}`);
  return row;
}

/** Locks the accounts in id order (FOR UPDATE) and returns their current state by id. */
export async function lockAccounts(tx: Executor, ids: readonly string[]): Promise<Map<string, AccountState>> {
  const rows = await tx.select().from(wallets).where(inArray(wallets.id, lockOrder(ids))).orderBy(wallets.id).for("update");
  return new Map(rows.map((r) => [r.id, toAccountState(r)]));
}

/**
 * Finds and locks the wallets of these users (and any system accounts by id) in one statement:
 * rows are locked in id order (the lock sits above the sort), the same order lockAccounts uses,
 * so two movements over the same wallets never deadlock. NOT_FOUND names a user without a wallet.
 */
export async function lockUserWallets(tx: Executor, userIds: readonly string[], systemIds: readonly string[] = []): Promise<{ byUser: Map<string, AccountState>; byId: Map<string, AccountState> }> {
  const rows = await lockWalletsOfUsers(tx, { userIds: [...userIds], systemIds: [...systemIds] });
  const byUser = new Map(rows.filter((r) => r.userId !== null).map((r) => [r.userId!, toAccountState(r)]));
  for (const userId of userIds) if (!byUser.has(userId)) throw new AppError("NOT_FOUND", `No wallet for user ${userId}`);
  return { byUser, byId: new Map(rows.map((r) => [r.id, toAccountState(r)])) };
}

/** A timestamptz column as an ISO string with its microseconds (a JavaScript Date keeps only milliseconds). */
export const isoTimestamp = (column: SQLWrapper) => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
