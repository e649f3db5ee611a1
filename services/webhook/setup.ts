import { databaseUrlFor, type BaseConfig } from "../../shared/config.ts";
import type { ServiceContext } from "../../shared/service.ts";
import type { Clock } from "./clock.ts";
import { resolveWebhookSettings, type WebhookConfig } from "./config.ts";
import { createDeliveries, type Deliveries } from "./deliveries.ts";
import type { Random } from "./domain/schedule.ts";
import { createSecretBox } from "./domain/secret-box.ts";
import { createEndpoints, type Endpoints } from "./endpoints.ts";
import { openDeliveryQueue, partitionOf } from "./queue.ts";
import { createTargetGuard, type Resolver } from "./target-guard.ts";
import { createDeliveryWorker, type DeliveryWorker } from "./worker.ts";

export interface WebhookDeps {
  endpoints: Endpoints;
  deliveries: Deliveries;
  worker: DeliveryWorker;
  stopWorker(): Promise<void>;
}

export interface WebhookOptions {
  clock: Clock;
  random: Random;
  resolver: Resolver;
}

/** Wires the webhook service: encrypted secrets, the SSRF guard, stores, the work queue and its worker. */
export async function setupWebhook(ctx: ServiceContext<BaseConfig & { PORT: number } & WebhookConfig>, options: WebhookOptions): Promise<WebhookDeps> {
  const config = ctx.config;
  const settings = resolveWebhookSettings(config);
  if (settings.allowPrivateTargets) ctx.log.warn("WEBHOOK_ALLOW_PRIVATE_TARGETS is on: webhooks may reach loopback and private-network receivers, over http and on any port");
  const guard = createTargetGuard({ allowPrivateTargets: settings.allowPrivateTargets }, options.resolver);
  const endpoints = createEndpoints({
    db: ctx.db,
    emit: ctx.emit,
    box: createSecretBox(settings.secretKey),
    guard,
    clock: options.clock,
    rotationOverlapMs: config.WEBHOOK_ROTATION_OVERLAP_H * 3_600_000,
    maxPerUser: config.WEBHOOK_MAX_ENDPOINTS_PER_USER,
  });
  const deliveries = createDeliveries({ db: ctx.db, clock: options.clock, getEndpoint: endpoints.get });
  const databaseName = new URL(databaseUrlFor(ctx.name, config)).pathname.slice(1);
  const queue = await openDeliveryQueue({
    js: ctx.js,
    jsm: await ctx.nc.jetstreamManager(),
    partition: partitionOf(databaseName),
    // An item may wait for a free slot behind a full batch of attempts, then take its own.
    ackWaitMs: 2 * config.WEBHOOK_DELIVERY_TIMEOUT_MS + 30_000,
    log: ctx.log,
  });
  const worker = createDeliveryWorker({
    db: ctx.db,
    queue,
    endpoints,
    guard,
    clock: options.clock,
    random: options.random,
    timeoutMs: config.WEBHOOK_DELIVERY_TIMEOUT_MS,
    requeueGraceMs: config.WEBHOOK_REQUEUE_GRACE_MS,
    concurrency: config.WEBHOOK_WORKER_CONCURRENCY,
    log: ctx.log,
  });
  const running = await queue.consume((item) => worker.run(item), config.WEBHOOK_WORKER_CONCURRENCY);
  const stopWorker = async () => {
    await running.stop();
    await worker.stop();
  };
  return { endpoints, deliveries, worker, stopWorker };
}
