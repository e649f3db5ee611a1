import { and, eq, sql } from "drizzle-orm";
import type { MovementResult } from "../../../proto-like-schemas/wallet.ts";
import type { Executor } from "../../../shared/db/connect.ts";
import { inTransaction } from "../../../shared/db/transaction.ts";
import { AppError } from "../../../shared/errors.ts";
import { holds, wallets } from "../db/schema.ts";
import { floorAfter, movementChanges, refuseInactive } from "../domain/ledger.ts";
import { lockAccounts } from "./accounts.ts";
import { exactlyOnce, throwRefusal, type LedgerDeps } from "./deps.ts";
import { findHold, holdState, type HoldRow } from "./hold-rows.ts";
import { findMovement, postMovement, type PriorMoney } from "./movements.ts";
import { lockSpending, refuseSelf, type SpendRequest } from "./transfers.ts";

type HoldState = ReturnType<typeof holdState>;

async function lockedHold(ex: Executor, transactionId: string): Promise<HoldRow> {
  const hold = await findHold(ex, transactionId, { lock: true });
  if (!hold) throw new AppError("NOT_FOUND", `No hold for transaction ${transactionId}`);
  return hold;
}

/** Moves a hold out of HELD; the guard makes a lost race fail loudly instead of applying twice. */
async function settleHold(tx: Executor, hold: HoldRow, status: "CAPTURED" | "RELEASED"): Promise<void> {
  const done = await tx
    .update(holds)
    .set({ status, updatedAt: sql`now()` })
    .where(and(eq(holds.id, hold.id), eq(holds.status, "HELD")))
    .returning({ id: holds.id });
  if (done.length !== 1) throw new Error(`Hold ${hold.id} left HELD under a lock`);
}

/** Reserves the sender's funds: the available balance drops, the balance does not. */
export function hold(deps: LedgerDeps, req: SpendRequest): Promise<HoldState> {
  const { fromUserId, toUserId, amount, transactionId } = req;
  refuseSelf(fromUserId, toUserId);
  const replay = async (ex: Executor, prior?: PriorMoney) => {
    if (prior && !prior.held) return null;
    const stored = await findHold(ex, transactionId);
    if (!stored) return null;
    if (stored.fromUserId !== fromUserId || stored.toUserId !== toUserId || stored.amount !== amount) {
      throw new AppError("CONFLICT", `Transaction ${transactionId} already has a hold with other parties or amount`);
    }
    // The current state, so a caller retrying after a capture learns it was captured.
    return holdState(stored, true);
  };
  return exactlyOnce(deps, "wallet.hold", replay, async (tx) => {
    const parties = await lockSpending(tx, req, "HOLD", replay);
    if ("again" in parties) return parties.again;
    const { payer, payee } = parties;
    await tx
      .update(wallets)
      .set({ heldAmount: sql`${wallets.heldAmount} + ${amount}`, updatedAt: sql`now()` })
      .where(eq(wallets.id, payer.id));
    const row = { id: Bun.randomUUIDv7(), transactionId, fromWalletId: payer.id, toWalletId: payee.id, amount, status: "HELD" as const };
    await tx.insert(holds).values(row);
    return holdState({ ...row, fromUserId, toUserId }, false);
  });
}

/** Settles a hold: the held funds move to the recipient as a CAPTURE movement. */
export function capture(deps: LedgerDeps, req: { transactionId: string }): Promise<MovementResult> {
  const { transactionId } = req;
  const replay = async (ex: Executor) => (await findMovement(ex, transactionId, ["CAPTURE"]))?.result ?? null;
  return exactlyOnce(deps, "wallet.capture", replay, async (tx) => {
    const held = await lockedHold(tx, transactionId);
    if (held.status === "CAPTURED") {
      const again = await replay(tx);
      if (again) return again;
      throw new Error(`Hold ${held.id} is CAPTURED without a CAPTURE movement`);
    }
    if (held.status === "RELEASED") throw new AppError("FAILED_PRECONDITION", `The hold of transaction ${transactionId} was released`);
    const locked = await lockAccounts(tx, [held.fromWalletId, held.toWalletId]);
    const payer = locked.get(held.fromWalletId)!;
    const payee = locked.get(held.toWalletId)!;
    // Nothing is written before this check, so a refused capture leaves the hold HELD.
    throwRefusal(refuseInactive(payer, payee));
    await settleHold(tx, held, "CAPTURED");
    const changes = movementChanges({ payer, payee, amount: held.amount, fromHeld: true });
    return postMovement(tx, deps.emit, { transactionId, kind: "CAPTURE", amount: held.amount, changes });
  });
}

/** Frees a hold without moving money; releasing twice is a no-op, releasing a captured hold is refused. */
export function release(deps: LedgerDeps, req: { transactionId: string }): Promise<HoldState> {
  return inTransaction(deps.db, "wallet.release", async (tx) => {
    const held = await lockedHold(tx, req.transactionId);
    if (held.status === "RELEASED") return holdState(held, true);
    if (held.status === "CAPTURED") throw new AppError("FAILED_PRECONDITION", `The hold of transaction ${req.transactionId} was already captured`);
    const payer = (await lockAccounts(tx, [held.fromWalletId])).get(held.fromWalletId)!;
    await tx
      .update(wallets)
      .set({
        heldAmount: sql`${wallets.heldAmount} - ${held.amount}`,
        recoveryFloor: floorAfter(payer, held.amount, false),
        updatedAt: sql`now()`,
      })
      .where(eq(wallets.id, held.fromWalletId));
    await settleHold(tx, held, "RELEASED");
    return holdState({ ...held, status: "RELEASED" }, false);
  });
}
