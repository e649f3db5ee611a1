/**
 * Money as people type and read it. Amounts travel in integer cents; what a person types is
 * parsed as text, never through a float, so "0.29" is 29 cents and not 28.999….
 */

/** The largest amount any form accepts: the APIs' own ceiling of 10^11 cents ($1,000,000,000.00). */
export const MAX_CENTS = 100_000_000_000;

export type ParsedAmount = { ok: true; cents: number } | { ok: false; message: string };

const DOLLARS = /^(\d{1,3}(,\d{3})+|\d+)(\.(\d{1,2}))?$/;

/**
 * "12.34" → 1234; "$1,200" → 120000; "5" → 500; ".5" and "5." are refused, as are more than two
 * decimals, exponents, signs, zero and anything past the ceiling.
 */
export function parseDollars(input: string | undefined): ParsedAmount {
  const text = (input ?? "").trim().replace(/^\$\s*/, "");
  if (text === "") return { ok: false, message: "Enter an amount." };
  if (text.startsWith("-")) return { ok: false, message: "Enter an amount greater than zero." };
  const match = DOLLARS.exec(text);
  if (!match) {
    if (/^\d*\.\d{3,}$/.test(text)) return { ok: false, message: "Use at most two decimal places (cents)." };
    return { ok: false, message: "Enter an amount in dollars, like 12.50." };
  }
  const whole = match[1]!.replaceAll(",", "");
  const fraction = (match[4] ?? "").padEnd(2, "0");
  if (whole.length > 10) return { ok: false, message: `The most you can enter is ${formatCents(MAX_CENTS)}.` };
  const cents = Number(whole) * 100 + Number(fraction);
  if (cents === 0) return { ok: false, message: "Enter an amount greater than zero." };
  if (cents > MAX_CENTS) return { ok: false, message: `The most you can enter is ${formatCents(MAX_CENTS)}.` };
  return { ok: true, cents };
}

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

/** 123456 → "$1,234.56"; -500 → "-$5.00". */
export function formatCents(cents: number): string {
  return usd.format(cents / 100);
}

/** 1234 → "12.34": the value to put back into an amount field. */
export function centsToInput(cents: number): string {
  const whole = Math.trunc(cents / 100);
  const rest = Math.abs(cents % 100);
  return `${whole}.${String(rest).padStart(2, "0")}`;
}
