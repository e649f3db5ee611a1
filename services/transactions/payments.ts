import type { authContract } from "../../proto-like-schemas/auth.ts";
import type { fraudContract } from "../../proto-like-schemas/fraud.ts";
import type { TierLimits } from "../../proto-like-schemas/kyc.ts";
import type { walletContract } from "../../proto-like-schemas/wallet.ts";
import type { Database } from "../../shared/db/connect.ts";
import { hotStatement } from "../../shared/db/statement.ts";
import { inTransaction } from "../../shared/db/transaction.ts";
import { AppError } from "../../shared/errors.ts";
import type { Logger } from "../../shared/log.ts";
import type { RpcClient } from "../../shared/rpc/client.ts";
import { actionFor, answerFor, REASONS, type Answer } from "./domain/outcome.ts";
import type { Claim, Idempotency } from "./idempotency.ts";
import type { Lifecycle } from "./lifecycle.ts";
import type { LimitsCache } from "./limits-cache.ts";
import type { Driven, Settlement } from "./settlement.ts";
import { insertNewRow, insertWithinLimits, loadTransaction, newRowValues, type NewTxn, type TxnRow } from "./store.ts";

export type Category = "FOOD" | "TRANSPORT" | "ENTERTAINMENT" | "UTILITIES" | "OTHER";

export type PaymentType = "TRANSFER" | "REQUEST_PAYMENT" | "SPLIT_PAYMENT";

export interface TransferInput {
  /** TRANSFER unless the payment settles a money request or a bill-split share. */
  type?: PaymentType;
  /** The money request a REQUEST_PAYMENT pays. */
  requestId?: string;
  /** The bill split a SPLIT_PAYMENT pays a share of. */
  splitId?: string;
  senderId: string;
  recipientId: string;
  amount: number;
  description: string | null;
  category: Category | null;
  merchant: string | null;
  /** Country of the request from the trusted gateway header, for the fraud geo rule. */
  country: string | null;
}

export interface TopupInput {
  userId: string;
  amount: number;
  description: string | null;
}

/** The answer for a request, with the transaction it is about (absent when none was created). */
export interface Result {
  answer: Answer;
  row?: TxnRow;
}

/**
 * A refusal that must not be remembered against the Idempotency-Key because it may change soon
 * (a wallet or KYC profile still being created after sign-up): the same key may try again.
 */
export class NotYetError extends AppError {
  constructor(message: string, field?: string) {
    super("FAILED_PRECONDITION", message, field ? { fieldErrors: [{ field, message }] } : {});
    this.name = "NotYetError";
  }
}

export interface PaymentsDeps {
  db: Database;
  auth: RpcClient<typeof authContract>;
  wallet: RpcClient<typeof walletContract>;
  fraud: RpcClient<typeof fraudContract>;
  limits: LimitsCache;
  idempotency: Idempotency;
  lifecycle: Lifecycle;
  settlement: Settlement;
  log: Logger;
}

/** Checked before the Idempotency-Key is claimed (it is input validation) and again in the pipeline. */
export function assertNotSelf(senderId: string, recipientId: string): void {
  if (recipientId === senderId) throw new AppError("INVALID_ARGUMENT", "You cannot send money to yourself", { fieldErrors: [{ field: "recipientId", message: "must be another user" }] });
}

const isCode = (err: unknown, code: string) => err instanceof AppError && err.code === code;

/** A failing dependency before anything was written: 503/504, and the key stays free for a retry. */
function upstream(service: string, err: unknown): never {
  if (err instanceof AppError) {
    if (err.code === "UNAVAILABLE" || err.code === "DEADLINE_EXCEEDED") throw new AppError(err.code, `The ${service} service is unavailable; please try again`);
    if (err.code === "INTERNAL") throw new AppError("UNAVAILABLE", `The ${service} service failed; please try again`);
  }
  throw err;
}

