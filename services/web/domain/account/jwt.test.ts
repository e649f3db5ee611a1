import { expect, test } from "bun:test";
import { accessTokenNeedsRefresh, jwtExpiry } from "./jwt.ts";

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
const token = (claims: Record<string, unknown>) => `${b64({ alg: "RS256", typ: "JWT" })}.${b64(claims)}.signature`;

test("jwtExpiry reads exp", () => {
  expect(jwtExpiry(token({ sub: "u1", exp: 1_700_000_000 }))).toBe(1_700_000_000);
});

test("jwtExpiry tolerates garbage", () => {
  expect(jwtExpiry(undefined)).toBeUndefined();
  expect(jwtExpiry("")).toBeUndefined();
  expect(jwtExpiry("abc")).toBeUndefined();
  expect(jwtExpiry("a.%%%.c")).toBeUndefined();
  expect(jwtExpiry(token({ exp: "soon" }))).toBeUndefined();
  expect(jwtExpiry(`a.${Buffer.from("null").toString("base64url")}.c`)).toBeUndefined();
});

test("accessTokenNeedsRefresh", () => {
  const now = 1_700_000_000_000;
  const nowS = now / 1000;
  expect(accessTokenNeedsRefresh(undefined, now)).toBe(true);
  expect(accessTokenNeedsRefresh("junk", now)).toBe(true);
  expect(accessTokenNeedsRefresh(token({ exp: nowS - 1 }), now)).toBe(true);
  expect(accessTokenNeedsRefresh(token({ exp: nowS + 10 }), now)).toBe(true); // inside the skew
  expect(accessTokenNeedsRefresh(token({ exp: nowS + 600 }), now)).toBe(false);
  expect(accessTokenNeedsRefresh(token({ exp: nowS + 10 }), now, 0)).toBe(false);
});
