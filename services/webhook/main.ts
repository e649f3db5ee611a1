import { defineService } from "../../shared/service.ts";
import { systemClock, systemRandom, type Clock } from "./clock.ts";
import { webhookConfig } from "./config.ts";
import type { Random } from "./domain/schedule.ts";
import { webhookConsumers } from "./events.ts";
import { buildWebhookHttp } from "./http.ts";
import { webhookJobs } from "./jobs.ts";
import { setupWebhook } from "./setup.ts";
import { systemResolver, type Resolver } from "./target-guard.ts";

/** The webhook service. Tests pass their own clock, jitter and DNS. */
export const createWebhookService = (options: { clock?: Clock; random?: Random; resolver?: Resolver } = {}) =>
  defineService({
    name: "webhook",
    port: 4008,
    config: webhookConfig,
    database: { migrationsFolder: new URL("./db/migrations", import.meta.url).pathname },
    redis: false,
    setup: (ctx) => setupWebhook(ctx, { clock: options.clock ?? systemClock, random: options.random ?? systemRandom, resolver: options.resolver ?? systemResolver }),
    http: (ctx, deps) => buildWebhookHttp({ verifier: ctx.verifier, ...deps }),
    consumers: (_ctx, deps) => webhookConsumers(deps),
    jobs: (ctx, deps) => webhookJobs({ worker: deps.worker, everyMs: ctx.config.WEBHOOK_SCHEDULER_EVERY_MS }),
    onStop: async (_ctx, deps) => deps.stopWorker(),
  });

export const service = createWebhookService();

if (import.meta.main) await service.main();
