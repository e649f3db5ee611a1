import { timingSafeEqual } from "node:crypto";

/** What a document link grants: this admin may see this document until `expiresAt` (epoch ms). */
export interface DocumentGrant {
  documentId: string;
  adminId: string;
  expiresAt: number;
}

const sign = (secret: string, payload: string) => new Bun.CryptoHasher("sha256", secret).update(payload).digest("base64url");

/** `<payload>.<HMAC-SHA256 of it>`, both base64url: opaque, unforgeable and self-expiring. */
export function signGrant(secret: string, grant: DocumentGrant): string {
  const payload = Buffer.from(JSON.stringify([grant.documentId, grant.adminId, grant.expiresAt])).toString("base64url");
  return `${payload}.${sign(secret, payload)}`;
}

export type GrantCheck = { ok: true; grant: DocumentGrant } | { ok: false; reason: "malformed" | "forged" | "expired" };

export function verifyGrant(secret: string, token: string, nowMs: number): GrantCheck {
  const [payload, mac, extra] = token.split(".");
  if (!payload || !mac || extra !== undefined) return { ok: false, reason: "malformed" };
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "forged" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, "base64url").toString());
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || typeof parsed[0] !== "string" || typeof parsed[1] !== "string" || typeof parsed[2] !== "number") return { ok: false, reason: "malformed" };
  const grant = { documentId: parsed[0], adminId: parsed[1], expiresAt: parsed[2] };
  if (grant.expiresAt <= nowMs) return { ok: false, reason: "expired" };
  return { ok: true, grant };
}
