export interface CountrySeen {
  country: string;
  count: number;
  firstSeenAt: Date;
}

/** The country most seen in a user's earlier transfers; on a tie the one seen first (the established one). */
export function usualCountry(seen: readonly CountrySeen[]): string | null {
  let best: CountrySeen | undefined;
  for (const c of seen) {
    if (c.count <= 0) continue;
    if (!best || c.count > best.count || (c.count === best.count && c.firstSeenAt.getTime() < best.firstSeenAt.getTime())) best = c;
  }
  return best?.country ?? null;
}
