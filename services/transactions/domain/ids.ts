const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** User ids, transaction ids and Idempotency-Keys are all UUIDs (any version, any case). */
export const isUuid = (value: string): boolean => UUID.test(value);
