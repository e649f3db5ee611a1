import type { Job } from "../../shared/service.ts";
import type { DeliveryWorker } from "./worker.ts";

export function webhookJobs(deps: { worker: DeliveryWorker; everyMs: number }): Job[] {
  return [
    {
      // Retries come due here, and work items lost between a commit and its publish are replaced.
      name: "delivery-scheduler",
      everyMs: deps.everyMs,
      singleton: true,
      run: async () => void (await deps.worker.schedule()),
    },
  ];
}
