import type { EventData } from "../../proto-like-schemas/events/index.ts";
import type { Transaction } from "../../proto-like-schemas/transactions.ts";
import type { Executor } from "../../shared/db/connect.ts";
import { AppError, type ErrorCode } from "../../shared/errors.ts";
import type { Logger } from "../../shared/log.ts";
import { requestFingerprint } from "./domain/fingerprint.ts";
import { derivedUuid } from "../../shared/ids.ts";
import type { Idempotency } from "./idempotency.ts";
import type { Lifecycle } from "./lifecycle.ts";
import type { Payments } from "./payments.ts";
import { executeIdempotent, type KeyedOutcome } from "./respond.ts";
import { insertRefusal } from "./store.ts";

export interface OnBehalfDeps {
  payments: Payments;
  idempotency: Idempotency;
  lifecycle: Lifecycle;
  log: Logger;
}

interface Problem {
  code: ErrorCode;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
  transactionId?: string;
}

const MONEY_REQUEST_KEYS = "mint.transactions.money-request";
const MONEY_REQUEST_REFUSALS = "mint.transactions.money-request-refusal";

/** What a refusal is remembered as under its key: no HTTP context here, just the facts. */
const compactProblem = (err: AppError): Problem => ({ code: err.code, status: err.status, detail: err.message, errors: err.fieldErrors, ...(err.details ?? {}) });

/** Our failure before anything was recorded: the caller (a consumer, a service) should try again later. */
const tryAgain = (outcome: KeyedOutcome) => {
  const problem = outcome.response.body as Problem;
  return new AppError(problem.code === "DEADLINE_EXCEEDED" ? "DEADLINE_EXCEEDED" : "UNAVAILABLE", problem.detail);
};

export type OnBehalf = ReturnType<typeof createOnBehalf>;

/**
 * Payments the system makes for a user rather than at the user's own request: paying a money
 * request the user accepted (from `social.money_request_accepted`) and paying a bill-split share
 * (social's `payShare` RPC). They run the same pipeline as a transfer (recipient, wallets, limits,
 * fraud, settlement) under a key derived from what they pay, so a redelivered event or a retried
 * call continues the first attempt and never pays twice.
 */
export function createOnBehalf({ payments, idempotency, lifecycle, log }: OnBehalfDeps) {
  return {
    /**
     * Pays an accepted money request: the recipient (who was asked) pays the requester. The outcome
     * travels in the transaction's own events, which carry the requestId; a refusal before the
     * transfer could start is recorded as a FAILED transaction in `tx` (the consumer's transaction),
     * so the request always learns how it ended. Throws when it should be tried again later.
     */
    async payMoneyRequest(request: EventData<"social.money_request_accepted">, tx: Executor): Promise<void> {
      const payerId = request.recipientId;
      if (payerId === request.requesterId) {
        log.warn("money request addressed to its own requester ignored", { requestId: request.requestId });
        return;
      }
      const description = request.note?.trim() ? request.note.trim().slice(0, 500) : "Money request";
      const outcome = await executeIdempotent(idempotency, log, {
        userId: payerId,
        key: derivedUuid(MONEY_REQUEST_KEYS, request.requestId),
        fingerprint: requestFingerprint("EVENT", "social.money_request_accepted", { requestId: request.requestId, to: request.requesterId, amount: request.amount }),
        viewerId: payerId,
        problem: compactProblem,
        // transaction.failed told the request (and both users) it failed: it is never paid later.
        finalOnceCreated: true,
        run: (claim) =>
          payments.transfer(
            { type: "REQUEST_PAYMENT", requestId: request.requestId, senderId: payerId, recipientId: request.requesterId, amount: request.amount, description, category: null, merchant: null, country: null },
            claim,
          ),
      });
      if (outcome.disposition === "retry") throw tryAgain(outcome);
      if (outcome.response.status < 400) return;
      const problem = outcome.response.body as Problem;
      if (problem.transactionId) return; // the transaction exists and announced its own failure
      const refusal = await insertRefusal(tx, {
        id: derivedUuid(MONEY_REQUEST_REFUSALS, request.requestId),
        type: "REQUEST_PAYMENT",
        requestId: request.requestId,
        senderId: payerId,
        recipientId: request.requesterId,
        amount: request.amount,
        description,
        statusReason: problem.code,
        statusDetail: problem.detail,
      });
      if (refusal) await lifecycle.refused(tx, refusal);
    },

    /**
     * Pays a bill-split share for the participant: the transaction (COMPLETED, or PENDING while
     * held for review) or the refusal as a typed error, exactly as the participant would have got it.
     * `replayed` tells the caller whether this call paid or an earlier one under the same key did.
     */
    async payShare(req: { payerId: string; recipientId: string; amount: number; splitId: string; idempotencyKey: string; description?: string }): Promise<Transaction & { replayed: boolean }> {
      const outcome = await executeIdempotent(idempotency, log, {
        userId: req.payerId,
        key: req.idempotencyKey.toLowerCase(),
        fingerprint: requestFingerprint("RPC", "transactions.payShare", { splitId: req.splitId, to: req.recipientId, amount: req.amount }),
        viewerId: req.payerId,
        problem: compactProblem,
        run: (claim) =>
          payments.transfer(
            { type: "SPLIT_PAYMENT", splitId: req.splitId, senderId: req.payerId, recipientId: req.recipientId, amount: req.amount, description: req.description ?? "Bill split share", category: null, merchant: null, country: null },
            claim,
          ),
      });
      if (outcome.disposition === "retry") throw tryAgain(outcome);
      if (outcome.response.status < 400) return { ...(outcome.response.body as Transaction), replayed: outcome.replayed };
      const { code, status, detail, errors, ...details } = outcome.response.body as Problem & Record<string, unknown>;
      throw new AppError(code, detail, { status, fieldErrors: errors, details });
    },
  };
}
