import type { Database } from "../../shared/db/connect.ts";
import type { Logger } from "../../shared/log.ts";
import type { Job } from "../../shared/service.ts";
import type { Idempotency } from "./idempotency.ts";
import type { Settlement } from "./settlement.ts";
import { findStale, markSwept } from "./store.ts";

export interface JobsDeps {
  db: Database;
  settlement: Settlement;
  idempotency: Idempotency;
  log: Logger;
  staleAfterS: number;
  everyMs: number;
  batch: number;
}

/**
 * The sweeper settles transactions left unsettled by a crash or an outage by asking the wallet
 * what happened (planResolution). It runs on one replica at a time (singleton advisory lock) and
 * every write it makes is guarded by the expected status, so a request settling the same
 * transaction concurrently is harmless. Rows it could not settle wait another stale period.
 */
export function transactionsJobs({ db, settlement, idempotency, log, staleAfterS, everyMs, batch }: JobsDeps): Job[] {
  return [
    {
      name: "sweeper",
      everyMs,
      singleton: true,
      async run() {
        for (const row of await findStale(db, staleAfterS, batch)) {
          try {
            const { row: after } = await settlement.resolve(row);
            if (after.status === row.status && after.heldAt?.getTime() === row.heldAt?.getTime()) await markSwept(db, row.id);
            else log.info("sweeper settled transaction", { transactionId: row.id, from: row.status, to: after.status });
          } catch (err) {
            log.error("sweeper could not settle transaction", { transactionId: row.id, err });
            await markSwept(db, row.id).catch(() => {});
          }
        }
      },
    },
    {
      name: "idempotency-prune",
      everyMs: 10 * 60_000,
      singleton: true,
      async run() {
        const pruned = await idempotency.prune();
        if (pruned) log.info("expired idempotency keys removed", { count: pruned });
      },
    },
  ];
}
