/**
 * Values an attacker or a broken client sends, as fast-check arbitraries: text with control
 * characters and lone surrogates, strings of 100,000 characters, numbers past 2^53, negative
 * zero, NaN and Infinity as text, wrong types, deep nesting and duplicate keys.
 *
 * JSON that JSON.stringify cannot write (duplicate keys, `-0`, `1e400`, nesting 100,000 deep) is
 * written with `Raw` (verbatim JSON text) and `Duplicates` (an object given as a list of
 * entries), which `jsonText` serialises.
 */
import fc from "fast-check";

/** JSON text put into a document as it is. */
export class Raw {
  constructor(readonly text: string) {}
}

/** A JSON object written from its entries, so one key may appear twice. */
export class Duplicates {
  constructor(readonly entries: [string, unknown][]) {}
}

/** JSON text of a value that may contain Raw and Duplicates anywhere. */
export function jsonText(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (value instanceof Duplicates) return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(",")}}`;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(",")}]`;
  if (value !== null && typeof value === "object") return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(",")}}`;
  // JSON.stringify writes NaN and Infinity as null; the raw forms are separate values below.
  return JSON.stringify(value) ?? "null";
}

export const LONG_TEXT_CHARS = 100_000;
const long = "x".repeat(LONG_TEXT_CHARS);
const deepArrays = (depth: number) => new Raw(`${"[".repeat(depth)}${"]".repeat(depth)}`);
const deepObjects = (depth: number) => new Raw(`${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`);

const CONTROL_CHARACTERS = ["\u0000", "\u0001", "\u0007", "\u0008", "\u000b", "\u000c", "\u001b", "\u001f", "\u007f"];
const LONE_SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"];

/** One character no text field may hold. */
export const badCharacter: fc.Arbitrary<string> = fc.constantFrom(...CONTROL_CHARACTERS, ...LONE_SURROGATES);

/** Valid text with one bad character put in: the realistic attack, which every other check lets through. */
export const tainted = (text: string, at: number, bad: string) => {
  const i = at % (text.length + 1);
  return text.slice(0, i) + bad + text.slice(i);
};

/** Numbers and words that parse as numbers in some reader and not in another. */
export const NUMERIC_TEXT = ["NaN", "-NaN", "Infinity", "-Infinity", "-0", "0x10", "1e3", "1e400", "9007199254740993", "-9007199254740993", "123456789012345678901234567890", "1.5", "0.1e-400", " 7", "7 ", "+7", "", " ", "١٢", "null", "undefined", "true"];

/** Text that should never get past the edge, or that stresses whatever reads it. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 6 }), badCharacter, fc.string({ maxLength: 6 }))
      .map(([before, bad, after]) => before + bad + after),
  },
  { weight: 1, arbitrary: fc.constant(long) },
  { weight: 1, arbitrary: fc.constantFrom(...NUMERIC_TEXT) },
  { weight: 1, arbitrary: fc.constantFrom("%00", "%", "../../etc/passwd", "'; drop table users; --", "<script>alert(1)</script>", "__proto__", "\ufeffbom", "\u202eevil", "a\u0000".repeat(3)) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
);

/** JSON values of the wrong kind, out of range, or hard to read. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileText },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(
      new Raw("9007199254740993"),
      new Raw("-9007199254740993"),
      2 ** 53,
      2 ** 53 + 2,
      new Raw("1e400"),
      new Raw("-1e400"),
      new Raw("-0"),
      new Raw("123456789012345678901234567890"),
      new Raw("1E2"),
      0.5,
      -1,
      0,
      Number.MAX_VALUE,
      Number.MIN_VALUE,
    ),
  },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, ["x"], { a: 1 }, [null], { __proto__: null, constructor: { prototype: { polluted: true } } }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(deepArrays(10_000), deepObjects(10_000), new Raw('{"__proto__":{"polluted":true}}')) },
  { weight: 1, arbitrary: hostileText.map((bad) => new Duplicates([["a", "ok"], ["a", bad]])) },
);

/** Whole bodies that are not a usable JSON document at all. */
export const hostileJsonBody: fc.Arbitrary<string | Uint8Array> = fc.constantFrom<string | Uint8Array>(
  "",
  "{",
  "[",
  "nul",
  '{"a":}',
  "{'a':1}",
  "\u0000",
  '"\\ud800"',
  '"\\u0000"',
  "1e400",
  "-0",
  "NaN",
  "[]",
  "null",
  '"text"',
  deepArrays(10_000).text,
  deepArrays(100_000).text,
  deepObjects(10_000).text,
  `{"a":"${long}"}`,
  `{${Array.from({ length: 2_000 }, (_, i) => `"k${i}":${i}`).join(",")}}`,
  '\ufeff{"a":1}',
  '{"a":1}{"b":2}',
  new Uint8Array([0xff, 0xfe, 0x7b, 0x7d]),
  new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]),
  new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc0, 0x80, 0x22, 0x7d]),
);

/**
 * Header values a client can send (fetch allows latin-1 without CR, LF and NUL), at most 8,000
 * characters: a service's HTTP server refuses a request line and headers over 16 KiB before any
 * code of ours runs; the gateway turns that refusal into a problem document, but may find the
 * connection closed while it is still sending such headers, and answer 503.
 */
export const hostileHeaderValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("", " ", "x".repeat(8_000), "é\u00ff\u0080", "\t", "\u007f", "NaN", "-0", "9007199254740993", "../..", "Bearer", "Bearer ", "Bearer \t", "00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-ff", "01-00000000000000000000000000000000-0000000000000000-00"),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
);

/**
 * Percent-encodes every code unit, lone surrogates as the three bytes a careless encoder
 * writes for them (not UTF-8), so the server sees exactly the bad text and not a replacement.
 */
export function percentEncode(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      out += `%${(0xe0 | (code >> 12)).toString(16).toUpperCase()}%${(0x80 | ((code >> 6) & 0x3f)).toString(16).toUpperCase()}%${(0x80 | (code & 0x3f)).toString(16).toUpperCase()}`;
    } else out += encodeURIComponent(text[i]!);
  }
  return out;
}

/** A short, readable form of any text for failure reports: escapes shown, long runs counted. */
export function shortText(text: string, max = 80): string {
  const shown = JSON.stringify(text.length > max ? text.slice(0, max) : text).replace(/[\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
  return text.length > max ? `${shown}…(${text.length} characters)` : shown;
}
