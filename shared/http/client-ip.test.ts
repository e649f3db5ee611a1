import { describe, expect, test } from "bun:test";
import { resolveClientIp } from "./client-ip.ts";

const trusted = ["127.0.0.1", "::1"];

describe("resolveClientIp", () => {
  test("ignores X-Forwarded-For from an untrusted peer", () => {
    expect(resolveClientIp("203.0.113.9", "1.2.3.4", trusted)).toBe("203.0.113.9");
  });
  test("takes the right-most untrusted hop from a trusted peer", () => {
    expect(resolveClientIp("127.0.0.1", "6.6.6.6, 198.51.100.7, 127.0.0.1", trusted)).toBe("198.51.100.7");
  });
  test("skips garbage hops", () => {
    expect(resolveClientIp("127.0.0.1", "not-an-ip, 198.51.100.7", trusted)).toBe("198.51.100.7");
  });
  test("falls back to the peer without the header", () => {
    expect(resolveClientIp("127.0.0.1", undefined, trusted)).toBe("127.0.0.1");
  });
});
