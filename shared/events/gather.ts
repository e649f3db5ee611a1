import type { Transaction } from "../db/connect.ts";
import type { HandlerHooks } from "./consumer.ts";

/**
 * Collects items across the handlers of one consumer transaction and hands them all to `write`
 * just before it commits, so what a batch of events writes takes one statement, not one per event.
 */
export function gatherInTransaction<T>(write: (items: T[], tx: Transaction, hooks: HandlerHooks) => Promise<void>): (item: T, tx: Transaction, hooks: HandlerHooks) => void {
  const gathered = new WeakMap<Transaction, T[]>();
  return (item, tx, hooks) => {
    const items = gathered.get(tx);
    if (items) return void items.push(item);
    const batch = [item];
    gathered.set(tx, batch);
    hooks.beforeCommit(() => write(batch, tx, hooks));
  };
}
