import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Endpoint secrets at rest: AES-256-GCM under a key derived from WEBHOOK_SECRET_KEY, with the
 * endpoint id as associated data, so a ciphertext copied onto another row does not decrypt.
 * Stored as "v1.<iv>.<ciphertext>.<tag>" (base64url).
 */
export interface SecretBox {
  seal(plaintext: string, endpointId: string): string;
  open(sealed: string, endpointId: string): string;
}

export function createSecretBox(masterKey: string): SecretBox {
  const key = createHash("sha256").update(`mint-webhook-secrets:${masterKey}`).digest();
  return {
    seal(plaintext, endpointId) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(Buffer.from(endpointId));
      const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return ["v1", iv, ciphertext, cipher.getAuthTag()].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
    },
    open(sealed, endpointId) {
      const [version, iv, ciphertext, tag] = sealed.split(".");
      if (version !== "v1" || !iv || ciphertext === undefined || !tag) throw new Error("Unreadable sealed secret");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAAD(Buffer.from(endpointId));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
    },
  };
}
