import { isIP } from "node:net";

/**
 * The client's address. Forwarding headers are believed only when the direct peer is a trusted
 * proxy (the gateway); otherwise a client could claim any address and dodge per-IP throttling.
 * The right-most untrusted hop of X-Forwarded-For is taken, since earlier hops are client-written.
 */
export function resolveClientIp(peer: string | undefined, forwardedFor: string | undefined, trusted: readonly string[]): string {
  const direct = peer ?? "unknown";
  if (!forwardedFor || !trusted.includes(direct)) return direct;
  const hops = forwardedFor.split(",").map((h) => h.trim()).filter((h) => isIP(h) !== 0);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!trusted.includes(hop)) return hop;
  }
  return hops[0] ?? direct;
}

export const isTrustedPeer = (peer: string | undefined, trusted: readonly string[]): boolean =>
  peer !== undefined && trusted.includes(peer);
