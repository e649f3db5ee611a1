/**
 * Reads the `exp` claim (seconds since the epoch) of a JWT without verifying it. The web service
 * only uses this to decide when to refresh; every API it calls verifies the token itself.
 */
export function jwtExpiry(token: string | undefined): number | undefined {
  const payload = token?.split(".")[1];
  if (!payload) return undefined;
  try {
    const json = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as unknown;
    const exp = (json as { exp?: unknown } | null)?.exp;
    return typeof exp === "number" && Number.isFinite(exp) ? exp : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when the access token is missing, unreadable, or expires within `skewSeconds` — refreshing
 * a little early avoids handing an API a token that expires in flight.
 */
export function accessTokenNeedsRefresh(token: string | undefined, nowMs: number, skewSeconds = 30): boolean {
  const exp = jwtExpiry(token);
  if (exp === undefined) return true;
  return exp - skewSeconds <= Math.floor(nowMs / 1000);
}
