/**
 * CSV as RFC 4180 writes it: records end in CRLF, a field holding a comma, a double quote, CR or
 * LF is enclosed in double quotes, and a double quote inside is doubled.
 *
 * Spreadsheets run a cell that begins with `=`, `+`, `-` or `@` (and TAB or CR, which some of
 * them skip first) as a formula, so text that came from people (descriptions, names) could run
 * code on the machine of whoever opens the file. Such text cells are neutralised the way OWASP
 * recommends: a single quote is put in front, which the spreadsheet shows as text. Numbers this
 * service writes itself from integer cents are not untrusted text and stay numbers: a decimal
 * cell is checked to be exactly `-?digits.digits` and written as it is, so "-5.00" sums in a
 * spreadsheet instead of reading as the text "'-5.00".
 */

/** A number this service formats itself; written unquoted and never neutralised. */
export interface DecimalCell {
  readonly decimal: string;
}

export type CsvCell = string | null | undefined | DecimalCell;

/** The first characters that make a spreadsheet treat a cell as a formula. */
export const FORMULA_PREFIXES: readonly string[] = ["=", "+", "-", "@", "\t", "\r"];

const DECIMAL = /^-?\d+\.\d{2}$/;

/** Integer cents as a decimal amount: 1234 → "12.34", -500 → "-5.00". No float is involved. */
export function decimalCents(cents: number): DecimalCell {
  if (!Number.isSafeInteger(cents)) throw new RangeError("cents must be a safe integer");
  const abs = Math.abs(cents);
  return { decimal: `${cents < 0 ? "-" : ""}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}` };
}

/** Text that a spreadsheet would run as a formula gets a leading single quote; other text is left alone. */
export function neutralise(text: string): string {
  return FORMULA_PREFIXES.some((p) => text.startsWith(p)) ? `'${text}` : text;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One field as it appears in the file. */
export function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell !== "string") {
    if (!DECIMAL.test(cell.decimal)) throw new RangeError("a decimal cell must be -?digits.digits");
    return cell.decimal;
  }
  const safe = neutralise(cell);
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One record, CRLF included. */
export function csvRecord(cells: readonly CsvCell[]): string {
  return cells.map(csvField).join(",") + "\r\n";
}
