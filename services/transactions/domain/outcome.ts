import type { ErrorCode } from "../../../shared/errors.ts";
import type { Status } from "./state-machine.ts";

/**
 * Why a transaction is where it is (the `statusReason` of the contract). Reasons of FAILED say
 * whether anything could have moved: the RETRYABLE ones are failures of ours, before any money
 * moved, so the same Idempotency-Key may run the request again.
 */
export const REASONS = {
  FRAUD_REVIEW: "FRAUD_REVIEW",
  FRAUD_BLOCK: "FRAUD_BLOCK",
  FRAUD_UNAVAILABLE: "FRAUD_UNAVAILABLE",
  INSUFFICIENT_FUNDS: "INSUFFICIENT_FUNDS",
  WALLET_FROZEN: "WALLET_FROZEN",
  WALLET_NOT_FOUND: "WALLET_NOT_FOUND",
  WALLET_REJECTED: "WALLET_REJECTED",
  ABANDONED: "ABANDONED",
  NOT_SETTLED: "NOT_SETTLED",
  REVIEW_APPROVED: "REVIEW_APPROVED",
  REVIEW_BLOCKED: "REVIEW_BLOCKED",
  HOLD_RELEASED: "HOLD_RELEASED",
  ADMIN_REVERSAL: "ADMIN_REVERSAL",
} as const;
export type Reason = (typeof REASONS)[keyof typeof REASONS];

const RETRYABLE: ReadonlySet<string> = new Set([REASONS.FRAUD_UNAVAILABLE, REASONS.ABANDONED]);

export type FraudDecision = "ALLOW" | "REVIEW" | "BLOCK";
export type Action = "settle" | "hold" | "block";

/** ALLOW settles at once, REVIEW reserves the funds for a reviewer, BLOCK fails the transfer. */
export function actionFor(decision: FraudDecision): Action {
  return decision === "ALLOW" ? "settle" : decision === "REVIEW" ? "hold" : "block";
}

/**
 * A wallet refusal means nothing moved (the wallet answers a replay before any check), so the
 * transaction fails with the matching reason. Null: the call may or may not have taken effect.
 */
export function walletRefusal(code: ErrorCode): Reason | null {
  switch (code) {
    case "INSUFFICIENT_FUNDS":
      return REASONS.INSUFFICIENT_FUNDS;
    case "FROZEN":
      return REASONS.WALLET_FROZEN;
    case "NOT_FOUND":
      return REASONS.WALLET_NOT_FOUND;
    case "INVALID_ARGUMENT":
    case "FAILED_PRECONDITION":
    case "CONFLICT":
    case "LIMIT_EXCEEDED":
    case "PERMISSION_DENIED":
      return REASONS.WALLET_REJECTED;
    default:
      return null;
  }
}

/** What the wallet's ledger says about a transaction. */
export type SettlementState = "moved" | "held" | "released" | "nothing";

export interface SettlementView {
  movements: readonly { kind: string }[];
  hold: { status: "HELD" | "CAPTURED" | "RELEASED" } | null;
}

export function settlementState(s: SettlementView): SettlementState {
  if (s.movements.some((m) => m.kind === "CREDIT" || m.kind === "TRANSFER" || m.kind === "CAPTURE")) return "moved";
  if (s.hold?.status === "CAPTURED") return "moved";
  if (s.hold?.status === "HELD") return "held";
  if (s.hold?.status === "RELEASED") return "released";
  return "nothing";
}

export interface TxnFacts {
  status: Status;
  type: string;
  fraudDecision: string | null;
  heldAt: Date | null;
}

export type Resolution =
  | { do: "complete" }
  | { do: "markHeld" }
  | { do: "cancel" }
  | { do: "fail"; reason: Reason }
  | { do: "redrive"; call: "transfer" | "credit" | "hold" }
  | { do: "leave" };

/**
 * How the sweeper (and a retry that finds the request unfinished) settles a transaction, given
 * what the wallet recorded. Money that moved is never failed; a PROCESSING transaction with no
 * movement is driven again with the same transaction id (the wallet is idempotent, so this moves
 * money at most once and gives a definite answer); a PENDING one that never got a fraud decision
 * had no wallet call, so it fails. A held one waits for the reviewer unless the hold was settled
 * behind our back.
 */
