import { describe, expect, test } from "bun:test";
import { geoRule, isNightHour, largeAmountRule, newRecipientRule, nightRule, sanctionedRule, velocityRule } from "./rules.ts";
import { addSample, EMPTY_STATS, type RunningStats } from "./welford.ts";

const statsOf = (amounts: number[]): RunningStats => amounts.reduce(addSample, EMPTY_STATS);
const utc = (hour: number, minute = 0) => new Date(Date.UTC(2030, 0, 15, hour, minute));

describe("velocity_breach", () => {
  const s = { max: 5, windowS: 3600, score: 100 };
  test("5 transfers in the window do not fire", () => {
    expect(velocityRule(5, s)).toBeNull();
  });
  test("the 6th fires with its score and forces a block", () => {
    expect(velocityRule(6, s)).toEqual({ rule: "velocity_breach", score: 100, forceBlock: true, reason: "6 transfers in the last 1 h (at most 5 allowed)" });
  });
  test("limit and window come from the settings", () => {
    expect(velocityRule(3, { max: 2, windowS: 300, score: 80 })).toMatchObject({ score: 80, reason: "3 transfers in the last 5 min (at most 2 allowed)" });
    expect(velocityRule(2, { max: 2, windowS: 300, score: 80 })).toBeNull();
  });
});

describe("large_amount_deviation", () => {
  const s = { sigmas: 3, minSamples: 5, score: 60 };
  // mean 100, population σ 10: the line is 130.
  const sixSamples = statsOf([90, 110, 90, 110, 90, 110]);
  test("at exactly mean + 3σ it is silent, one cent above it fires", () => {
    expect(largeAmountRule(130, sixSamples, s)).toBeNull();
    const fired = largeAmountRule(131, sixSamples, s);
    expect(fired).toMatchObject({ rule: "large_amount_deviation", score: 60, forceBlock: false });
    expect(fired!.reason).toContain("$1.31");
    expect(fired!.reason).toContain("$1.00");
  });
  test("needs the minimum number of samples: 4 never fire, the 5th makes it count", () => {
    expect(largeAmountRule(1_000_000, statsOf([100, 100, 100, 100]), s)).toBeNull();
    expect(largeAmountRule(101, statsOf([100, 100, 100, 100, 100]), s)).not.toBeNull();
    expect(largeAmountRule(100, statsOf([100, 100, 100, 100, 100]), s)).toBeNull();
  });
  test("no history → silent", () => {
    expect(largeAmountRule(100_000_000, EMPTY_STATS, s)).toBeNull();
  });
  test("amounts below the mean never fire", () => {
    expect(largeAmountRule(1, sixSamples, { ...s, sigmas: 0.001 })).toBeNull();
  });
  test("the number of sigmas is configuration (fractional too)", () => {
    // mean 100, σ 10 → 2.5σ line at 125.
    expect(largeAmountRule(125, sixSamples, { ...s, sigmas: 2.5 })).toBeNull();
    expect(largeAmountRule(126, sixSamples, { ...s, sigmas: 2.5 })).not.toBeNull();
  });
});

describe("new_recipient_large", () => {
  const s = { thresholdCents: 20_000, score: 50 };
  test("$200.00 to an unknown recipient is silent, $200.01 fires", () => {
    expect(newRecipientRule(20_000, false, s)).toBeNull();
    expect(newRecipientRule(20_001, false, s)).toEqual({
      rule: "new_recipient_large",
      score: 50,
      forceBlock: false,
      reason: "Large transfer ($200.01) to a recipient who is neither a contact nor paid before",
    });
  });
  test("a known recipient never fires", () => {
    expect(newRecipientRule(10_000_000, true, s)).toBeNull();
  });
});

describe("geo_anomaly", () => {
  test("a different country than the usual one fires", () => {
    expect(geoRule("FR", "US", { score: 40 })).toEqual({ rule: "geo_anomaly", score: 40, forceBlock: false, reason: "Request came from FR but the account usually transacts from US" });
  });
  test("same country (any case), no history or no country → silent", () => {
    expect(geoRule("US", "US", { score: 40 })).toBeNull();
    expect(geoRule("us", "US", { score: 40 })).toBeNull();
    expect(geoRule("FR", null, { score: 40 })).toBeNull();
    expect(geoRule(null, "US", { score: 40 })).toBeNull();
  });
});

describe("night_large", () => {
  const s = { thresholdCents: 50_000, fromHour: 0, toHour: 4, score: 30 };
  test("hour 4 fires, hour 5 does not", () => {
    expect(nightRule(50_001, utc(4, 59), s)).toMatchObject({ rule: "night_large", score: 30, reason: "Large transfer ($500.01) at 04:00 UTC" });
    expect(nightRule(50_001, utc(5, 0), s)).toBeNull();
  });
  test("hour 0 fires, hour 23 does not", () => {
    expect(nightRule(50_001, utc(0), s)).not.toBeNull();
    expect(nightRule(50_001, utc(23, 59), s)).toBeNull();
  });
  test("$500.00 is silent at night, $500.01 fires", () => {
    expect(nightRule(50_000, utc(2), s)).toBeNull();
    expect(nightRule(50_001, utc(2), s)).not.toBeNull();
  });
  test("a night range may wrap past midnight", () => {
    expect(isNightHour(23, 22, 3)).toBe(true);
    expect(isNightHour(2, 22, 3)).toBe(true);
    expect(isNightHour(4, 22, 3)).toBe(false);
    expect(isNightHour(21, 22, 3)).toBe(false);
  });
});

describe("sanctioned_recipient", () => {
  test("a listed recipient fires and forces a block; an unlisted one is silent", () => {
    expect(sanctionedRule("u-1", true, { score: 100 })).toEqual({ rule: "sanctioned_recipient", score: 100, forceBlock: true, reason: "Recipient u-1 is on the sanctions list" });
    expect(sanctionedRule("u-1", false, { score: 100 })).toBeNull();
  });
});
