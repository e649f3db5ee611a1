import type { authContract } from "../../proto-like-schemas/auth.ts";
import type { Transaction } from "../../proto-like-schemas/transactions.ts";
import type { Logger } from "../../shared/log.ts";
import type { RpcClient } from "../../shared/rpc/client.ts";

/** The other party of a transaction as its viewer may see them: who they paid or who paid them. */
export interface Counterparty {
  id: string;
  /** Null when the directory could not be asked or no longer knows the user. */
  name: string | null;
  email: string | null;
}

export type WithCounterparty<T> = T & { counterparty: Counterparty | null };

/** The other party's id for `viewerId`; null for a top-up, which has none. */
export const counterpartyId = (t: Pick<Transaction, "senderId" | "recipientId">, viewerId: string): string | null =>
  t.recipientId === null ? null : t.senderId === viewerId ? t.recipientId : t.senderId;

/**
 * Adds each transaction's other party with their name, so a page can say "Ada Lovelace" instead
 * of an id. Only the parties of transactions the viewer may already see are looked up (the caller
 * passes the viewer's own list), so this reveals nobody new. When the directory does not answer,
 * the list is still served, with the names left out.
 */
export async function withCounterparties<T extends Pick<Transaction, "senderId" | "recipientId">>(
  auth: RpcClient<typeof authContract>,
  log: Logger,
  items: T[],
  viewerId: string,
): Promise<WithCounterparty<T>[]> {
  const ids = [...new Set(items.map((t) => counterpartyId(t, viewerId)).filter((id): id is string => id !== null))];
  const known = new Map<string, { name: string | null; email: string }>();
  if (ids.length > 0) {
    try {
      for (const u of (await auth.getUsers({ userIds: ids }, { timeoutMs: 2_000 })).users) known.set(u.id, { name: u.name, email: u.email });
    } catch (err) {
      log.warn("counterparty names unavailable", { error: (err as Error).message });
    }
  }
  return items.map((t) => {
    const id = counterpartyId(t, viewerId);
    if (id === null) return { ...t, counterparty: null };
    const found = known.get(id);
    return { ...t, counterparty: { id, name: found?.name ?? null, email: found?.email ?? null } };
  });
}
