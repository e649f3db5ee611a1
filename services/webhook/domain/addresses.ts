/**
 * Which IP addresses a webhook may be sent to: only globally routable unicast. Everything a
 * request could use to reach the platform's own network (loopback, private, link-local and cloud
 * metadata, CGNAT, benchmarking, documentation, multicast, reserved) is refused, in IPv4 and in
 * every IPv6 form that can carry or reach an IPv4 address.
 */

type Range4 = readonly [base: string, bits: number, why: string];

const BLOCKED_V4: readonly Range4[] = [
  ["0.0.0.0", 8, "\"this\" network"],
  ["10.0.0.0", 8, "private network"],
  ["100.64.0.0", 10, "carrier-grade NAT"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local (cloud metadata)"],
  ["172.16.0.0", 12, "private network"],
  ["192.0.0.0", 24, "IETF protocol assignments"],
  ["192.0.2.0", 24, "documentation"],
  ["192.88.99.0", 24, "6to4 relay"],
  ["192.168.0.0", 16, "private network"],
  ["198.18.0.0", 15, "benchmarking"],
  ["198.51.100.0", 24, "documentation"],
  ["203.0.113.0", 24, "documentation"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"],
];

/** Parses dotted-quad IPv4 (the only form a resolver or a normalised URL yields) into 32 bits. */
export function parseIPv4(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = value * 256 + n;
  }
  return value;
}

const inRange4 = (value: number, base: number, bits: number) => bits === 0 || Math.floor(value / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits));

const BLOCKED_V4_PARSED = BLOCKED_V4.map(([base, bits, why]) => [parseIPv4(base)!, bits, why] as const);

function blockedV4(value: number): string | null {
  for (const [base, bits, why] of BLOCKED_V4_PARSED) if (inRange4(value, base, bits)) return why;
  return null;
}

/** Parses IPv6 text (with "::" and an optional trailing dotted IPv4, no zone) into 16 bytes. */
export function parseIPv6(text: string): Uint8Array | null {
  if (text.includes("%")) return null;
  let head = text;
  let tailV4: number | null = null;
  const lastColon = text.lastIndexOf(":");
  if (lastColon >= 0 && text.slice(lastColon + 1).includes(".")) {
    tailV4 = parseIPv4(text.slice(lastColon + 1));
    if (tailV4 === null) return null;
    head = text.slice(0, lastColon + 1) + "0:0";
  }
  const halves = head.split("::");
  if (halves.length > 2) return null;
  const group = (s: string) => (s === "" ? [] : s.split(":"));
  const left = group(halves[0]!);
  const right = halves.length === 2 ? group(halves[1]!) : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...right];
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    const g = groups[i]!;
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    const n = parseInt(g, 16);
    bytes[i * 2] = n >> 8;
    bytes[i * 2 + 1] = n & 0xff;
  }
  if (tailV4 !== null) {
    bytes[12] = tailV4 >>> 24;
    bytes[13] = (tailV4 >>> 16) & 0xff;
    bytes[14] = (tailV4 >>> 8) & 0xff;
    bytes[15] = tailV4 & 0xff;
  }
  return bytes;
}

const prefixMatches = (bytes: Uint8Array, prefix: readonly number[], bits: number) => {
  for (let bit = 0; bit < bits; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if ((bytes[byte]! & mask) !== ((prefix[byte] ?? 0) & mask)) return false;
  }
  return true;
};

type Range6 = readonly [prefix: readonly number[], bits: number, why: string];

/** Ranges inside 2000::/3 (the only global unicast block) that still must not be reached. */
const BLOCKED_V6_GLOBAL: readonly Range6[] = [
  [[0x20, 0x01, 0x00, 0x00], 23, "IETF protocol assignments (Teredo and others)"],
  [[0x20, 0x01, 0x0d, 0xb8], 32, "documentation"],
  [[0x20, 0x02], 16, "6to4 (embeds an IPv4 address)"],
  [[0x3f, 0xff, 0xf0, 0x00], 20, "documentation"],
];

function blockedV6(bytes: Uint8Array): string | null {
  const v4 = (bytes[12]! * 2 ** 24) + (bytes[13]! << 16) + (bytes[14]! << 8) + bytes[15]!;
  // ::ffff:a.b.c.d reaches a.b.c.d itself, so it is judged as that IPv4 address.
  if (prefixMatches(bytes, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96)) return blockedV4(v4);
  if (prefixMatches(bytes, [], 127) && bytes[15] === 1) return "loopback";
  if (prefixMatches(bytes, [], 128)) return "unspecified address";
  if (prefixMatches(bytes, [], 96)) return "IPv4-compatible address";
  if (prefixMatches(bytes, [0x00, 0x64, 0xff, 0x9b], 32)) return "NAT64 (embeds an IPv4 address)";
  if (prefixMatches(bytes, [0xfc], 7)) return "unique local address";
  if (prefixMatches(bytes, [0xfe, 0x80], 10)) return "link-local";
  if (prefixMatches(bytes, [0xfe, 0xc0], 10)) return "site-local";
  if (prefixMatches(bytes, [0xff], 8)) return "multicast";
  if (!prefixMatches(bytes, [0x20], 3)) return "not global unicast";
  for (const [prefix, bits, why] of BLOCKED_V6_GLOBAL) if (prefixMatches(bytes, prefix, bits)) return why;
  return null;
}

/** Why the address may not be a webhook target, or null when it is public. Unparseable text is refused. */
export function blockedAddressReason(address: string): string | null {
  const v4 = parseIPv4(address);
  if (v4 !== null) return blockedV4(v4);
  const v6 = parseIPv6(address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address);
  if (v6 !== null) return blockedV6(v6);
  return "not an IP address";
}

export const isIpLiteral = (host: string) => parseIPv4(host) !== null || parseIPv6(host.replace(/^\[|\]$/g, "")) !== null;
