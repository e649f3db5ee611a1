import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { parseCsv } from "../../../../tests/harness/csv.ts";
import { csvField, csvRecord, decimalCents, FORMULA_PREFIXES, neutralise, type CsvCell } from "./csv.ts";

const expected = (cell: CsvCell) => (cell === null || cell === undefined ? "" : typeof cell === "string" ? neutralise(cell) : cell.decimal);

// Text with the characters that matter to CSV and to spreadsheets over-represented.
const nasty = fc.string({ unit: fc.oneof(fc.constantFrom(",", '"', "\r", "\n", "=", "+", "-", "@", "\t", "'", " "), fc.string({ minLength: 1, maxLength: 1 }), fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 })), maxLength: 20 });
const cell: fc.Arbitrary<CsvCell> = fc.oneof(nasty, fc.constant(null), fc.integer({ min: -100_000_000_000, max: 100_000_000_000 }).map(decimalCents));

describe("RFC 4180 records", () => {
  test("quotes only what needs quoting, doubles quotes, ends with CRLF", () => {
    expect(csvRecord(["a", "b,c", 'say "hi"', "two\nlines", "cr\r", null, ""])).toBe('a,"b,c","say ""hi""","two\nlines","cr\r",,\r\n');
    expect(parseCsv(csvRecord(["a", "b,c", 'say "hi"', "two\nlines"]))).toEqual([["a", "b,c", 'say "hi"', "two\nlines"]]);
  });

  test("any row round-trips through an RFC 4180 reader (text neutralised, decimals as written)", () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const text = rows.map(csvRecord).join("");
        expect(parseCsv(text)).toEqual(rows.map((r) => r.map(expected)));
      }),
      { numRuns: 1000 },
    );
  });

  test("a text cell never begins with a formula character once written", () => {
    fc.assert(
      fc.property(nasty, (text) => {
        const [[field]] = parseCsv(csvRecord([text])) as [[string]];
        expect(FORMULA_PREFIXES.some((p) => field.startsWith(p))).toBe(false);
        // Nothing else is changed: the quote is only ever added in front.
        expect(field === text || field === `'${text}`).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  test("the classic payloads are neutralised", () => {
    for (const payload of ['=HYPERLINK("http://evil.example","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,1)", "\t=1+1", "\r=1+1"]) {
      expect(FORMULA_PREFIXES).toContain(payload[0]!);
      expect(parseCsv(csvRecord([payload]))[0]![0]).toBe(`'${payload}`);
    }
    expect(csvField("Pizza night")).toBe("Pizza night");
    expect(csvField("'already quoted")).toBe("'already quoted");
  });
});

describe("amounts", () => {
  test("integer cents become decimal strings without floats, and stay numbers in the file", () => {
    expect(decimalCents(1234).decimal).toBe("12.34");
    expect(decimalCents(-500).decimal).toBe("-5.00");
    expect(decimalCents(5).decimal).toBe("0.05");
    expect(decimalCents(-1).decimal).toBe("-0.01");
    expect(decimalCents(0).decimal).toBe("0.00");
    expect(decimalCents(100_000_000_000).decimal).toBe("1000000000.00");
    expect(csvRecord([decimalCents(-500), "-5.00"])).toBe("-5.00,'-5.00\r\n");
    expect(() => decimalCents(1.5)).toThrow();
  });

  test("every amount reads back to the same cents", () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000_000_000, max: 100_000_000_000 }), (cents) => {
        const [whole, fraction] = decimalCents(cents).decimal.replace("-", "").split(".") as [string, string];
        const back = (Number(whole) * 100 + Number(fraction)) * (cents < 0 ? -1 : 1);
        expect(back).toBe(cents);
      }),
    );
  });

  test("a decimal cell that is not a plain number is refused rather than written", () => {
    expect(() => csvField({ decimal: "=1+1" })).toThrow();
    expect(() => csvField({ decimal: "1e3" })).toThrow();
  });
});