export function planResolution(t: TxnFacts, state: SettlementState): Resolution {
  if (t.status !== "PENDING" && t.status !== "PROCESSING") return { do: "leave" };
  if (t.status === "PENDING" && t.heldAt) {
    if (state === "moved") return { do: "complete" };
    if (state === "released") return { do: "cancel" };
    return { do: "leave" };
  }
  switch (state) {
    case "moved":
      return { do: "complete" };
    case "held":
      return t.status === "PENDING" ? { do: "markHeld" } : { do: "leave" };
    case "released":
      return t.status === "PENDING" ? { do: "cancel" } : { do: "fail", reason: REASONS.HOLD_RELEASED };
    case "nothing":
      if (t.status === "PROCESSING") return { do: "redrive", call: t.type === "TOPUP" ? "credit" : "transfer" };
      if (t.fraudDecision === "REVIEW") return { do: "redrive", call: "hold" };
      return { do: "fail", reason: REASONS.ABANDONED };
  }
}

/** An admin's force-complete: settle by what the ledger says, never move money, never touch a hold. */
export function planForceComplete(state: SettlementState): Resolution | { do: "refuse"; message: string } {
  switch (state) {
    case "moved":
      return { do: "complete" };
    case "held":
      return { do: "refuse", message: "Transaction is held for fraud review: use approveHeld or blockHeld" };
    case "released":
      return { do: "cancel" };
    case "nothing":
      return { do: "fail", reason: REASONS.NOT_SETTLED };
  }
}

/**
 * What to do with the Idempotency-Key after answering: keep the answer (final), keep the key
 * bound to the transaction until its outcome is known (unknown), or free it because nothing
 * happened (retry).
 */
export type Disposition = "final" | "unknown" | "retry";

export type Answer =
  | { kind: "success"; httpStatus: 201 | 202; disposition: "final" }
  | { kind: "failure"; httpStatus: number; code: ErrorCode; message: string; disposition: Disposition };

export interface AnswerFacts extends TxnFacts {
  id: string;
  statusReason: string | null;
  statusDetail: string | null;
}

/** The HTTP answer a transaction in its current state stands for. */
export function answerFor(t: AnswerFacts, pendingCode: "UNAVAILABLE" | "DEADLINE_EXCEEDED" = "UNAVAILABLE"): Answer {
  const failure = (code: ErrorCode, httpStatus: number, message: string, disposition: Disposition = "final"): Answer => ({ kind: "failure", code, httpStatus, message, disposition });
  const detail = t.statusDetail ? `: ${t.statusDetail}` : "";
  switch (t.status) {
    case "COMPLETED":
    case "REVERSED":
      return { kind: "success", httpStatus: 201, disposition: "final" };
    case "PENDING":
    case "PROCESSING":
      if (t.status === "PENDING" && t.heldAt) return { kind: "success", httpStatus: 202, disposition: "final" };
      return failure(
        pendingCode,
        pendingCode === "DEADLINE_EXCEEDED" ? 504 : 503,
        `The outcome of transaction ${t.id} is not known yet; it will be settled automatically. Retry with the same Idempotency-Key to get it.`,
        "unknown",
      );
    case "CANCELLED":
      return failure("FAILED_PRECONDITION", 409, `Transaction was cancelled${detail}`);
    case "FAILED":
      if (t.statusReason && RETRYABLE.has(t.statusReason)) {
        return failure("UNAVAILABLE", 503, `Transaction could not be processed and no money moved${detail}. Please try again.`, "retry");
      }
      switch (t.statusReason) {
        case REASONS.FRAUD_BLOCK:
          return failure("PERMISSION_DENIED", 403, `Transaction blocked${detail}`);
        case REASONS.INSUFFICIENT_FUNDS:
          return failure("INSUFFICIENT_FUNDS", 422, "Insufficient funds");
        case REASONS.WALLET_FROZEN:
          return failure("FROZEN", 409, "A wallet of this transaction is frozen");
        default:
          return failure("FAILED_PRECONDITION", 409, `Transaction failed${detail}`);
      }
  }
}
