import { derivedUuid } from "../../../shared/ids.ts";

const SHARE_PAYMENT_NAMESPACE = "mint.social.split-share-payment";

/**
 * The idempotency key of one attempt to pay a split share. Derived, never chosen by a client, so
 * a retried or concurrent pay call continues the same payment instead of paying twice. A new
 * attempt (a new key) is only started after the previous one was refused and nothing moved.
 */
export function sharePaymentKey(splitId: string, participantId: string, attempt: number): string {
  if (!Number.isInteger(attempt) || attempt < 0) throw new RangeError("attempt must be a non-negative integer");
  return derivedUuid(SHARE_PAYMENT_NAMESPACE, `${splitId.toLowerCase()}:${participantId.toLowerCase()}:${attempt}`);
}
