/** A share of a bill split as the creator proposes it. */
export interface ShareInput {
  userId: string;
  amountCents: number;
}

export interface ShareIssue {
  field: string;
  message: string;
}

/**
 * Checks the shares of a new split against its total: shares (already whole positive cents) must
 * add up exactly to the total, each participant appears once, and someone other than the creator
 * owes something (a split only the creator pays is no split). Ids compare case-insensitively.
 */
export function shareIssues(creatorId: string, totalCents: number, shares: readonly ShareInput[]): ShareIssue[] {
  const issues: ShareIssue[] = [];
  const seen = new Map<string, number>();
  shares.forEach((s, i) => {
    const key = s.userId.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) issues.push({ field: `participants.${i}.userId`, message: `duplicates participants.${first}.userId` });
    else seen.set(key, i);
  });
  const sum = shares.reduce((n, s) => n + s.amountCents, 0);
  if (sum !== totalCents) issues.push({ field: "participants", message: `shares add up to ${sum} cents but the total is ${totalCents} cents` });
  if (shares.length > 0 && shares.every((s) => s.userId.toLowerCase() === creatorId.toLowerCase())) {
    issues.push({ field: "participants", message: "must include someone other than you" });
  }
  return issues;
}

export interface ShareState {
  status: "PENDING" | "PAID";
}

/** A split is settled when every share is paid. */
export const allPaid = (shares: readonly ShareState[]): boolean => shares.length > 0 && shares.every((s) => s.status === "PAID");
