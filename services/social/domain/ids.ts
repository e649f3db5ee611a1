const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** User ids, request ids and split ids are all UUIDs (any version, any case). */
export const isUuid = (value: string): boolean => UUID.test(value);

/**
 * A name-based UUID (version 5 layout: SHA-1 of a namespace and the name): the same name always
 * gives the same UUID, different names practically never collide.
 */
export function derivedUuid(namespace: string, name: string): string {
  const hash = new Bun.CryptoHasher("sha1").update(`${namespace}\u0000${name}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

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
