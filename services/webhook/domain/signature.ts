import { createHmac } from "node:crypto";

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the secret is "whsec_" + base64
 * of random bytes, the HMAC key is those bytes, and the signature is
 * `v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">`. While a rotation is in
 * its grace period every secret signs, space-separated, and a receiver accepts any match.
 */
export const SECRET_PREFIX = "whsec_";
export const SECRET_BYTES = 32;

export const generateSecret = (randomBytes: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))) =>
  SECRET_PREFIX + Buffer.from(randomBytes(SECRET_BYTES)).toString("base64");

export function secretKey(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error("Not a webhook secret");
  return Buffer.from(secret.slice(SECRET_PREFIX.length), "base64");
}

export function sign(secret: string, messageId: string, timestampS: number, body: string): string {
  const mac = createHmac("sha256", secretKey(secret)).update(`${messageId}.${timestampS}.${body}`).digest("base64");
  return `v1,${mac}`;
}

export interface SignedHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

export function signedHeaders(secrets: readonly string[], messageId: string, timestampS: number, body: string): SignedHeaders {
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(timestampS),
    "webhook-signature": secrets.map((s) => sign(s, messageId, timestampS, body)).join(" "),
  };
}
