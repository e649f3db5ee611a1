/**
 * What kind of destination an IP address is, for the webhook SSRF guard. Every spelling the URL
 * parser accepts for an address (hex, octal, short dotted forms, one integer, IPv6 with an IPv4
 * tail) is read as the URL parser reads it, and every IPv6 form that carries or reaches an IPv4
 * address is judged by that address, so a second spelling can never pass where the first fails.
 *
 *   public    globally routable unicast: always a valid target
 *   loopback  127.0.0.0/8, ::1: the developer's own machine
 *   private   RFC 1918 and IPv6 unique local (fc00::/7): the developer's own network
 *   metadata  link-local (169.254.0.0/16, fe80::/10) and cloud-metadata or instance-service
 *             addresses: never a target, in any mode, because a request there reads the host's
 *             credentials
 *   special   everything else that is not a unicast receiver on someone's network: "this"
 *             network, carrier-grade NAT, documentation, benchmarking, multicast, broadcast,
 *             reserved, and IPv6 forms that tunnel or translate to IPv4 (never a target either)
 */

export type AddressKind = "public" | "loopback" | "private" | "metadata" | "special";

export interface AddressClass {
  kind: AddressKind;
  /** What the address is, in words for a refusal ("loopback", "private network", …); empty for public. */
  what: string;
}

const PUBLIC: AddressClass = { kind: "public", what: "" };

// ---------------------------------------------------------------------------------------------
// IPv4

/** One part of an IPv4 host as the URL parser reads it: 0x… hex, 0… octal, otherwise decimal. */
function ipv4Number(part: string): number | null {
  let radix = 10;
  let digits = part;
  if (/^0x/i.test(part)) {
    radix = 16;
    digits = part.slice(2);
  } else if (part.length > 1 && part.startsWith("0")) {
    radix = 8;
    digits = part.slice(1);
  }
  if (digits === "") return part === "" ? null : 0;
  const valid = radix === 16 ? /^[0-9a-f]+$/i : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!valid.test(digits)) return null;
  return parseInt(digits, radix);
}

/**
 * Parses an IPv4 address in any spelling the URL parser accepts (`169.254.169.254`,
 * `0xa9fea9fe`, `2852039166`, `0251.0376.0251.0376`, `169.254.43518`, a trailing dot) into its
 * 32-bit value; null when the text is not an IPv4 address.
 */
export function parseIPv4(text: string): number | null {
  const parts = text.split(".");
  if (parts.length > 1 && parts.at(-1) === "") parts.pop();
  if (parts.length > 4) return null;
  const numbers: number[] = [];
  for (const part of parts) {
    const n = ipv4Number(part);
    if (n === null) return null;
    numbers.push(n);
  }
  const last = numbers.pop()!;
  if (numbers.some((n) => n > 255) || last >= 256 ** (4 - numbers.length)) return null;
  return numbers.reduce((value, n, i) => value + n * 256 ** (3 - i), last);
}

