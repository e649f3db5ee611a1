import type { z } from "zod";
import type { firedRule } from "../../../proto-like-schemas/fraud.ts";
import { dollars } from "./money.ts";
import { exceedsDeviation, meanCents, type RunningStats } from "./welford.ts";

/**
 * The six scoring rules, each a pure function of what was looked up for one transfer. A rule
 * returns the fired rule (score, reason, whether it blocks on its own) or null when silent.
 */
export type FiredRule = z.infer<typeof firedRule>;

export interface VelocitySettings {
  max: number;
  windowS: number;
  score: number;
}

/** More than `max` transfers (this one included) in the sliding window. */
export function velocityRule(transfersInWindow: number, s: VelocitySettings): FiredRule | null {
  if (transfersInWindow <= s.max) return null;
  return {
    rule: "velocity_breach",
    score: s.score,
    forceBlock: true,
    reason: `${transfersInWindow} transfers in the last ${windowText(s.windowS)} (at most ${s.max} allowed)`,
  };
}

const windowText = (seconds: number) =>
  seconds % 3600 === 0 ? `${seconds / 3600} h` : seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;

export interface DeviationSettings {
  sigmas: number;
  minSamples: number;
  score: number;
}

/** Amount above mean + k·σ of the sender's completed transfers, once there are enough of them. */
export function largeAmountRule(amount: number, stats: RunningStats, s: DeviationSettings): FiredRule | null {
  if (stats.count < BigInt(s.minSamples)) return null;
  if (!exceedsDeviation(stats, amount, s.sigmas)) return null;
  return {
    rule: "large_amount_deviation",
    score: s.score,
    forceBlock: false,
    reason: `Amount ${dollars(amount)} is more than ${s.sigmas} standard deviations above the sender's typical transfer of ${dollars(Math.round(meanCents(stats)))}`,
  };
}

export interface ThresholdSettings {
  /** Fires strictly above this amount in cents. */
  thresholdCents: number;
  score: number;
}

/** A large amount to someone who is neither a contact nor paid before. */
export function newRecipientRule(amount: number, knownRecipient: boolean, s: ThresholdSettings): FiredRule | null {
  if (knownRecipient || amount <= s.thresholdCents) return null;
  return {
    rule: "new_recipient_large",
    score: s.score,
    forceBlock: false,
    reason: `Large transfer (${dollars(amount)}) to a recipient who is neither a contact nor paid before`,
  };
}

/** The request's country differs from the one the user usually transacts from; silent without either. */
export function geoRule(country: string | null, usualCountry: string | null, s: { score: number }): FiredRule | null {
  if (!country || !usualCountry || country.toUpperCase() === usualCountry.toUpperCase()) return null;
  return {
    rule: "geo_anomaly",
    score: s.score,
    forceBlock: false,
    reason: `Request came from ${country.toUpperCase()} but the account usually transacts from ${usualCountry.toUpperCase()}`,
  };
}

export interface NightSettings extends ThresholdSettings {
  /** First and last UTC hour (inclusive) of the night; the range may wrap past midnight. */
  fromHour: number;
  toHour: number;
}

export const isNightHour = (hour: number, fromHour: number, toHour: number): boolean =>
  fromHour <= toHour ? hour >= fromHour && hour <= toHour : hour >= fromHour || hour <= toHour;

/** A large amount during the UTC night. */
export function nightRule(amount: number, at: Date, s: NightSettings): FiredRule | null {
  const hour = at.getUTCHours();
  if (amount <= s.thresholdCents || !isNightHour(hour, s.fromHour, s.toHour)) return null;
  return {
    rule: "night_large",
    score: s.score,
    forceBlock: false,
    reason: `Large transfer (${dollars(amount)}) at ${String(hour).padStart(2, "0")}:00 UTC`,
  };
}

/** The recipient is on the sanctions list. */
export function sanctionedRule(recipientId: string, sanctioned: boolean, s: { score: number }): FiredRule | null {
  if (!sanctioned) return null;
  return { rule: "sanctioned_recipient", score: s.score, forceBlock: true, reason: `Recipient ${recipientId} is on the sanctions list` };
}
