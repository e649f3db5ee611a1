import type { FiredRule } from "./rules.ts";

export type Decision = "ALLOW" | "REVIEW" | "BLOCK";

export interface Thresholds {
  block: number;
  review: number;
}

export interface Verdict {
  decision: Decision;
  score: number;
  /** Every fired rule, whatever the decision (G-20): an ALLOW stays explainable. */
  rulesFired: FiredRule[];
  reason: string;
}

/** Sums the fired rules and decides: a force-blocking rule or the block threshold blocks, the review threshold holds. */
export function decide(fired: readonly (FiredRule | null)[], t: Thresholds): Verdict {
  const rulesFired = fired.filter((r): r is FiredRule => r !== null);
  const score = rulesFired.reduce((sum, r) => sum + r.score, 0);
  const forcing = rulesFired.find((r) => r.forceBlock);
  if (forcing) return { decision: "BLOCK", score, rulesFired, reason: forcing.reason };
  if (score >= t.block) return { decision: "BLOCK", score, rulesFired, reason: `Score ${score} reached the block threshold (${t.block})` };
  if (score >= t.review) return { decision: "REVIEW", score, rulesFired, reason: `Score ${score} requires manual review (threshold ${t.review})` };
  return { decision: "ALLOW", score, rulesFired, reason: rulesFired.length ? `Score ${score} is below the review threshold (${t.review})` : "" };
}
