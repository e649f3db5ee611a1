/**
 * A webhook signing secret shown exactly once after a form post, without JavaScript and without
 * storing it anywhere on the server (the web tier keeps no state, and may run as several replicas).
 *
 * The secret is encrypted with AES-256-GCM under a fresh random key. The ciphertext goes into a
 * short-lived HttpOnly cookie that only the webhook pages receive; the key goes into the URL the
 * browser is redirected to. Either alone reveals nothing: the page that shows the secret deletes
 * the cookie (which expires within minutes anyway), so the URL left in the history is a key to
 * nothing, and the cookie never leaves the browser in clear text. The sealed value names the user
 * and the endpoint, so it opens only on that endpoint's page for that user.
 */

export type RevealKind = "created" | "rotated";

export interface Reveal {
  userId: string;
  endpointId: string;
  secret: string;
  kind: RevealKind;
  /** When the previous secret stops signing (after a rotation). */
  previousExpiresAt?: string;
}

/** How long the cookie (and so the chance to see the secret) lasts. */
export const REVEAL_TTL_S = 300;

const toBase64Url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const fromBase64Url = (text: string): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(text, "base64url"));
const KEY_TEXT = /^[A-Za-z0-9_-]{43}$/;

const importKey = (raw: Uint8Array<ArrayBuffer>, usage: "encrypt" | "decrypt") => crypto.subtle.importKey("raw", raw, { name: "AES-GCM" }, false, [usage]);

/** The cookie's value and the key for the URL. */
export async function sealReveal(reveal: Reveal, now = Date.now()): Promise<{ key: string; sealed: string }> {
  const raw = crypto.getRandomValues(new Uint8Array(32));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plain = new TextEncoder().encode(JSON.stringify({ ...reveal, expiresAt: now + REVEAL_TTL_S * 1000 }));
  const cipher = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await importKey(raw, "encrypt"), plain));
  const sealed = new Uint8Array(iv.length + cipher.length);
  sealed.set(iv, 0);
  sealed.set(cipher, iv.length);
  return { key: toBase64Url(raw), sealed: toBase64Url(sealed) };
}

/** The secret, when the cookie and the key belong together, to this user and endpoint, and are not stale. */
export async function openReveal(sealed: string | undefined, key: string | undefined, expected: { userId: string; endpointId: string }, now = Date.now()): Promise<Reveal | undefined> {
  if (!sealed || !key || !KEY_TEXT.test(key) || sealed.length > 4096) return undefined;
  try {
    const bytes = fromBase64Url(sealed);
    if (bytes.length < 12 + 16) return undefined;
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: bytes.slice(0, 12) }, await importKey(fromBase64Url(key), "decrypt"), bytes.slice(12));
    const r = JSON.parse(new TextDecoder().decode(plain)) as Reveal & { expiresAt: number };
    if (r.userId !== expected.userId || r.endpointId !== expected.endpointId || typeof r.secret !== "string" || !(r.expiresAt > now)) return undefined;
    return { userId: r.userId, endpointId: r.endpointId, secret: r.secret, kind: r.kind === "rotated" ? "rotated" : "created", previousExpiresAt: r.previousExpiresAt };
  } catch {
    return undefined;
  }
}
