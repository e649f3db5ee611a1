import { defineService } from "../../shared/service.ts";
import { systemClock, type Clock } from "./clock.ts";
import { notificationsConfig } from "./config.ts";
import { notificationsConsumers } from "./events.ts";
import { buildNotificationsHttp } from "./http.ts";
import { setupNotifications } from "./setup.ts";

/** The notifications service; tests pass their own clock (e-mail retry back-off). */
export const createNotificationsService = (options: { clock?: Clock } = {}) =>
  defineService({
    name: "notifications",
    port: 4006,
    config: notificationsConfig,
    database: { migrationsFolder: new URL("./db/migrations", import.meta.url).pathname },
    redis: false,
    setup: (ctx) => setupNotifications(ctx, options.clock ?? systemClock),
    http: (ctx) =>
      buildNotificationsHttp({
        db: ctx.db,
        nc: ctx.nc,
        verifier: ctx.verifier,
        log: ctx.log,
        shutdown: ctx.shutdown,
        heartbeatMs: ctx.config.SSE_HEARTBEAT_MS,
        replayLimit: ctx.config.SSE_REPLAY_LIMIT,
      }),
    consumers: (_ctx, deps) => notificationsConsumers(deps.notify),
    // Not a singleton: replicas share the queue through SKIP LOCKED and leases.
    jobs: (ctx, deps) => [{ name: "send-mail", everyMs: ctx.config.MAIL_POLL_MS, run: () => deps.mailSender.drain() }],
    onStop: async (_ctx, deps) => deps.mailSender.stop(),
  });

export const service = createNotificationsService();

if (import.meta.main) await service.main();