/** The plain dotted-quad form, as the URL parser and resolvers write it. */
export const formatIPv4 = (value: number) => [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");

/** Dotted-quad only, without leading zeros: the IPv4 tail an IPv6 address may carry. */
function parseDottedQuad(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return null;
  return parts.reduce((value, p) => value * 256 + Number(p), 0);
}

type Range4 = readonly [base: string, bits: number, kind: AddressKind, what: string];

/** First match wins: single addresses come before the blocks that hold them. */
const RANGES_V4: readonly Range4[] = [
  ["100.100.100.200", 32, "metadata", "cloud metadata (Alibaba Cloud)"],
  ["168.63.129.16", 32, "metadata", "cloud platform service (Azure)"],
  ["192.0.0.192", 32, "metadata", "cloud metadata (Oracle Cloud)"],
  ["169.254.0.0", 16, "metadata", "link-local"],
  ["255.255.255.255", 32, "special", "broadcast"],
  ["0.0.0.0", 8, "special", "\"this\" network"],
  ["10.0.0.0", 8, "private", "private network"],
  ["100.64.0.0", 10, "special", "carrier-grade NAT"],
  ["127.0.0.0", 8, "loopback", "loopback"],
  ["172.16.0.0", 12, "private", "private network"],
  ["192.0.0.0", 24, "special", "IETF protocol assignments"],
  ["192.0.2.0", 24, "special", "documentation"],
  ["192.88.99.0", 24, "special", "6to4 relay"],
  ["192.168.0.0", 16, "private", "private network"],
  ["198.18.0.0", 15, "special", "benchmarking"],
  ["198.51.100.0", 24, "special", "documentation"],
  ["203.0.113.0", 24, "special", "documentation"],
  ["224.0.0.0", 4, "special", "multicast"],
  ["240.0.0.0", 4, "special", "reserved"],
];

const RANGES_V4_PARSED = RANGES_V4.map(([base, bits, kind, what]) => ({ base: parseDottedQuad(base)!, size: 2 ** (32 - bits), kind, what }));

export function classifyIPv4(value: number): AddressClass {
  for (const r of RANGES_V4_PARSED) if (Math.floor(value / r.size) === Math.floor(r.base / r.size)) return { kind: r.kind, what: r.what };
  return PUBLIC;
}

// ---------------------------------------------------------------------------------------------
// IPv6

/** Parses IPv6 text (with "::" and an optional trailing dotted IPv4, no zone) into 16 bytes. */
export function parseIPv6(text: string): Uint8Array | null {
  if (text.includes("%")) return null;
  let head = text;
  let tailV4: number | null = null;
  const lastColon = text.lastIndexOf(":");
  if (lastColon >= 0 && text.slice(lastColon + 1).includes(".")) {
    tailV4 = parseDottedQuad(text.slice(lastColon + 1));
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
  if (tailV4 !== null) bytes.set([tailV4 >>> 24, (tailV4 >>> 16) & 0xff, (tailV4 >>> 8) & 0xff, tailV4 & 0xff], 12);
  return bytes;
}

/** The form the URL parser writes: lower-case hex groups, the first longest run of two or more zero groups as "::". */
export function formatIPv6(bytes: Uint8Array): string {
  const groups = Array.from({ length: 8 }, (_, i) => (bytes[i * 2]! << 8) | bytes[i * 2 + 1]!);
  let runStart = -1;
  let runLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > runLength) [runStart, runLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = (from: number, to: number) => groups.slice(from, to).map((g) => g.toString(16)).join(":");
  return runStart < 0 ? hex(0, 8) : `${hex(0, runStart)}::${hex(runStart + runLength, 8)}`;
}

const prefixMatches = (bytes: Uint8Array, prefix: readonly number[], bits: number) => {
  for (let bit = 0; bit < bits; bit++) {
    const mask = 0x80 >> (bit & 7);
    if ((bytes[bit >> 3]! & mask) !== ((prefix[bit >> 3] ?? 0) & mask)) return false;
  }
  return true;
};

const v4At = (bytes: Uint8Array, at: number) => bytes[at]! * 2 ** 24 + bytes[at + 1]! * 2 ** 16 + bytes[at + 2]! * 2 ** 8 + bytes[at + 3]!;

/**
 * An IPv6 form that tunnels or translates to an IPv4 address (6to4, Teredo, NAT64, the
 * IPv4-compatible and IPv4-translated forms) is never a receiver of its own: it is refused, and
 * named as metadata when the IPv4 address it reaches is one, so the reason says what it reaches.
 */
function reaching(form: string, v4: number): AddressClass {
  const inner = classifyIPv4(v4);
  if (inner.kind === "metadata") return { kind: "metadata", what: `${form} form of ${formatIPv4(v4)}, ${inner.what}` };
  return { kind: "special", what: form };
}

type Range6 = readonly [prefix: readonly number[], bits: number, kind: AddressKind, what: string];

/** Checked after the IPv4-carrying forms; first match wins. */
const RANGES_V6: readonly Range6[] = [
  [[0xfd, 0x00, 0x0e, 0xc2], 32, "metadata", "cloud metadata (AWS instance services)"],
  [[0xfd, 0x20, 0x00, 0xce, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54], 128, "metadata", "cloud metadata (Google Cloud)"],
  [[0xfd, 0x00, 0x00, 0x42, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x42], 128, "metadata", "cloud metadata (Scaleway)"],
  [[0xfc], 7, "private", "unique local"],
  [[0xfe, 0x80], 10, "metadata", "link-local"],
  [[0xfe, 0xc0], 10, "special", "site-local"],
  [[0xff], 8, "special", "multicast"],
  [[0x20, 0x01, 0x0d, 0xb8], 32, "special", "documentation"],
  [[0x20, 0x01, 0x00, 0x00], 23, "special", "IETF protocol assignments"],
  [[0x3f, 0xff, 0x00, 0x00], 20, "special", "documentation"],
];

export function classifyIPv6(bytes: Uint8Array): AddressClass {
  // ::ffff:a.b.c.d is a.b.c.d itself on a dual-stack socket: it is exactly what that address is.
  if (prefixMatches(bytes, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96)) return classifyIPv4(v4At(bytes, 12));
  if (prefixMatches(bytes, [], 127) && bytes[15] === 1) return { kind: "loopback", what: "loopback" };
  if (prefixMatches(bytes, [], 128)) return { kind: "special", what: "unspecified address" };
  if (prefixMatches(bytes, [], 96)) return reaching("IPv4-compatible", v4At(bytes, 12));
  if (prefixMatches(bytes, [0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0], 96)) return reaching("IPv4-translated", v4At(bytes, 12));
  if (prefixMatches(bytes, [0x00, 0x64, 0xff, 0x9b], 32)) return reaching("NAT64", v4At(bytes, 12));
  if (prefixMatches(bytes, [0x20, 0x02], 16)) return reaching("6to4", v4At(bytes, 2));
  // Teredo carries the client's IPv4 address with every bit flipped.
  if (prefixMatches(bytes, [0x20, 0x01, 0x00, 0x00], 32)) return reaching("Teredo", 2 ** 32 - 1 - v4At(bytes, 12));
  for (const [prefix, bits, kind, what] of RANGES_V6) if (prefixMatches(bytes, prefix, bits)) return { kind, what };
  if (!prefixMatches(bytes, [0x20], 3)) return { kind: "special", what: "not global unicast" };
  return PUBLIC;
}

// ---------------------------------------------------------------------------------------------

export interface ParsedAddress {
  /** The address as the URL parser writes it (dotted quad, or compressed IPv6 without brackets). */
  canonical: string;
  class: AddressClass;
}

const unbracket = (text: string) => (text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text);

/** Reads an IP address in any spelling (IPv6 with or without brackets); null when the text is not one. */
export function parseAddress(text: string): ParsedAddress | null {
  const v4 = parseIPv4(text);
  if (v4 !== null) return { canonical: formatIPv4(v4), class: classifyIPv4(v4) };
  const v6 = parseIPv6(unbracket(text));
  if (v6 !== null) return { canonical: formatIPv6(v6), class: classifyIPv6(v6) };
  return null;
}

export const isIpLiteral = (host: string) => parseAddress(host) !== null;
