/**
 * What a user's endpoints may receive of an event's data. A transfer's events concern both
 * parties, but some of their fields are the sender's business only (the fraud screening of their
 * payment, why a reviewer cancelled it) or an operator's (who reversed it); the other party gets
 * the event without them.
 */
const SENDER_ONLY: Readonly<Record<string, readonly string[]>> = {
  "transaction.completed": ["fraudDecision", "fraudScore"],
  "transaction.cancelled": ["reason"],
  "transaction.reversed": ["reversedBy"],
};

export function visibleData(eventType: string, data: unknown, userId: string): unknown {
  const hidden = SENDER_ONLY[eventType];
  if (!hidden || typeof data !== "object" || data === null) return data;
  const fields = data as Record<string, unknown>;
  if (fields.senderId === userId) return data;
  return Object.fromEntries(Object.entries(fields).filter(([key]) => !hidden.includes(key)));
}
