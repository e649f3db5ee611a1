import { createHash, randomBytes } from "node:crypto";
import { SignJWT } from "jose";
import type { Role } from "../../shared/http/auth.ts";
import type { SigningKeys } from "./keys.ts";

export interface TokenUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  emailVerified: boolean;
}

export interface TokenSettings {
  issuer: string;
  audience: string;
  accessTtlS: number;
}

export function signAccessToken(keys: SigningKeys, settings: TokenSettings, user: TokenUser): Promise<string> {
  return new SignJWT({
    type: "access",
    role: user.role,
    email: user.email,
    name: user.name,
    email_verified: user.emailVerified,
  })
    .setProtectedHeader({ alg: "RS256", kid: keys.kid, typ: "JWT" })
    .setSubject(user.id)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setJti(Bun.randomUUIDv7())
    .setIssuedAt()
    .setExpirationTime(`${settings.accessTtlS}s`)
    .sign(keys.privateKey);
}

/** Opaque random secrets (refresh, verification, reset): only their SHA-256 is stored. */
export const newOpaqueToken = (): string => randomBytes(32).toString("base64url");
export const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");
