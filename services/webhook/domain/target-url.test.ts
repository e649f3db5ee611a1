import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { formatIPv4, formatIPv6, parseAddress, parseIPv4, type AddressKind } from "./addresses.ts";
import { checkDestination, METADATA_RULE, parseTargetUrl, pinnedRequestUrl, type Target } from "./target-url.ts";

const strict = { allowPrivateTargets: false };
const local = { allowPrivateTargets: true };

describe("address classes", () => {
  const cases: [address: string, kind: AddressKind, what: string][] = [
    // Link-local and cloud metadata, in every spelling the URL parser accepts.
    ["169.254.169.254", "metadata", "link-local"],
    ["169.254.0.1", "metadata", "link-local"],
    ["0xa9fea9fe", "metadata", "link-local"],
    ["0XA9FEA9FE", "metadata", "link-local"],
    ["2852039166", "metadata", "link-local"],
    ["0251.0376.0251.0376", "metadata", "link-local"],
    ["169.254.43518", "metadata", "link-local"],
    ["169.16689662", "metadata", "link-local"],
    ["0xa9.0xfe.0xa9.0xfe", "metadata", "link-local"],
    ["169.254.169.254.", "metadata", "link-local"],
    ["::ffff:169.254.169.254", "metadata", "link-local"],
    ["[::ffff:169.254.169.254]", "metadata", "link-local"],
    ["::ffff:a9fe:a9fe", "metadata", "link-local"],
    ["::169.254.169.254", "metadata", "IPv4-compatible form of 169.254.169.254"],
    ["::ffff:0:a9fe:a9fe", "metadata", "IPv4-translated form of 169.254.169.254"],
    ["64:ff9b::a9fe:a9fe", "metadata", "NAT64 form of 169.254.169.254"],
    ["64:ff9b:1::a9fe:a9fe", "metadata", "NAT64 form of 169.254.169.254"],
    ["2002:a9fe:a9fe::1", "metadata", "6to4 form of 169.254.169.254"],
    ["2001:0:4136:e378:8000:63bf:5601:5601", "metadata", "Teredo form of 169.254.169.254"],
    ["fe80::1", "metadata", "link-local"],
    ["fe80::a9fe:a9fe", "metadata", "link-local"],
    ["febf::1", "metadata", "link-local"],
    ["fd00:ec2::254", "metadata", "AWS"],
    ["[fd00:ec2::254]", "metadata", "AWS"],
    ["fd00:ec2::23", "metadata", "AWS"],
    ["fd20:ce::254", "metadata", "Google Cloud"],
    ["fd00:42::42", "metadata", "Scaleway"],
    ["100.100.100.200", "metadata", "Alibaba Cloud"],
    ["::ffff:100.100.100.200", "metadata", "Alibaba Cloud"],
    ["168.63.129.16", "metadata", "Azure"],
    ["192.0.0.192", "metadata", "Oracle Cloud"],
    // Loopback and private networks: what the development flag may open.
    ["127.0.0.1", "loopback", "loopback"],
    ["127.255.0.9", "loopback", "loopback"],
    ["127.1", "loopback", "loopback"],
    ["0x7f.1", "loopback", "loopback"],
    ["2130706433", "loopback", "loopback"],
    ["017700000001", "loopback", "loopback"],
    ["::1", "loopback", "loopback"],
    ["[::1]", "loopback", "loopback"],
    ["::ffff:127.0.0.1", "loopback", "loopback"],
    ["::ffff:7f00:1", "loopback", "loopback"],
    ["10.0.0.1", "private", "private network"],
    ["10.1", "private", "private network"],
    ["10.255.255.255", "private", "private network"],
    ["172.16.0.1", "private", "private network"],
    ["172.31.255.255", "private", "private network"],
    ["192.168.1.1", "private", "private network"],
    ["::ffff:10.1.2.3", "private", "private network"],
    ["fc00::1", "private", "unique local"],
    ["fd12:3456:789a::1", "private", "unique local"],
    ["fd00:ec3::254", "private", "unique local"],
    // Never a receiver, in any mode.
    ["0.0.0.0", "special", "this"],
    ["0.1.2.3", "special", "this"],
    ["0", "special", "this"],
    ["100.64.0.1", "special", "carrier-grade"],
    ["100.127.255.254", "special", "carrier-grade"],
    ["100.100.100.199", "special", "carrier-grade"],
    ["192.0.0.8", "special", "IETF"],
    ["192.0.2.1", "special", "documentation"],
    ["198.18.0.1", "special", "benchmarking"],
    ["198.19.255.1", "special", "benchmarking"],
    ["224.0.0.1", "special", "multicast"],
    ["239.255.255.250", "special", "multicast"],
    ["240.0.0.1", "special", "reserved"],
    ["255.255.255.255", "special", "broadcast"],
    ["0xffffffff", "special", "broadcast"],
    ["::", "special", "unspecified"],
    ["::127.0.0.1", "special", "IPv4-compatible"],
    ["::ffff:0:7f00:1", "special", "IPv4-translated"],
    ["64:ff9b::808:808", "special", "NAT64"],
    ["64:ff9b:1::1", "special", "NAT64"],
    ["2002:7f00:1::1", "special", "6to4"],
    ["2002:808:808::1", "special", "6to4"],
    ["2001::1", "special", "Teredo"],
    ["2001:10::1", "special", "IETF"],
    ["2001:db8::1", "special", "documentation"],
    ["3fff::1", "special", "documentation"],
    ["fec0::1", "special", "site-local"],
    ["ff02::1", "special", "multicast"],
    ["100::1", "special", "not global"],
    ["4000::1", "special", "not global"],
  ];
  test.each(cases)("%s is %s (%s)", (address, kind, what) => {
    const parsed = parseAddress(address);
    expect(parsed?.class.kind).toBe(kind);
    expect(parsed?.class.what).toContain(what);
  });

  const publics = ["1.1.1.1", "8.8.8.8", "93.184.216.34", "100.63.255.255", "100.128.0.0", "168.63.129.17", "169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0", "192.169.0.1", "198.20.0.1", "223.255.255.255", "2606:4700:4700::1111", "2a00:1450:4001:81c::200e", "::ffff:8.8.8.8"];
  test.each(publics)("%s is public", (address) => {
    expect(parseAddress(address)?.class).toEqual({ kind: "public", what: "" });
  });

  test.each(["localhost", "example.com", "1.2.3.256", "256.1.1.1", "0x100000000", "4294967296", "09.1.1.1", "1.2.3.4.5", "1::2::3", "fe80::1%eth0", "::ffff:1.2.3.04", "", "."])("%j is not an address", (text) => {
    expect(parseAddress(text)).toBeNull();
  });

  test("an address is written as the URL parser writes it", () => {
    expect(parseAddress("0xa9fea9fe")?.canonical).toBe("169.254.169.254");
    expect(parseAddress("169.254.43518")?.canonical).toBe("169.254.169.254");
    expect(parseAddress("1.2.3")?.canonical).toBe("1.2.0.3");
    expect(parseAddress("[::ffff:169.254.169.254]")?.canonical).toBe("::ffff:a9fe:a9fe");
    expect(parseAddress("FD00:0EC2:0:0:0:0:0:0254")?.canonical).toBe("fd00:ec2::254");
    expect(parseAddress("2001:db8:0:0:1:0:0:1")?.canonical).toBe("2001:db8::1:0:0:1");
    expect(parseAddress("0:0:1:0:0:0:1:0")?.canonical).toBe("0:0:1::1:0");
    expect(parseAddress("1:0:2:3:4:5:6:7")?.canonical).toBe("1:0:2:3:4:5:6:7");
  });

  // The guard reads a host exactly as the URL parser does, or a spelling could mean one address to
  // the check and another to the connection.
  const part = (n: number, radix: 8 | 10 | 16) => (radix === 16 ? `0x${n.toString(16)}` : radix === 8 ? `0${n.toString(8)}` : String(n));
  const spelling = fc.record({ value: fc.nat({ max: 2 ** 32 - 1 }), parts: fc.integer({ min: 1, max: 4 }), radixes: fc.array(fc.constantFrom(8 as const, 10 as const, 16 as const), { minLength: 4, maxLength: 4 }), dot: fc.boolean() });
  test("every IPv4 spelling is read as the URL parser reads it", () => {
    fc.assert(
      fc.property(spelling, ({ value, parts, radixes, dot }) => {
        const bytes = [24, 16, 8, 0].map((s) => Math.floor(value / 2 ** s) % 256);
        const head = bytes.slice(0, parts - 1);
        const last = bytes.slice(parts - 1).reduce((v, b) => v * 256 + b, 0);
        const text = [...head, last].map((n, i) => part(n, radixes[i]!)).join(".") + (dot ? "." : "");
        expect(parseIPv4(text)).toBe(value);
        expect(new URL(`http://${text}/`).hostname).toBe(formatIPv4(value));
      }),
      { seed: 1313, numRuns: 500 },
    );
  });

  test("every IPv6 address is written as the URL parser writes it", () => {
    const groups = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 });
    fc.assert(
      fc.property(groups, (g) => {
        const bytes = new Uint8Array(g.flatMap((n) => [n >> 8, n & 0xff]));
        const text = formatIPv6(bytes);
        expect(`[${text}]`).toBe(new URL(`http://[${g.map((n) => n.toString(16)).join(":")}]/`).hostname);
        expect(parseAddress(text)?.canonical).toBe(text);
      }),
      { seed: 1313, numRuns: 500 },
    );
  });
});

