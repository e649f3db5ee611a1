import { defineService } from "../../shared/service.ts";
import { systemClock, type Clock } from "./clock.ts";
import { socialConfig } from "./config.ts";
import { socialConsumers } from "./events.ts";
import { buildSocialHttp } from "./http.ts";
import { socialJobs } from "./jobs.ts";
import { setupSocial } from "./setup.ts";

/** Contacts, money requests and bill splits. Tests pass their own clock (request expiry). */
export const createSocialService = (options: { clock?: Clock } = {}) =>
  defineService({
    name: "social",
    port: 4007,
    config: socialConfig,
    database: { migrationsFolder: new URL("./db/migrations", import.meta.url).pathname },
    setup: (ctx) => setupSocial(ctx, options.clock ?? systemClock),
    http: (ctx, deps) => buildSocialHttp({ verifier: ctx.verifier, ...deps }),
    consumers: (ctx, deps) => socialConsumers({ requests: deps.requests, sharePayments: deps.sharePayments, log: ctx.log }),
    jobs: (ctx, deps) => socialJobs({ requests: deps.requests, everyMs: ctx.config.SOCIAL_EXPIRY_SWEEP_MS, batch: ctx.config.SOCIAL_EXPIRY_BATCH }),
  });

export const service = createSocialService();

if (import.meta.main) await service.main();
