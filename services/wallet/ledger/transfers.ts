import type { MovementResult } from "../../../proto-like-schemas/wallet.ts";
import type { Executor } from "../../../shared/db/connect.ts";
import { AppError } from "../../../shared/errors.ts";
import { movementChanges, refuseInactive, refuseInsufficient, type AccountState } from "../domain/ledger.ts";
import { FUNDING_ACCOUNT_ID, lockAccounts, lockUserWallets } from "./accounts.ts";
import { exactlyOnce, throwRefusal, type LedgerDeps } from "./deps.ts";
import { FORWARD_KINDS, findMovement, movementOfKind, postMovement, priorMoney, refuseOtherMoney, replayOf, type MovementKind, type PriorMoney } from "./movements.ts";

/** Top-up: the FUNDING account pays the user. */
export function credit(deps: LedgerDeps, req: { userId: string; amount: number; transactionId: string }): Promise<MovementResult> {
  const { userId, amount, transactionId } = req;
  const replay = async (ex: Executor, prior?: PriorMoney) => {
    const stored = await movementOfKind(ex, transactionId, "CREDIT", prior);
    return stored && replayOf(stored, { payerUserId: null, payeeUserId: userId, amount });
  };
  return exactlyOnce(deps, "wallet.credit", replay, async (tx) => {
    const locked = await lockUserWallets(tx, [userId], [FUNDING_ACCOUNT_ID]);
    const prior = await priorMoney(tx, transactionId);
    const again = await replay(tx, prior);
    if (again) return again;
    refuseOtherMoney(prior, transactionId, "CREDIT");
    const payee = locked.byUser.get(userId)!;
    throwRefusal(refuseInactive(payee));
    const changes = movementChanges({ payer: locked.byId.get(FUNDING_ACCOUNT_ID)!, payee, amount });
    return postMovement(tx, deps.emit, { transactionId, kind: "CREDIT", amount, changes });
  });
}

export interface SpendRequest {
  fromUserId: string;
  toUserId: string;
  amount: number;
  transactionId: string;
}

/**
 * How a user-to-user movement (transfer or hold) starts inside its transaction: both wallets
 * locked in id order, then the result of a twin that committed while we waited, else the checks
 * every spending needs (one forward movement per transaction, both wallets active, funds available).
 */
export async function lockSpending<T>(
  tx: Executor,
  req: SpendRequest,
  kind: MovementKind | "HOLD",
  replay: (ex: Executor, prior: PriorMoney) => Promise<T | null>,
): Promise<{ again: T } | { payer: AccountState; payee: AccountState }> {
  const locked = await lockUserWallets(tx, [req.fromUserId, req.toUserId]);
  const prior = await priorMoney(tx, req.transactionId);
  const again = await replay(tx, prior);
  if (again) return { again };
  refuseOtherMoney(prior, req.transactionId, kind);
  const payer = locked.byUser.get(req.fromUserId)!;
  const payee = locked.byUser.get(req.toUserId)!;
  throwRefusal(refuseInactive(payer, payee) ?? refuseInsufficient(payer, req.amount));
  return { payer, payee };
}

export function refuseSelf(fromUserId: string, toUserId: string): void {
  if (fromUserId === toUserId) {
    throw new AppError("INVALID_ARGUMENT", "Sender and recipient must be different users", {
      fieldErrors: [{ field: "toUserId", message: "must differ from fromUserId" }],
    });
  }
}

/** Debit and credit in one database transaction, both wallets locked in id order. */
export function transfer(deps: LedgerDeps, req: SpendRequest): Promise<MovementResult> {
  const { fromUserId, toUserId, amount, transactionId } = req;
  refuseSelf(fromUserId, toUserId);
  const replay = async (ex: Executor, prior?: PriorMoney) => {
    const stored = await movementOfKind(ex, transactionId, "TRANSFER", prior);
    return stored && replayOf(stored, { payerUserId: fromUserId, payeeUserId: toUserId, amount });
  };
  return exactlyOnce(deps, "wallet.transfer", replay, async (tx) => {
    const parties = await lockSpending(tx, req, "TRANSFER", replay);
    if ("again" in parties) return parties.again;
    return postMovement(tx, deps.emit, { transactionId, kind: "TRANSFER", amount, changes: movementChanges({ ...parties, amount }) });
  });
}

/**
 * Compensates the transaction's forward movement: the payee pays it back. Freezes do not block
 * a reversal (it corrects the ledger rather than spending); `force` lets the payee go below zero.
 */
export function reverse(deps: LedgerDeps, req: { transactionId: string; force: boolean }): Promise<MovementResult> {
  const { transactionId, force } = req;
  const replay = async (ex: Executor) => (await findMovement(ex, transactionId, ["REVERSAL"]))?.result ?? null;
  return exactlyOnce(deps, "wallet.reverse", replay, async (tx) => {
    const original = await findMovement(tx, transactionId, FORWARD_KINDS);
    if (!original) throw new AppError("NOT_FOUND", `No money moved for transaction ${transactionId}, so there is nothing to reverse`);
    const locked = await lockAccounts(tx, [original.payer.walletId, original.payee.walletId]);
    const again = await replay(tx);
    if (again) return again;
    const payer = locked.get(original.payee.walletId)!;
    const payee = locked.get(original.payer.walletId)!;
    const amount = original.result.amount;
    if (!force) throwRefusal(refuseInsufficient(payer, amount));
    const changes = movementChanges({ payer, payee, amount, forced: force });
    return postMovement(tx, deps.emit, { transactionId, kind: "REVERSAL", amount, changes });
  });
}
