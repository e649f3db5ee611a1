import type { Job } from "../../shared/service.ts";
import type { Approvals } from "./approvals.ts";

/** The dual-control sweep, on one replica at a time: expire what waited too long, finish what an outage or a crash left approved. */
export function adminJobs(deps: { approvals: Approvals; everyMs: number }): Job[] {
  return [
    {
      name: "approvals-sweep",
      everyMs: deps.everyMs,
      singleton: true,
      async run() {
        await deps.approvals.expireDue();
        await deps.approvals.resumeDue();
      },
    },
  ];
}
