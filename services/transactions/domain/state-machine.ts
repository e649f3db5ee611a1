import type { TRANSACTION_STATUSES } from "../../../proto-like-schemas/transactions.ts";

export type Status = (typeof TRANSACTION_STATUSES)[number];

/**
 * Every status change a transaction may make. Two exits of PENDING go beyond the classic table:
 * PENDING → FAILED (fraud block, or a hold the wallet refused, before anything was processed) and
 * PENDING → COMPLETED (a transfer held for review whose hold is captured). Terminal states have
 * no exits; REVERSED is reached only from COMPLETED.
 */
export const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  PENDING: ["PROCESSING", "COMPLETED", "FAILED", "CANCELLED"],
  PROCESSING: ["COMPLETED", "FAILED"],
  COMPLETED: ["REVERSED"],
  FAILED: [],
  CANCELLED: [],
  REVERSED: [],
};

export const canTransition = (from: Status, to: Status): boolean => TRANSITIONS[from].includes(to);

export const isTerminal = (status: Status): boolean => TRANSITIONS[status].length === 0;

/** Statuses whose amount still counts against the sender's limits: a failed or cancelled one gives it back. */
export const COUNTED_STATUSES: readonly Status[] = ["PENDING", "PROCESSING", "COMPLETED"];

/** Statuses in which the sweeper may find a transaction whose outcome is not recorded yet. */
export const UNSETTLED_STATUSES: readonly Status[] = ["PENDING", "PROCESSING"];

export class InvalidTransitionError extends Error {
  constructor(
    readonly from: Status,
    readonly to: Status,
  ) {
    const allowed = TRANSITIONS[from];
    super(`Invalid state transition: cannot move from ${from} to ${to}. Allowed from ${from}: ${allowed.length ? allowed.join(", ") : "none (terminal)"}`);
    this.name = "InvalidTransitionError";
  }
}

export function assertTransition(from: Status, to: Status): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);
}
