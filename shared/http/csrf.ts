const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface CsrfInput {
  method: string;
  /** The `Origin` request header, if any. */
  origin: string | undefined;
  /** The `Sec-Fetch-Site` request header, if any. */
  secFetchSite: string | undefined;
  /** Origins this site is served from (the public gateway URL and the service's own URL). */
  allowedOrigins: readonly string[];
}

export type CsrfDecision = { allow: true } | { allow: false; reason: string };

/** Normalises a URL or origin string to its origin ("https://a.example:8443"), or undefined. */
export function originOf(value: string | undefined): string | undefined {
  if (!value || value === "null") return undefined;
  try {
    const origin = new URL(value).origin;
    return origin === "null" ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * Cross-site request forgery check for cookie-authenticated requests. Safe methods pass. An unsafe
 * request passes when its Origin is one of the site's origins, or when the browser marks it
 * `Sec-Fetch-Site: same-origin` (both headers are set by the browser and cannot be forged by a page).
 */
export function csrfDecision(input: CsrfInput): CsrfDecision {
  if (!UNSAFE_METHODS.has(input.method.toUpperCase())) return { allow: true };
  const allowed = new Set(input.allowedOrigins.map(originOf).filter((o): o is string => !!o));
  const origin = originOf(input.origin);
  if (origin && allowed.has(origin)) return { allow: true };
  if (input.secFetchSite?.toLowerCase() === "same-origin") return { allow: true };
  if (input.origin) return { allow: false, reason: `Origin ${input.origin} is not allowed` };
  return { allow: false, reason: "Missing Origin and Sec-Fetch-Site headers" };
}
