/**
 * Running mean and spread of a sender's transfer amounts (Welford's algorithm) in exact
 * fixed-point arithmetic: mean and M2 are bigints scaled by 10^20, stored as Postgres numeric.
 * Amounts are integer cents, so the only rounding is the 20th decimal of a cent per update: no
 * binary floating point ever touches the statistics (G-19).
 */
export const STATS_SCALE_DIGITS = 20;
const SCALE = 10n ** BigInt(STATS_SCALE_DIGITS);

export interface RunningStats {
  count: bigint;
  /** Mean amount in cents × 10^20. */
  mean: bigint;
  /** Sum of squared deviations from the mean in cents² × 10^20. */
  m2: bigint;
}

export const EMPTY_STATS: RunningStats = { count: 0n, mean: 0n, m2: 0n };

/** a / b rounded half away from zero (bigint division truncates); b > 0. */
function divRound(a: bigint, b: bigint): bigint {
  const q = a / b;
  const r = a % b;
  const twiceRemainder = 2n * (r < 0n ? -r : r);
  if (twiceRemainder >= b) return q + (a < 0n ? -1n : 1n);
  return q;
}

/** Adds one transfer amount (integer cents). */
export function addSample(stats: RunningStats, amountCents: number): RunningStats {
  const x = BigInt(amountCents) * SCALE;
  const count = stats.count + 1n;
  const delta = x - stats.mean;
  const mean = stats.mean + divRound(delta, count);
  const m2 = stats.m2 + divRound(delta * (x - mean), SCALE);
  // Mathematically M2 never shrinks; rounding of a near-zero delta must not make it negative.
  return { count, mean, m2: m2 < 0n ? 0n : m2 };
}

/**
 * The statistics of a whole set of amounts at once, from exact sums (mean = S/n, M2 = Q − S²/n),
 * rounded once: the same whatever the order, which a fold of addSample only is when nothing rounds.
 * Used to derive a sender's statistics again after a transfer leaves them.
 */
export function statsFromAmounts(amountsCents: readonly number[]): RunningStats {
  const count = BigInt(amountsCents.length);
  if (count === 0n) return EMPTY_STATS;
  let sum = 0n;
  let squares = 0n;
  for (const amount of amountsCents) {
    const x = BigInt(amount);
    sum += x;
    squares += x * x;
  }
  return { count, mean: divRound(sum * SCALE, count), m2: divRound((squares * count - sum * sum) * SCALE, count) };
}

/** Population variance in cents² (for display and tests; decisions use exceedsDeviation). */
export function variance(stats: RunningStats): number {
  if (stats.count === 0n) return 0;
  return Number(stats.m2) / Number(SCALE) / Number(stats.count);
}

export const meanCents = (stats: RunningStats): number => Number(stats.mean) / Number(SCALE);

/**
 * amount > mean + k·σ (σ = population standard deviation), decided exactly without a square
 * root: for d = amount − mean > 0 it is d² · n > k² · M2. k is taken to a thousandth.
 */
export function exceedsDeviation(stats: RunningStats, amountCents: number, sigmas: number): boolean {
  if (stats.count === 0n) return false;
  const d = BigInt(amountCents) * SCALE - stats.mean;
  if (d <= 0n) return false;
  const kMilli = BigInt(Math.round(sigmas * 1000));
  return d * d * stats.count * 1_000_000n > kMilli * kMilli * stats.m2 * SCALE;
}

/** Fixed-point value → decimal string with exactly 20 fractional digits (what the numeric column stores). */
export function toDecimal(value: bigint): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(STATS_SCALE_DIGITS + 1, "0");
  const cut = digits.length - STATS_SCALE_DIGITS;
  return `${negative ? "-" : ""}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

/** Decimal string (as Postgres returns numeric) → fixed-point value; extra digits are truncated. */
export function fromDecimal(text: string): bigint {
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) throw new Error(`Not a decimal: ${text}`);
  const [, sign, whole = "", fraction = ""] = match;
  const scaled = BigInt((whole || "0") + fraction.padEnd(STATS_SCALE_DIGITS, "0").slice(0, STATS_SCALE_DIGITS));
  return sign === "-" ? -scaled : scaled;
}
