import { lookup } from "node:dns/promises";
import { AppError } from "../../shared/errors.ts";
import { checkDestination, parseTargetUrl, type Checked, type Target, type TargetPolicy } from "./domain/target-url.ts";
import { parseAddress } from "./domain/addresses.ts";

/** Every address a host name resolves to (A and AAAA). Tests pass their own to simulate DNS. */
export type Resolver = (hostname: string) => Promise<string[]>;

const RESOLVE_TIMEOUT_MS = 5_000;

export const systemResolver: Resolver = async (hostname) => {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`DNS lookup of ${hostname} timed out`)), RESOLVE_TIMEOUT_MS).unref());
  const answers = await Promise.race([lookup(hostname, { all: true, verbatim: true }), timeout]);
  return answers.map((a) => a.address);
};

export interface CheckedTarget {
  target: Target;
  /** The address the request must connect to; it passed the checks. */
  address: string;
}

export interface TargetGuard {
  /**
   * For registration: throws a problem naming the url field when the target is not allowed, 400
   * for a malformed URL and 422 for a destination that may not be called.
   */
  assertAllowed(rawUrl: string): Promise<CheckedTarget>;
  /** For delivery: the same checks, as a result (a refusal is a failed attempt, not an exception). */
  check(rawUrl: string): Promise<Checked<CheckedTarget>>;
}

/**
 * The SSRF guard: the URL's own checks, then the host is resolved and every address judged. The
 * caller connects to the returned address, never to the name again, so DNS cannot change the
 * answer between the check and the connection.
 */
export function createTargetGuard(policy: TargetPolicy, resolve: Resolver = systemResolver): TargetGuard {
  async function check(rawUrl: string): Promise<Checked<CheckedTarget>> {
    const parsed = parseTargetUrl(rawUrl, policy);
    if (!parsed.ok) return parsed;
    const target = parsed.value;
    const literal = parseAddress(target.hostname);
    let addresses: string[];
    if (literal) addresses = [literal.canonical];
    else {
      try {
        addresses = await resolve(target.hostname);
      } catch (err) {
        return { ok: false, kind: "destination", reason: `Host ${target.hostname} could not be resolved` + ((err as Error)?.message?.includes("timed out") ? " in time" : "") };
      }
    }
    const address = checkDestination(target, addresses, policy);
    if (!address.ok) return address;
    return { ok: true, value: { target, address: address.value } };
  }

  return {
    check,
    async assertAllowed(rawUrl) {
      const result = await check(rawUrl);
      if (!result.ok) throw new AppError("INVALID_ARGUMENT", result.reason, { status: result.kind === "destination" ? 422 : 400, fieldErrors: [{ field: "url", message: result.reason }] });
      return result.value;
    },
  };
}
