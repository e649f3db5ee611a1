import { describe, expect, test } from "bun:test";
import { decide } from "./decision.ts";
import type { FiredRule } from "./rules.ts";

const t = { block: 100, review: 50 };
const rule = (name: FiredRule["rule"], score: number, forceBlock = false): FiredRule => ({ rule: name, score, forceBlock, reason: `${name} fired` });

describe("decision engine", () => {
  test("nothing fired → ALLOW, score 0, empty reason", () => {
    expect(decide([null, null], t)).toEqual({ decision: "ALLOW", score: 0, rulesFired: [], reason: "" });
  });
  test("below the review threshold → ALLOW, and the fired rules are still reported", () => {
    const v = decide([rule("geo_anomaly", 40), null], t);
    expect(v.decision).toBe("ALLOW");
    expect(v.score).toBe(40);
    expect(v.rulesFired.map((r) => r.rule)).toEqual(["geo_anomaly"]);
    expect(v.reason).toContain("below the review threshold");
  });
  test("49 allows, 50 holds for review", () => {
    expect(decide([rule("geo_anomaly", 49)], t).decision).toBe("ALLOW");
    expect(decide([rule("new_recipient_large", 50)], t).decision).toBe("REVIEW");
  });
  test("99 reviews, 100 blocks by threshold; scores are summed", () => {
    expect(decide([rule("large_amount_deviation", 60), rule("night_large", 30)], t)).toMatchObject({ decision: "REVIEW", score: 90 });
    const v = decide([rule("large_amount_deviation", 60), rule("geo_anomaly", 40)], t);
    expect(v).toMatchObject({ decision: "BLOCK", score: 100, reason: "Score 100 reached the block threshold (100)" });
  });
  test("a force-blocking rule blocks whatever the score, with its own reason", () => {
    const v = decide([rule("sanctioned_recipient", 0, true), null], t);
    expect(v).toEqual({ decision: "BLOCK", score: 0, rulesFired: [rule("sanctioned_recipient", 0, true)], reason: "sanctioned_recipient fired" });
  });
  test("thresholds are configuration", () => {
    expect(decide([rule("night_large", 30)], { block: 60, review: 30 }).decision).toBe("REVIEW");
    expect(decide([rule("night_large", 30), rule("night_large", 30)], { block: 60, review: 30 }).decision).toBe("BLOCK");
  });
});
