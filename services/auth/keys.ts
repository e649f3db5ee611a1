import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { calculateJwkThumbprint, exportJWK, type JWK } from "jose";
import type { Logger } from "../../shared/log.ts";

export interface SigningKeys {
  privateKey: KeyObject;
  kid: string;
  /** Published key set: the current key first, then retired ones. */
  jwks: { keys: JWK[] };
}

async function publicJwk(key: KeyObject): Promise<JWK> {
  const jwk = await exportJWK(key);
  // A thumbprint is stable across restarts and replicas, so tokens survive an auth restart.
  const kid = await calculateJwkThumbprint(jwk, "sha256");
  return { ...jwk, kid, alg: "RS256", use: "sig" };
}

async function readOrCreatePrivateKey(dir: string, log: Logger): Promise<KeyObject> {
  const privatePath = join(dir, "private_key.pem");
  try {
    return createPrivateKey(await readFile(privatePath, "utf8"));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  try {
    // "wx": when two replicas start together, the second one reads the first one's key.
    await writeFile(privatePath, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
    await writeFile(join(dir, "public_key.pem"), publicKey.export({ type: "spki", format: "pem" }), { mode: 0o644 });
    log.info("generated a new RSA signing key", { dir });
    return privateKey;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    return createPrivateKey(await readFile(privatePath, "utf8"));
  }
}

export async function loadSigningKeys(
  opts: { keysDir: string; privateKeyFile?: string; previousPublicKeyFiles: string[] },
  log: Logger,
): Promise<SigningKeys> {
  const privateKey = opts.privateKeyFile
    ? createPrivateKey(await readFile(opts.privateKeyFile, "utf8"))
    : await readOrCreatePrivateKey(opts.keysDir, log);
  if (privateKey.asymmetricKeyType !== "rsa") throw new Error("JWT signing key must be an RSA key");
  const current = await publicJwk(createPublicKey(privateKey));
  const previous = await Promise.all(
    opts.previousPublicKeyFiles.map(async (file) => publicJwk(createPublicKey(await readFile(file, "utf8")))),
  );
  return { privateKey, kid: current.kid!, jwks: { keys: [current, ...previous.filter((k) => k.kid !== current.kid)] } };
}
