import { parseAddress, type AddressClass } from "./addresses.ts";

export const MAX_URL_LENGTH = 2048;

export interface TargetPolicy {
  /**
   * Development and tests (WEBHOOK_ALLOW_PRIVATE_TARGETS): loopback and private-network receivers
   * are allowed, over plain http and on any port. Nothing else is opened: link-local, metadata and
   * special addresses stay refused, and public receivers still need HTTPS on an allowed port.
   */
  allowPrivateTargets: boolean;
}

export interface Target {
  url: URL;
  /** Host name without IPv6 brackets, as given to DNS and to TLS (SNI). */
  hostname: string;
  port: number;
}

/**
 * Why a URL is refused. `malformed`: the text is not a usable webhook URL (syntax, scheme,
 * credentials, fragment, length). `destination`: a well-formed URL whose destination may not be
 * called (its addresses, or plain http or a service port towards a public receiver).
 */
export type Refusal = { ok: false; kind: "malformed" | "destination"; reason: string };
export type Checked<T> = { ok: true; value: T } | Refusal;

const malformed = (reason: string): Refusal => ({ ok: false, kind: "malformed", reason });
const refused = (reason: string): Refusal => ({ ok: false, kind: "destination", reason });

export const METADATA_RULE = "link-local and cloud-metadata addresses are never allowed";

/** Ports an HTTPS receiver may listen on: 443 and unprivileged ports, never well-known service ports. */
const allowedPort = (port: number) => port === 443 || port >= 1024;

const isLocal = (c: AddressClass) => c.kind === "loopback" || c.kind === "private";

/** Why this address may not be called under the policy, or null when it may. */
function addressRefusal(c: AddressClass, policy: TargetPolicy): string | null {
  switch (c.kind) {
    case "public":
      return null;
    case "metadata":
      return METADATA_RULE;
    case "special":
      return `only public${policy.allowPrivateTargets ? ", loopback and private" : ""} addresses are allowed`;
    case "loopback":
    case "private":
      return policy.allowPrivateTargets ? null : "only public addresses are allowed";
  }
}

/** Plain http and service ports only reach local receivers in development; a public one needs HTTPS on 443 or ≥ 1024. */
function transportRefusal(target: Target, allLocal: boolean, policy: TargetPolicy): string | null {
  if (allLocal && policy.allowPrivateTargets) return null;
  if (target.url.protocol !== "https:") return "Webhook URL must use HTTPS" + (policy.allowPrivateTargets ? " (plain http only reaches loopback and private receivers)" : "");
  if (!allowedPort(target.port)) return "Webhook URL must use port 443 or a port from 1024 up";
  return null;
}

/**
 * The URL checks that need no network: its shape, and for a literal address everything. Host
 * names are resolved and judged by the caller with {@link checkDestination}.
 */
export function parseTargetUrl(raw: string, policy: TargetPolicy): Checked<Target> {
  if (raw.length > MAX_URL_LENGTH) return malformed(`Webhook URL must be at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return malformed("Invalid URL format");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return malformed("Webhook URL must use HTTPS");
  if (url.username || url.password) return malformed("Webhook URL must not contain credentials");
  if (url.hash) return malformed("Webhook URL must not contain a fragment");
  const hostname = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (!hostname) return malformed("Webhook URL must name a host");
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  const target: Target = { url, hostname, port };
  // Without the development flag nothing local can be called, so the transport is judged before any lookup.
  const early = policy.allowPrivateTargets ? null : transportRefusal(target, false, policy);
  if (early) return refused(early);
  const literal = parseAddress(hostname);
  if (literal) {
    const checked = checkDestination(target, [literal.canonical], policy);
    if (!checked.ok) return checked;
  }
  return { ok: true, value: target };
}

/**
 * Judges every address the host resolves to (a literal address is its own only answer): one that
 * may not be called refuses the host, since the connection could have used it. Returns the
 * address to connect to, in the form the URL parser writes.
 */
export function checkDestination(target: Target, addresses: readonly string[], policy: TargetPolicy): Checked<string> {
  const { hostname } = target;
  if (addresses.length === 0) return refused(`Host ${hostname} does not resolve`);
  const literal = parseAddress(hostname) !== null;
  const parsed = [];
  for (const address of addresses) {
    const p = parseAddress(address);
    if (!p) return refused(`Host ${hostname} resolves to ${JSON.stringify(address)}, which is not an IP address`);
    const why = addressRefusal(p.class, policy);
    if (why) {
      const where = literal ? "Webhook URL targets" : `Webhook URL host ${hostname} resolves to`;
      return refused(`${where} ${p.canonical} (${p.class.what}): ${why}`);
    }
    parsed.push(p);
  }
  const transport = transportRefusal(target, parsed.every((p) => isLocal(p.class)), policy);
  if (transport) return refused(transport);
  return { ok: true, value: parsed[0]!.canonical };
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
