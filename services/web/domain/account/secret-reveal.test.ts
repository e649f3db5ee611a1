import { describe, expect, test } from "bun:test";
import { openReveal, REVEAL_TTL_S, sealReveal } from "./secret-reveal.ts";

const reveal = { userId: "u-1", endpointId: "e-1", secret: "whsec_c2VjcmV0LWJ5dGVzLWZvci10ZXN0aW5n", kind: "created" as const };
const who = { userId: "u-1", endpointId: "e-1" };

describe("a secret sealed for one view", () => {
  test("opens with its key, for its user and endpoint", async () => {
    const { key, sealed } = await sealReveal(reveal);
    expect(await openReveal(sealed, key, who)).toMatchObject({ secret: reveal.secret, kind: "created" });
  });

  test("the cookie holds no trace of the secret, and the key is a random 256-bit value", async () => {
    const a = await sealReveal(reveal);
    const b = await sealReveal(reveal);
    expect(a.sealed).not.toContain("whsec_");
    expect(Buffer.from(a.sealed, "base64url").toString("latin1")).not.toContain("whsec_");
    expect(a.key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.key).not.toBe(b.key);
    expect(a.sealed).not.toBe(b.sealed);
  });

  test("does not open with another key, for another user or endpoint, tampered, or late", async () => {
    const { key, sealed } = await sealReveal(reveal, 1_000_000);
    const other = await sealReveal(reveal);
    const now = 1_000_000 + 1000;
    expect(await openReveal(sealed, other.key, who, now)).toBeUndefined();
    expect(await openReveal(sealed, key, { userId: "u-2", endpointId: "e-1" }, now)).toBeUndefined();
    expect(await openReveal(sealed, key, { userId: "u-1", endpointId: "e-2" }, now)).toBeUndefined();
    const bytes = Buffer.from(sealed, "base64url");
    bytes[bytes.length - 1]! ^= 1;
    expect(await openReveal(bytes.toString("base64url"), key, who, now)).toBeUndefined();
    expect(await openReveal(sealed, key, who, 1_000_000 + REVEAL_TTL_S * 1000 + 1)).toBeUndefined();
    expect(await openReveal(sealed, key, who, now)).toMatchObject({ secret: reveal.secret });
  });

  test("anything malformed is simply not a secret", async () => {
    const { key, sealed } = await sealReveal(reveal);
    for (const [s, k] of [[undefined, key], [sealed, undefined], ["", key], [sealed, "short"], ["not base64 at all!", key], [sealed, key + "x"]] as const) {
      expect(await openReveal(s, k, who)).toBeUndefined();
    }
  });
});