/** The values of checks run together, or the first of their refusals. */
function firstRefusal<T extends readonly unknown[]>(settled: { [K in keyof T]: PromiseSettledResult<T[K]> }): T {
  for (const s of settled) if (s.status === "rejected") throw s.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

const result = ({ row, pendingCode }: Driven): Result => ({ answer: answerFor(row, pendingCode), row });

export type Payments = ReturnType<typeof createPayments>;

/**
 * The request path of top-ups and transfers: validate → limits → fraud → settle. Each step that
 * can be repeated is repeated with the same transaction id, so a retried request continues the
 * transaction its key created instead of starting another one.
 */
export function createPayments(deps: PaymentsDeps) {
  const { db, auth, wallet, fraud, limits, idempotency, lifecycle, settlement, log } = deps;

  /** Both parties' wallets (or the sender's alone) in one call; each must exist and be ACTIVE. */
  async function activeWallets(senderId: string, recipientId?: string): Promise<void> {
    let found;
    try {
      found = (await wallet.getWallets({ userIds: recipientId ? [senderId, recipientId] : [senderId] })).wallets;
    } catch (err) {
      upstream("wallet", err);
    }
    for (const [userId, whose] of [[senderId, "sender"], ...(recipientId ? [[recipientId, "recipient"]] : [])] as const) {
      const w = found.find((f) => f.userId === userId);
      if (!w) throw whose === "sender" ? new NotYetError("Your wallet is not ready yet; try again shortly") : new NotYetError("The recipient cannot receive money yet", "recipientId");
      if (w.status !== "ACTIVE") {
        const state = w.status.toLowerCase();
        throw new AppError("FROZEN", whose === "sender" ? `Your wallet is ${state}` : `The recipient's wallet is ${state}`, whose === "recipient" ? { fieldErrors: [{ field: "recipientId", message: `wallet is ${state}` }] } : {});
      }
    }
  }

  async function activeRecipient(userId: string) {
    let recipient;
    try {
      recipient = await auth.getUser({ userId });
    } catch (err) {
      if (isCode(err, "NOT_FOUND")) throw new AppError("NOT_FOUND", "Recipient not found", { fieldErrors: [{ field: "recipientId", message: "no such user" }] });
      upstream("auth", err);
    }
    if (!recipient.isActive) throw new AppError("FAILED_PRECONDITION", "The recipient's account is not active", { fieldErrors: [{ field: "recipientId", message: "account is not active" }] });
    return recipient;
  }

  async function limitsOf(userId: string): Promise<TierLimits> {
    try {
      return await limits.get(userId);
    } catch (err) {
      if (isCode(err, "NOT_FOUND")) throw new NotYetError("Your account limits are not available yet; try again shortly");
      upstream("kyc", err);
    }
  }

  // The insert of a transaction, the binding of its key and transaction.created: one statement, built once.
  const createdEvent = lifecycle.created(idempotency.attached);
  const insertCreated = hotStatement<Record<string, unknown>, TxnRow[]>("create transaction", (ex) => {
    const attach = idempotency.attachment(ex);
    const inserted = insertNewRow(ex);
    return ex.with(inserted, ...attach.ctes, createdEvent.cte).select().from(inserted).where(attach.condition);
  });

  /** Inserts within limits, binds the key and writes transaction.created: one transaction, one statement for the writes. */
  async function create(claim: Claim, values: NewTxn, tierLimits: TierLimits): Promise<TxnRow> {
    const id = Bun.randomUUIDv7();
    const row = await inTransaction(db, "create transaction", async (tx) => {
      const inserted = await insertWithinLimits(tx, { ...values, id }, tierLimits, async (ex, row) => {
        const values = { ...newRowValues(row), ...idempotency.attachmentValues(claim, id), ...createdEvent.values({ ...row, requestId: row.requestId ?? null, splitId: row.splitId ?? null, recipientId: row.recipientId ?? null }) };
        return (await insertCreated(ex, values))[0];
      });
      if (!inserted) throw idempotency.inFlight();
      return inserted;
    });
    claim.transactionId = row.id;
    return row;
  }

  /**
   * A retry whose key already created a transaction: settle it if it is not (asking the wallet,
   * driving the same call again) and answer with its state. Null when that transaction failed
   * before any money moved through no fault of the request: the request then runs afresh.
   */
  async function resume(transactionId: string): Promise<Result | null> {
    const found = await loadTransaction(db, transactionId);
    if (!found) return null;
    const unsettled = found.status === "PROCESSING" || (found.status === "PENDING" && !found.heldAt);
    const driven = unsettled ? await settlement.resolve(found) : { row: found };
    const answer = answerFor(driven.row, driven.pendingCode);
    return answer.disposition === "retry" ? null : { answer, row: driven.row };
  }

  async function screenAndSettle(row: TxnRow, country: string | null): Promise<Result> {
    let verdict;
    try {
      verdict = await fraud.score({ transactionId: row.id, userId: row.senderId, recipientId: row.recipientId!, amount: row.amount, currency: "USD", country, transactionType: row.type as PaymentType });
    } catch (err) {
      // Nothing moved yet, so the transfer fails now (its allowance comes back) rather than waiting.
      log.warn("fraud screening failed; transfer not attempted", { transactionId: row.id, error: (err as Error).message });
      return result({ row: await lifecycle.fail(row, "PENDING", REASONS.FRAUD_UNAVAILABLE, "Fraud screening is unavailable") });
    }
    const fraudFields = {
      fraudScore: verdict.score,
      fraudRules: verdict.rulesFired.map(({ rule, score, reason }) => ({ rule, score, reason })),
      fraudCaseId: verdict.caseId,
    };
    switch (actionFor(verdict.decision)) {
      case "block":
        return result({ row: await lifecycle.fail(row, "PENDING", REASONS.FRAUD_BLOCK, verdict.reason || "Blocked by fraud screening", { ...fraudFields, fraudDecision: "BLOCK" }) });
      case "settle": {
        const processing = await lifecycle.startProcessing(row, { ...fraudFields, fraudDecision: "ALLOW" });
        return result(processing.status === "PROCESSING" ? await settlement.transfer(processing) : { row: processing });
      }
      case "hold": {
        const reviewed = await lifecycle.recordReview(row, fraudFields);
        return result(reviewed.status === "PENDING" && reviewed.fraudDecision === "REVIEW" ? await settlement.hold(reviewed) : { row: reviewed });
      }
    }
  }

  return {
    async transfer(input: TransferInput, claim: Claim): Promise<Result> {
      if (claim.transactionId) {
        const resumed = await resume(claim.transactionId);
        if (resumed) return resumed;
      }
      assertNotSelf(input.senderId, input.recipientId);
      // The checks ask three services at once; the first refusal in this order is the answer.
      const [recipient, , tierLimits] = firstRefusal(await Promise.allSettled([activeRecipient(input.recipientId), activeWallets(input.senderId, input.recipientId), limitsOf(input.senderId)]));
      const row = await create(
        claim,
        {
          type: input.type ?? "TRANSFER",
          requestId: input.requestId ?? null,
          splitId: input.splitId ?? null,
          status: "PENDING",
          senderId: input.senderId,
          recipientId: recipient.id,
          amount: input.amount,
          description: input.description,
          category: input.category,
          merchant: input.merchant,
        },
        tierLimits,
      );
      return screenAndSettle(row, input.country);
    },

    async topup(input: TopupInput, claim: Claim): Promise<Result> {
      if (claim.transactionId) {
        const resumed = await resume(claim.transactionId);
        if (resumed) return resumed;
      }
      const [, tierLimits] = firstRefusal(await Promise.allSettled([activeWallets(input.userId), limitsOf(input.userId)]));
      // Nothing is decided before the wallet call, so a top-up starts out PROCESSING.
      const row = await create(claim, { type: "TOPUP", status: "PROCESSING", processingAt: new Date(), senderId: input.userId, amount: input.amount, description: input.description }, tierLimits);
      return result(await settlement.credit(row));
    },
  };
}
