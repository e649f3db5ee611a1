import { createHmac, timingSafeEqual } from "node:crypto";

/** Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` (several v1 allowed during secret rotation). */
export const SIGNATURE_HEADER = "x-kyc-signature";
export const TOLERANCE_S = 300;

const HEX_SHA256 = /^[0-9a-f]{64}$/;

export function signPayload(secret: string, timestampS: number, rawBody: Uint8Array | string): string {
  const body = typeof rawBody === "string" ? Buffer.from(rawBody) : Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
  return createHmac("sha256", secret).update(`${timestampS}.`).update(body).digest("hex");
}

/** A header value as the provider sends it; also what tests and integrators use to sign. */
export const signatureHeader = (secret: string, timestampS: number, rawBody: Uint8Array | string) =>
  `t=${timestampS},v1=${signPayload(secret, timestampS, rawBody)}`;

export function parseSignatureHeader(header: string | undefined): { timestampS: number; signatures: string[] } | null {
  if (!header || header.length > 1024) return null;
  let timestampS: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) return null;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t") {
      if (!/^\d{1,12}$/.test(value) || timestampS !== undefined) return null;
      timestampS = Number(value);
    } else if (key === "v1") {
      signatures.push(value.toLowerCase());
    }
  }
  if (timestampS === undefined || signatures.length === 0) return null;
  return { timestampS, signatures };
}

export type SignatureCheck = { ok: true; timestampS: number } | { ok: false; reason: string };

/** Verifies the raw body against the header: well-formed, fresh within the tolerance, HMAC equal in constant time. */
export function verifySignature(opts: { header: string | undefined; rawBody: Uint8Array; secret: string; nowS: number; toleranceS?: number }): SignatureCheck {
  const parsed = parseSignatureHeader(opts.header);
  if (!parsed) return { ok: false, reason: `Missing or malformed ${SIGNATURE_HEADER} header` };
  if (Math.abs(opts.nowS - parsed.timestampS) > (opts.toleranceS ?? TOLERANCE_S)) return { ok: false, reason: "Signature timestamp is outside the tolerance" };
  const expected = Buffer.from(signPayload(opts.secret, parsed.timestampS, opts.rawBody), "hex");
  const match = parsed.signatures.some((s) => HEX_SHA256.test(s) && timingSafeEqual(Buffer.from(s, "hex"), expected));
  return match ? { ok: true, timestampS: parsed.timestampS } : { ok: false, reason: "Invalid signature" };
}
