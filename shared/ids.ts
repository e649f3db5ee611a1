const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** User, transaction, request and split ids and Idempotency-Keys are all UUIDs (any version, any case). */
export const isUuid = (value: string): boolean => UUID.test(value);

/**
 * A name-based UUID (version 5 layout: SHA-1 of a namespace and the name), so the same thing
 * paid twice (a redelivered event, a retried call) always maps to the same key or id, and
 * different names practically never collide.
 */
export function derivedUuid(namespace: string, name: string): string {
  const hash = new Bun.CryptoHasher("sha1").update(`${namespace}\u0000${name}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
