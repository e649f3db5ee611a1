/**
 * How a share-payment attempt ended, from the transactions service's answer, and therefore what
 * social records and whether the next attempt may use a new idempotency key.
 */
export type ShareAttemptResult =
  /** Money moved: the share is paid by this transaction. */
  | { kind: "paid"; transactionId: string }
  /** Held for fraud review: the share waits for the transaction's outcome. */
  | { kind: "held"; transactionId: string }
  /** Refused, nothing moved: a later attempt needs a new key (the old one replays the refusal). */
  | { kind: "refused" }
  /** Paid, then reversed by an admin: the money went back, and the share needs a new attempt's key. */
  | { kind: "reversed"; transactionId: string }
  /** Not known (ours or a dependency failed, or the same key is in flight): retry with the same key. */
  | { kind: "unknown" };

export function attemptFromTransaction(t: { id: string; status: string; statusReason: string | null }): ShareAttemptResult {
  if (t.status === "COMPLETED") return { kind: "paid", transactionId: t.id };
  if (t.status === "PENDING" && t.statusReason === "FRAUD_REVIEW") return { kind: "held", transactionId: t.id };
  // Ended without moving money (a held payment blocked, a late failure): the key's answer is final.
  if (t.status === "FAILED" || t.status === "CANCELLED") return { kind: "refused" };
  if (t.status === "REVERSED") return { kind: "reversed", transactionId: t.id };
  // PENDING/PROCESSING without a hold means the transactions service has not settled it yet.
  return { kind: "unknown" };
}

/** Codes that mean the payment was refused before or without moving any money. */
const REFUSED: ReadonlySet<string> = new Set(["INVALID_ARGUMENT", "NOT_FOUND", "FAILED_PRECONDITION", "INSUFFICIENT_FUNDS", "LIMIT_EXCEEDED", "FROZEN", "PERMISSION_DENIED"]);

/**
 * CONFLICT (the same key is still running), UNAVAILABLE, DEADLINE_EXCEEDED and INTERNAL leave the
 * outcome open, so the key must be kept: a new key then could pay the share a second time.
 */
export const attemptFromErrorCode = (code: string): ShareAttemptResult => (REFUSED.has(code) ? { kind: "refused" } : { kind: "unknown" });
