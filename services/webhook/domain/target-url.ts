import { blockedAddressReason, isIpLiteral } from "./addresses.ts";

export const MAX_URL_LENGTH = 2048;

export interface TargetPolicy {
  /** Development and tests: plain http and local or private addresses are allowed. */
  allowPrivateTargets: boolean;
}

export interface Target {
  url: URL;
  /** Host name without IPv6 brackets, as given to DNS and to TLS (SNI). */
  hostname: string;
  port: number;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

const refuse = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/** Ports an HTTPS receiver may listen on: 443 and unprivileged ports, never well-known service ports. */
const allowedPort = (port: number) => port === 443 || port >= 1024;

/**
 * The URL checks that need no network: scheme, credentials, port, and literal addresses. Host
 * names are resolved and judged by the caller with {@link checkResolvedAddresses}.
 */
export function parseTargetUrl(raw: string, policy: TargetPolicy): Checked<Target> {
  if (raw.length > MAX_URL_LENGTH) return refuse(`Webhook URL must be at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse("Invalid URL format");
  }
  const schemes = policy.allowPrivateTargets ? ["https:", "http:"] : ["https:"];
  if (!schemes.includes(url.protocol)) return refuse("Webhook URL must use HTTPS");
  if (url.username || url.password) return refuse("Webhook URL must not contain credentials");
  if (url.hash) return refuse("Webhook URL must not contain a fragment");
  const hostname = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (!hostname) return refuse("Webhook URL must name a host");
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  if (!policy.allowPrivateTargets) {
    if (!allowedPort(port)) return refuse("Webhook URL must use port 443 or a port from 1024 up");
    if (isIpLiteral(hostname)) {
      const why = blockedAddressReason(hostname);
      if (why) return refuse(`Webhook URL targets a disallowed destination (${why})`);
    }
  }
  return { ok: true, value: { url, hostname, port } };
}

/** Every address the host resolves to must be public; one bad address refuses the host (it could be chosen). */
export function checkResolvedAddresses(hostname: string, addresses: readonly string[], policy: TargetPolicy): Checked<string> {
  if (addresses.length === 0) return refuse(`Host ${hostname} does not resolve`);
  if (!policy.allowPrivateTargets) {
    for (const address of addresses) {
      const why = blockedAddressReason(address);
      if (why) return refuse(`Webhook URL targets a disallowed destination (${hostname} resolves to ${why} address ${address})`);
    }
  }
  return { ok: true, value: addresses[0]! };
}

/**
 * The URL to connect to: the checked address in place of the host name, so a second DNS answer
 * (rebinding) cannot move the request. The Host header and TLS server name keep the original name.
 */
export function pinnedRequestUrl(target: Target, address: string): { url: string; hostHeader: string } {
  const pinned = new URL(target.url.toString());
  pinned.hostname = address.includes(":") ? `[${address}]` : address;
  return { url: pinned.toString(), hostHeader: target.url.host };
}