describe("target URL policy", () => {
  // The examples: accepted with the development flag before, refused in every mode now.
  const metadataTargets = [
    "http://169.254.169.254/latest/meta-data/",
    "http://0xa9fea9fe/latest/meta-data/",
    "http://2852039166/latest/meta-data/",
    "http://0251.0376.0251.0376/latest/meta-data/",
    "http://169.254.43518/latest/meta-data/",
    "http://[::ffff:169.254.169.254]/latest/meta-data/",
    "http://[fd00:ec2::254]/latest/meta-data/",
    "https://169.254.169.254/",
    "http://169.254.169.254:8080/",
    "http://100.100.100.200/latest/meta-data/",
    "http://[::ffff:100.100.100.200]/",
    "http://[fe80::1]:8080/",
    "http://[fd20:ce::254]/computeMetadata/v1/",
    "http://[64:ff9b::a9fe:a9fe]/",
    "http://[2002:a9fe:a9fe::]/",
    "http://169.254.169.254.:80/",
  ];
  test.each(metadataTargets)("%s is refused with private targets allowed, and why", (raw) => {
    const r = parseTargetUrl(raw, local);
    expect(r).toMatchObject({ ok: false, kind: "destination" });
    if (!r.ok) expect(r.reason).toContain(METADATA_RULE);
  });
  test.each(metadataTargets.map((raw) => raw.replace(/^http:/, "https:").replace(/:(80|8080)\//, "/")))("%s is refused without private targets", (raw) => {
    const r = parseTargetUrl(raw, strict);
    expect(r).toMatchObject({ ok: false, kind: "destination" });
    if (!r.ok) expect(r.reason).toContain(METADATA_RULE);
  });

  const localTargets = ["http://127.0.0.1:8080/hook", "http://0x7f.1:8080/hook", "http://[::1]:8080/hook", "http://[::ffff:127.0.0.1]:3000/hook", "http://10.0.0.5/hook", "http://172.16.5.4:22/hook", "http://192.168.1.20:3000/hook", "http://[fd12:3456::1]:8080/hook", "https://10.0.0.5/hook"];
  test.each(localTargets)("%s is allowed with private targets allowed", (raw) => {
    expect(parseTargetUrl(raw, local)).toMatchObject({ ok: true });
  });
  test.each(localTargets.map((raw) => raw.replace(/^http:/, "https:").replace(/:\d+\//, "/")))("%s is refused without private targets", (raw) => {
    const r = parseTargetUrl(raw, strict);
    expect(r).toMatchObject({ ok: false, kind: "destination", reason: expect.stringContaining("only public addresses are allowed") });
  });

  test.each([
    ["http://0.0.0.0:8080/hook", "this"],
    ["http://100.64.0.1/hook", "carrier-grade"],
    ["http://224.0.0.1/hook", "multicast"],
    ["http://255.255.255.255/hook", "broadcast"],
    ["http://[ff02::1]/hook", "multicast"],
    ["http://192.0.2.1/hook", "documentation"],
    ["http://[64:ff9b::a00:5]/hook", "NAT64"],
  ])("%s is refused even with private targets allowed (%s)", (raw, what) => {
    const r = parseTargetUrl(raw, local);
    expect(r).toMatchObject({ ok: false, kind: "destination", reason: expect.stringContaining(what) });
  });

  test("with private targets allowed, a public receiver still needs HTTPS on 443 or a port from 1024 up", () => {
    expect(parseTargetUrl("http://93.184.216.34/hook", local)).toMatchObject({ ok: false, kind: "destination", reason: expect.stringContaining("HTTPS") });
    expect(parseTargetUrl("https://93.184.216.34:25/hook", local)).toMatchObject({ ok: false, kind: "destination", reason: expect.stringContaining("port") });
    expect(parseTargetUrl("https://93.184.216.34:8443/hook", local)).toMatchObject({ ok: true });
  });

  test.each([
    ["ftp://example.com/hook", "HTTPS", "malformed"],
    ["example.com/hook", "Invalid URL", "malformed"],
    ["https://", "Invalid URL", "malformed"],
    ["https://user:pw@example.com/hook", "credentials", "malformed"],
    ["https://example.com/hook#frag", "fragment", "malformed"],
    [`https://example.com/${"a".repeat(2048)}`, "at most", "malformed"],
    ["http://example.com/hook", "HTTPS", "destination"],
    ["https://example.com:22/hook", "port", "destination"],
    ["https://127.0.0.1/hook", "loopback", "destination"],
    ["https://2130706433/hook", "loopback", "destination"],
    ["https://[::1]/hook", "loopback", "destination"],
    ["https://10.0.0.5/hook", "private", "destination"],
    ["https://100.64.1.1/hook", "carrier-grade", "destination"],
    ["https://[fd00::1]/hook", "unique local", "destination"],
  ])("%s is refused without private targets (%s)", (raw, why, kind) => {
    expect(parseTargetUrl(raw, strict)).toMatchObject({ ok: false, kind, reason: expect.stringContaining(why) });
  });

  test("public HTTPS URLs with a path, query and unprivileged port pass", () => {
    for (const raw of ["https://example.com/hooks?x=1", "https://hooks.example.com:8443/a/b", "https://93.184.216.34/x", "https://[2606:4700:4700::1111]/x"]) {
      expect(parseTargetUrl(raw, strict).ok).toBe(true);
    }
  });

  const target = (raw: string, policy = local): Target => {
    const t = parseTargetUrl(raw, policy);
    if (!t.ok) throw new Error(t.reason);
    return t.value;
  };

  test("every address a name resolves to is judged: one link-local or metadata answer refuses the name in every mode", () => {
    const name = target("http://receiver.example.test:8080/hook");
    for (const answers of [["169.254.169.254"], ["127.0.0.1", "169.254.169.254"], ["10.0.0.5", "::ffff:a9fe:a9fe"], ["127.0.0.1", "fd00:ec2::254"], ["0xa9fea9fe"]]) {
      const r = checkDestination(name, answers, local);
      expect(r).toMatchObject({ ok: false, kind: "destination" });
      if (!r.ok) expect(r.reason).toBe(`Webhook URL host receiver.example.test resolves to ${parseAddress(answers.at(-1)!)!.canonical} (${parseAddress(answers.at(-1)!)!.class.what}): ${METADATA_RULE}`);
    }
    expect(checkDestination(target("https://receiver.example.test/hook", strict), ["93.184.216.34", "169.254.169.254"], strict)).toMatchObject({ ok: false, reason: expect.stringContaining(METADATA_RULE) });
  });

  test("a name that resolves only to loopback or private addresses is allowed with private targets, and refused without", () => {
    const name = target("http://receiver.example.test:8080/hook");
    expect(checkDestination(name, ["127.0.0.1", "::1"], local)).toEqual({ ok: true, value: "127.0.0.1" });
    expect(checkDestination(name, ["::ffff:127.0.0.1", "10.0.0.5"], local)).toEqual({ ok: true, value: "::ffff:7f00:1" });
    const secure = target("https://receiver.example.test/hook", strict);
    expect(checkDestination(secure, ["127.0.0.1"], strict)).toMatchObject({ ok: false, reason: expect.stringContaining("loopback") });
    expect(checkDestination(secure, ["93.184.216.34", "127.0.0.1"], strict)).toMatchObject({ ok: false, reason: expect.stringContaining("127.0.0.1") });
  });

  test("a name with one public answer is a public receiver: plain http is refused even with private targets allowed", () => {
    expect(checkDestination(target("http://receiver.example.test:8080/hook"), ["127.0.0.1", "93.184.216.34"], local)).toMatchObject({ ok: false, reason: expect.stringContaining("HTTPS") });
    expect(checkDestination(target("https://receiver.example.test/hook"), ["127.0.0.1", "93.184.216.34"], local)).toEqual({ ok: true, value: "127.0.0.1" });
  });

  test("a name that resolves to nothing, or to something that is not an address, is refused", () => {
    const name = target("https://receiver.example.test/hook", strict);
    expect(checkDestination(name, [], strict)).toMatchObject({ ok: false, reason: expect.stringContaining("does not resolve") });
    expect(checkDestination(name, ["93.184.216.34", "not-an-address"], strict)).toMatchObject({ ok: false, reason: expect.stringContaining("not an IP address") });
    expect(checkDestination(name, ["93.184.216.34", "2606:4700::1"], strict)).toEqual({ ok: true, value: "93.184.216.34" });
  });

  test("the request goes to the checked address and keeps the host name for Host", () => {
    const t = target("https://hooks.example.com:8443/a?b=1", strict);
    expect(pinnedRequestUrl(t, "93.184.216.34")).toEqual({ url: "https://93.184.216.34:8443/a?b=1", hostHeader: "hooks.example.com:8443" });
    expect(pinnedRequestUrl(t, "2606:4700::1").url).toBe("https://[2606:4700::1]:8443/a?b=1");
    expect(t.hostname).toBe("hooks.example.com");
  });
});
