/**
 * Ledger rules with no I/O: what an account may do, and how a movement changes the accounts it
 * touches. The store locks the rows, asks these functions, and writes what they return.
 */

export type WalletStatus = "ACTIVE" | "FROZEN" | "CLOSED";

/** A locked account as the rules see it. */
export interface AccountState {
  id: string;
  /** null for a system account (FUNDING), which is always open and may go negative. */
  userId: string | null;
  status: WalletStatus;
  balance: number;
  heldAmount: number;
  recoveryFloor: number;
}

/** How one movement changes one account: the store adds the deltas and sets the floor. */
export interface AccountChange {
  walletId: string;
  /** The owner (null for a system account), who is told about the change. */
  userId: string | null;
  /** Signed change of the ledger balance: the entry's delta. */
  delta: number;
  /** The ledger balance the change leaves: the locked balance plus the delta. */
  balanceAfter: number;
  heldDelta: number;
  recoveryFloor: number;
}

export interface Refusal {
  code: "FROZEN" | "INSUFFICIENT_FUNDS";
  message: string;
}

export const availableBalance = (a: Pick<AccountState, "balance" | "heldAmount">): number => a.balance - a.heldAmount;

/** What the owner owes after a forced reversal took more than they had. */
export const owedAmount = (balance: number): number => (balance < 0 ? -balance : 0);

const isSystem = (a: AccountState) => a.userId === null;

/** Row locks are always taken in this order, so two movements never wait on each other in a cycle. */
export const lockOrder = (ids: readonly string[]): string[] => [...new Set(ids)].sort();

export function assertAmount(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new RangeError(`amount must be a positive whole number of cents, got ${amount}`);
}

/** FROZEN (or CLOSED) wallets can be neither debited nor credited by their owners' movements. */
export function refuseInactive(...accounts: AccountState[]): Refusal | null {
  const blocked = accounts.find((a) => !isSystem(a) && a.status !== "ACTIVE");
  return blocked ? { code: "FROZEN", message: `Wallet of user ${blocked.userId} is ${blocked.status}` } : null;
}

/** A debit needs that much available (balance − held); a system account never runs short. */
export function refuseInsufficient(account: AccountState, amount: number): Refusal | null {
  if (isSystem(account) || availableBalance(account) >= amount) return null;
  return { code: "INSUFFICIENT_FUNDS", message: `Insufficient funds: available ${availableBalance(account)}, requested ${amount}` };
}

/**
 * The floor under the available balance after a change. A credit raises it towards 0 (money that
 * comes in pays the debt first); a forced debit may lower it to where the debit leaves the
 * account; any other debit leaves it alone, so the database refuses to overdraw.
 */
export function floorAfter(account: AccountState, availableDelta: number, forced: boolean): number {
  const after = availableBalance(account) + availableDelta;
  if (availableDelta > 0) return Math.min(0, Math.max(account.recoveryFloor, after));
  if (forced) return Math.min(account.recoveryFloor, after);
  return account.recoveryFloor;
}

export interface MovementSides {
  payer: AccountState;
  payee: AccountState;
  amount: number;
  /** The payer's money leaves its held funds (capture of a hold). */
  fromHeld?: boolean;
  /** The payer may end below zero (a forced reversal puts the payee of the original into recovery). */
  forced?: boolean;
}

/** The two changes of one movement: they always sum to zero. */
export function movementChanges({ payer, payee, amount, fromHeld = false, forced = false }: MovementSides): [AccountChange, AccountChange] {
  assertAmount(amount);
  if (payer.id === payee.id) throw new RangeError("a movement needs two different accounts");
  const heldDelta = fromHeld ? -amount : 0;
  return [
    { walletId: payer.id, userId: payer.userId, delta: -amount, balanceAfter: payer.balance - amount, heldDelta, recoveryFloor: floorAfter(payer, -amount - heldDelta, forced) },
    { walletId: payee.id, userId: payee.userId, delta: amount, balanceAfter: payee.balance + amount, heldDelta: 0, recoveryFloor: floorAfter(payee, amount, false) },
  ];
}
