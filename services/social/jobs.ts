import type { Job } from "../../shared/service.ts";
import type { Requests } from "./requests.ts";

/**
 * The expiry sweep. Each run expires what is due in batches; it is safe on every replica at once
 * (rows are claimed with SKIP LOCKED and changed conditionally), and singleton only saves work.
 */
export function socialJobs(deps: { requests: Requests; everyMs: number; batch: number }): Job[] {
  return [
    {
      name: "expire-requests",
      everyMs: deps.everyMs,
      singleton: true,
      run: async () => {
        // A full batch means more may be due: keep going until a batch comes back short.
        let expired: number;
        do expired = await deps.requests.expireDue(deps.batch);
        while (expired === deps.batch);
      },
    },
  ];
}
