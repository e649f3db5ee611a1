import type { Role } from "../../../shared/http/auth.ts";

/** What an admin asks for, as far as dual control is concerned. */
export type Request =
  | { kind: "REVERSE" | "FORCE_COMPLETE"; amountCents: number }
  | { kind: "SET_ROLE"; role: Role };

/**
 * Four eyes: moving more than the threshold (a reversal or a force-complete) and making someone
 * an admin wait for a second admin; everything else runs at once.
 */
export function needsSecondAdmin(request: Request, thresholdCents: number): boolean {
  if (request.kind === "SET_ROLE") return request.role === "ADMIN";
  return request.amountCents > thresholdCents;
}
