/** What to do when a refresh token is presented, given its stored state. */
export type RotationDecision = "rotate" | "grace" | "reuse" | "invalid";

export interface StoredRefresh {
  expiresAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * A rotated token presented again within the grace period is most likely a client that lost the
 * response to its first refresh: it gets a sibling token. Later, it is treated as theft: the whole
 * family is revoked.
 */
export function decideRotation(token: StoredRefresh | undefined, now: Date, graceMs: number): RotationDecision {
  if (!token || token.revokedAt || token.expiresAt <= now) return "invalid";
  if (!token.rotatedAt) return "rotate";
  return now.getTime() - token.rotatedAt.getTime() <= graceMs ? "grace" : "reuse";
}
