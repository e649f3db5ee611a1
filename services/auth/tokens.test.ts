import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createPrivateKey } from "node:crypto";
import { SignJWT } from "jose";
import { registerUser, startAuth, type RunningAuth } from "../../tests/harness/auth.ts";
import { createTokenVerifier, remoteKeySet } from "../../shared/http/auth.ts";

let auth: RunningAuth & { keysDir: string };
beforeAll(async () => {
  auth = await startAuth({ REFRESH_REUSE_GRACE_S: "1" });
});
afterAll(() => auth.stop());

const me = (token: string) => fetch(`${auth.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
const refresh = (refresh_token: string) =>
  fetch(`${auth.url}/api/v1/auth/refresh`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ refresh_token }) });
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

async function jwks(): Promise<{ keys: { kid: string; alg: string; kty: string }[] }> {
  return (await (await fetch(`${auth.url}/.well-known/jwks.json`)).json()) as never;
}

function signWithRealKey(claims: Record<string, unknown>, opts: { issuer?: string; audience?: string; exp?: number | string; kid: string }) {
  const key = createPrivateKey(readFileSync(join(auth.keysDir, "private_key.pem"), "utf8"));
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: opts.kid }).setSubject(String(claims.sub)).setIssuedAt();
  jwt.setIssuer(opts.issuer ?? "mint-auth").setAudience(opts.audience ?? "mint-services").setExpirationTime(opts.exp ?? "10m");
  return jwt.sign(key);
}

describe("access tokens", () => {
  test("the JWKS publishes one RS256 key whose kid is in every token header", async () => {
    const { keys } = await jwks();
    expect(keys.length).toBe(1);
    expect(keys[0]).toMatchObject({ kty: "RSA", alg: "RS256" });
    const { access_token } = await registerUser(auth.url);
    const header = JSON.parse(Buffer.from(access_token.split(".")[0]!, "base64url").toString());
    expect(header).toMatchObject({ alg: "RS256", kid: keys[0]!.kid });
    const payload = JSON.parse(Buffer.from(access_token.split(".")[1]!, "base64url").toString());
    expect(payload).toMatchObject({ type: "access", role: "USER", iss: "mint-auth", aud: "mint-services", email_verified: false });
    expect(payload.exp - payload.iat).toBe(900);
  });

  test("other services verify locally against the published key set", async () => {
    const { access_token, user } = await registerUser(auth.url);
    const verifier = createTokenVerifier(remoteKeySet(`${auth.url}/.well-known/jwks.json`), "mint-auth", "mint-services");
    expect((await verifier.verify(access_token)).id).toBe(user.id);
  });

  describe("forged or misused tokens are 401", () => {
    let user: { id: string; email: string };
    let kid: string;
    let refreshToken: string;
    beforeAll(async () => {
      const registered = await registerUser(auth.url);
      user = registered.user;
      refreshToken = registered.refresh_token;
      kid = (await jwks()).keys[0]!.kid;
    });
    const claims = () => ({ sub: user.id, type: "access", role: "ADMIN", email: user.email, name: "x", email_verified: true });

    test("alg: none", async () => {
      const token = `${b64({ alg: "none", typ: "JWT", kid })}.${b64({ ...claims(), iss: "mint-auth", aud: "mint-services", exp: Math.floor(Date.now() / 1000) + 600 })}.`;
      expect((await me(token)).status).toBe(401);
    });
    test("HS256 signed with the public key as the secret", async () => {
      const publicPem = readFileSync(join(auth.keysDir, "public_key.pem"));
      const token = await new SignJWT(claims()).setProtectedHeader({ alg: "HS256", kid }).setIssuer("mint-auth").setAudience("mint-services").setExpirationTime("10m").sign(publicPem);
      expect((await me(token)).status).toBe(401);
    });
    test("expired", async () => {
      const token = await signWithRealKey(claims(), { kid, exp: Math.floor(Date.now() / 1000) - 60 });
      const res = await me(token);
      expect(res.status).toBe(401);
      expect(((await res.json()) as any).detail).toContain("expired");
    });
    test("wrong issuer", async () => {
      expect((await me(await signWithRealKey(claims(), { kid, issuer: "someone-else" }))).status).toBe(401);
    });
    test("wrong audience", async () => {
      expect((await me(await signWithRealKey(claims(), { kid, audience: "other-app" }))).status).toBe(401);
    });
    test("a JWT of type refresh", async () => {
      expect((await me(await signWithRealKey({ ...claims(), type: "refresh" }, { kid }))).status).toBe(401);
    });
    test("the refresh token used as an access token", async () => {
      expect((await me(refreshToken)).status).toBe(401);
    });
    test("a token signed by another key", async () => {
      const { privateKey } = await crypto.subtle.generateKey({ name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["sign", "verify"]);
      const token = await new SignJWT(claims()).setProtectedHeader({ alg: "RS256", kid }).setIssuer("mint-auth").setAudience("mint-services").setExpirationTime("10m").sign(privateKey);
      expect((await me(token)).status).toBe(401);
    });
    test("a well-formed token with a matching signature is accepted (control)", async () => {
      expect((await me(await signWithRealKey({ ...claims(), role: "USER" }, { kid }))).status).toBe(200);
    });
  });
});

describe("refresh tokens", () => {
  test("rotate on every use", async () => {
    const first = await registerUser(auth.url);
    const res = await refresh(first.refresh_token);
    expect(res.status).toBe(200);
    const second = (await res.json()) as { access_token: string; refresh_token: string };
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await me(second.access_token)).status).toBe(200);
  });

  test("a replay inside the grace period (lost response) gets a sibling; after it, reuse revokes the family", async () => {
    const start = await registerUser(auth.url);
    const rotated = (await (await refresh(start.refresh_token)).json()) as { refresh_token: string };
    const sibling = await refresh(start.refresh_token);
    expect(sibling.status).toBe(200);
    await Bun.sleep(1_300);
    const reuse = await refresh(start.refresh_token);
    expect(reuse.status).toBe(401);
    expect(((await reuse.json()) as any).detail).toContain("already been used");
    // The thief's and the owner's newer tokens die with the family.
    expect((await refresh(rotated.refresh_token)).status).toBe(401);
    expect((await refresh(((await sibling.json()) as any).refresh_token)).status).toBe(401);
  });

  test("two concurrent refreshes of one token both succeed within the grace period, once rotated", async () => {
    const start = await registerUser(auth.url);
    const [a, b] = await Promise.all([refresh(start.refresh_token), refresh(start.refresh_token)]);
    expect([a.status, b.status]).toEqual([200, 200]);
  });

  test("missing or unknown refresh token is 401", async () => {
    expect((await fetch(`${auth.url}/api/v1/auth/refresh`, { method: "POST" })).status).toBe(401);
    expect((await refresh("nonsense")).status).toBe(401);
  });

  test("the refresh cookie works without a body", async () => {
    const { refresh_token } = await registerUser(auth.url);
    const res = await fetch(`${auth.url}/api/v1/auth/refresh`, { method: "POST", headers: { cookie: `refresh_token=${refresh_token}` } });
    expect(res.status).toBe(200);
  });
});

describe("key stability", () => {
  test("a restart keeps the kid, so tokens issued before it stay valid", async () => {
    const other = await startAuth();
    const { access_token } = await registerUser(other.url);
    const kidBefore = JSON.parse(Buffer.from(access_token.split(".")[0]!, "base64url").toString()).kid;
    const database = other.ctx.config.DATABASE_NAME;
    await other.stop();
    const again = await startAuth({ KEYS_DIR: other.keysDir, DATABASE_NAME: database });
    try {
      const { keys } = (await (await fetch(`${again.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
      expect(keys[0]!.kid).toBe(kidBefore);
      const res = await fetch(`${again.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${access_token}` } });
      expect(res.status).toBe(200);
    } finally {
      await again.stop();
    }
  });
});
