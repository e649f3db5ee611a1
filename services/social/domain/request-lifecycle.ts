/**
 * The life of a money request. The requester asks; the recipient (the person asked) pays.
 *
 *   PENDING → ACCEPTED → PAID | FAILED      (accept starts the transfer; its outcome closes it)
 *   PAID → REVERSED                         (an admin reversed the payment: the money went back)
 *   PENDING → DECLINED | CANCELLED | EXPIRED
 *
 * A reversal can reach social before the completion it undoes (events of one stream may be
 * redelivered out of order), so ACCEPTED → REVERSED is allowed too: the late completion then finds
 * the request no longer waiting for a payment and changes nothing.
 */
export type RequestStatus = "PENDING" | "ACCEPTED" | "PAID" | "FAILED" | "REVERSED" | "DECLINED" | "CANCELLED" | "EXPIRED";
export type RequestAction = "accept" | "decline" | "cancel";
export type Role = "requester" | "recipient";

/** Who may take each action: the person asked answers, the requester withdraws. */
const ACTOR: Record<RequestAction, Role> = { accept: "recipient", decline: "recipient", cancel: "requester" };

const TARGET: Record<RequestAction, RequestStatus> = { accept: "ACCEPTED", decline: "DECLINED", cancel: "CANCELLED" };

export const targetStatus = (action: RequestAction): RequestStatus => TARGET[action];

export interface RequestFacts {
  status: RequestStatus;
  expiresAt: Date;
}

export type Verdict =
  | { ok: true }
  | { ok: false; why: "not_allowed"; message: string }
  | { ok: false; why: "expired"; message: string }
  | { ok: false; why: "not_pending"; message: string };

export const isExpired = (r: RequestFacts, now: Date): boolean => r.status === "PENDING" && r.expiresAt.getTime() <= now.getTime();

/**
 * Whether `role` may take `action` on the request at `now`. A request past its deadline counts as
 * expired even before the sweep has marked it, so the deadline holds to the second.
 */
export function judge(action: RequestAction, role: Role, r: RequestFacts, now: Date): Verdict {
  if (ACTOR[action] !== role) {
    const who = ACTOR[action] === "recipient" ? "the person asked" : "the requester";
    return { ok: false, why: "not_allowed", message: `Only ${who} can ${action} this request` };
  }
  if (isExpired(r, now)) return { ok: false, why: "expired", message: `Request has expired, cannot ${action}` };
  if (r.status !== "PENDING") return { ok: false, why: "not_pending", message: `Request is ${r.status}, cannot ${action}` };
  return { ok: true };
}

export const expiryFrom = (createdAt: Date, expiryHours: number): Date => new Date(createdAt.getTime() + expiryHours * 3_600_000);

/** The outcome of the transfer that was to pay an accepted request, as social records it. */
export type PaymentOutcome =
  | { kind: "paid"; transactionId: string }
  | { kind: "failed"; transactionId: string | null; code: string; reason: string };

/** What a user is told about a blocked payment: never which fraud rules fired. */
export const FRAUD_BLOCK_REASON = "The payment was blocked by our fraud checks";

export function outcomeOfFailure(event: { type: "transaction.failed"; code: string; reason: string } | { type: "transaction.fraud_blocked" } | { type: "transaction.cancelled"; reason: string }, transactionId: string): PaymentOutcome {
  switch (event.type) {
    case "transaction.failed":
      return { kind: "failed", transactionId, code: event.code, reason: event.reason };
    case "transaction.fraud_blocked":
      return { kind: "failed", transactionId, code: "FRAUD_BLOCK", reason: FRAUD_BLOCK_REASON };
    case "transaction.cancelled":
      return { kind: "failed", transactionId, code: "CANCELLED", reason: event.reason || "The payment was cancelled" };
  }
}
