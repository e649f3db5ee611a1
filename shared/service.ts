import type { Hono } from "hono";
import Redis from "ioredis";
import type { JetStreamClient, JetStreamManager, NatsConnection } from "nats";
import { connectNats } from "./net/nats-connect.ts";
import type { z } from "zod";
import { EVENT_DOMAINS, eventCatalog } from "../proto-like-schemas/events/index.ts";
import { consumption, type ConsumptionTable } from "../proto-like-schemas/consumption.ts";
import { databaseUrlFor, loadConfig, type BaseConfig } from "./config.ts";
import { connectDatabase, ensureDatabase, type Database, type DatabaseHandle, type Transaction } from "./db/connect.ts";
import { applyMigrations } from "./db/migrate.ts";
import { inTransaction } from "./db/transaction.ts";
import { domainOf, type EventCatalog } from "./events/envelope.ts";
import { startConsumer, type ConsumerSettings, type EventHandler, type RunningConsumer } from "./events/consumer.ts";
import { createEmitter, startOutboxRelay, type Emit, type OutboxRelay } from "./events/outbox.ts";
import { ensureStreams } from "./events/streams.ts";
import { buildRootApp, type ErrorRenderer } from "./http/app.ts";
import { createTokenVerifier, remoteKeySet, type TokenVerifier } from "./http/auth.ts";
import { createLogger, type Logger } from "./log.ts";
import { safeErrorMessage } from "./safe-error.ts";
import { rpcClient, type RpcClient } from "./rpc/client.ts";
import type { Contract } from "./rpc/contract.ts";
import { serveContract, type Handlers, type RpcServer } from "./rpc/server.ts";
import { initTelemetry, shutdownTelemetry } from "./telemetry.ts";

export interface ServiceContext<Config, Catalog extends EventCatalog = typeof eventCatalog> {
  name: string;
  config: Config;
  log: Logger;
  /** Present when the service declares `database`. */
  db: Database;
  dbHandle: DatabaseHandle;
  /** Present when the service declares `redis: true`. */
  redis: Redis;
  nc: NatsConnection;
  js: JetStreamClient;
  verifier: TokenVerifier;
  /** Typed RPC client for another service's contract. */
  rpc<C extends Contract>(contract: C): RpcClient<C>;
  /** Writes an event to the outbox inside the given transaction. */
  emit: Emit<Catalog>;
  transaction<T>(name: string, fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Aborted when shutdown begins; long-running loops watch it. */
  shutdown: AbortSignal;
}

export interface RpcRegistration {
  contract: Contract;
  handlers: Handlers<any>;
}
export const serve = <C extends Contract>(contract: C, handlers: Handlers<C>): RpcRegistration => ({ contract, handlers });

export interface Job {
  name: string;
  everyMs: number;
  /** Run on one replica at a time (a transaction-scoped advisory lock guards each run). */
  singleton?: boolean;
  run(): Promise<void>;
}

export interface ServiceDefinition<S extends z.ZodRawShape, Catalog extends EventCatalog, D> {
  name: string;
  port: number;
  config?: z.ZodObject<S>;
  /** Folder of drizzle-kit migrations; declaring it gives the service its own database. */
  database?: { migrationsFolder: string };
  redis?: boolean;
  /** Defaults to true; the web tier needs no broker. */
  nats?: boolean;
  /** Content types accepted for request bodies (default JSON only). */
  acceptedContentTypes?: readonly string[];
  bodyLimitBytes?: number;
  /** Larger body limits for a few exact paths (an upload route), leaving every other route at bodyLimitBytes. */
  routeBodyLimits?: Readonly<Record<string, number>>;
  /** Renders the runtime's own refusals (body, content type, characters) in the service's form: pages for the web tier. */
  renderError?: ErrorRenderer;
  eventCatalog?: Catalog;
  consumptionTable?: ConsumptionTable;
  consumerSettings?: Partial<ConsumerSettings>;
  /** Builds what the service's parts share (stores, clients, keys); its result is passed to every hook. */
  setup?: (ctx: Ctx<S, Catalog>) => D | Promise<D>;
  /** Replaces the default remote-JWKS verifier (auth verifies with its own keys). */
  verifier?: (ctx: Ctx<S, Catalog>, deps: D) => TokenVerifier;
  http?: (ctx: Ctx<S, Catalog>, deps: D) => Hono<any> | Promise<Hono<any>>;
  rpc?: (ctx: Ctx<S, Catalog>, deps: D) => RpcRegistration[];
  consumers?: (ctx: Ctx<S, Catalog>, deps: D) => Partial<Record<keyof Catalog & string, EventHandler<any>>>;
  jobs?: (ctx: Ctx<S, Catalog>, deps: D) => Job[];
  onStop?: (ctx: Ctx<S, Catalog>, deps: D) => Promise<void>;
}

type Ctx<S extends z.ZodRawShape, Catalog extends EventCatalog> = ServiceContext<BaseConfig & { PORT: number } & z.infer<z.ZodObject<S>>, Catalog>;

export interface RunningService<Config, Catalog extends EventCatalog> {
  url: string;
  port: number;
  ctx: ServiceContext<Config, Catalog>;
  /** Publishes whatever is in the outbox now (tests use it to avoid waiting on the poll). */
  flushOutbox(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Values laid over process.env. */
  env?: Record<string, string | undefined>;
  /** Install SIGTERM/SIGINT handlers (true when run as a program). */
  handleSignals?: boolean;
}

const missing = (what: string, service: string) =>
  new Proxy({}, { get: () => { throw new Error(`Service "${service}" did not declare ${what}`); } });

export function defineService<S extends z.ZodRawShape, D = undefined, Catalog extends EventCatalog = typeof eventCatalog>(def: ServiceDefinition<S, Catalog, D>) {
  type Config = BaseConfig & { PORT: number } & z.infer<z.ZodObject<S>>;

  async function start(options: StartOptions = {}): Promise<RunningService<Config, Catalog>> {
    const config = loadConfig(def.name, def.port, def.config, { ...process.env, ...options.env }) as Config;
    initTelemetry(`mint-${def.name}`, config.OTEL_EXPORTER_OTLP_ENDPOINT);
    const log = createLogger(def.name, config.LOG_LEVEL);
    const catalog = (def.eventCatalog ?? eventCatalog) as Catalog;
    const table: ConsumptionTable = def.consumptionTable ?? consumption;
    const abort = new AbortController();

    let dbHandle: DatabaseHandle | undefined;
    let redis: Redis | undefined;
    let nc: NatsConnection | undefined;
    let js: JetStreamClient | undefined;
    let jsm: JetStreamManager | undefined;

    if (def.database) {
      const url = databaseUrlFor(def.name, config);
      await ensureDatabase(config.POSTGRES_URL, config.MIGRATIONS_DATABASE_URL ?? url);
      await applyMigrations(config.MIGRATIONS_DATABASE_URL ?? url, def.database.migrationsFolder);
      dbHandle = connectDatabase(url, config.DATABASE_POOL_SIZE);
    }
    if (def.redis) {
      redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2, connectionName: `mint-${def.name}` });
      redis.on("error", (err) => log.warn("redis error", { error: err.message }));
      await redis.connect();
    }
    const wantsNats = def.nats ?? true;
    if (wantsNats) {
      // noAsyncTraces: capturing a stack for every request costs ~8% of RPC throughput.
      nc = await connectNats({ servers: config.NATS_URL, name: `mint-${def.name}`, maxReconnectAttempts: -1, reconnectTimeWait: 250, waitOnFirstConnect: true, noAsyncTraces: true });
      js = nc.jetstream();
      jsm = await nc.jetstreamManager();
      const domains = [...new Set([...EVENT_DOMAINS, ...Object.keys(catalog).map(domainOf)])];
      await ensureStreams(jsm, domains);
    }

    const ctx: ServiceContext<Config, Catalog> = {
      name: def.name,
      config,
      log,
      db: (dbHandle?.db ?? missing("database", def.name)) as Database,
      dbHandle: (dbHandle ?? missing("database", def.name)) as DatabaseHandle,
      redis: (redis ?? missing("redis", def.name)) as Redis,
      nc: (nc ?? missing("nats", def.name)) as NatsConnection,
      js: (js ?? missing("nats", def.name)) as JetStreamClient,
      verifier: createTokenVerifier(remoteKeySet(config.JWKS_URL), config.JWT_ISSUER, config.JWT_AUDIENCE),
      rpc: (contract) => rpcClient(nc ?? (missing("nats", def.name) as NatsConnection), contract, config.RPC_DEFAULT_DEADLINE_MS),
      emit: createEmitter(def.name, catalog),
      transaction: (name, fn) => inTransaction(ctx.db, name, fn),
      shutdown: abort.signal,
    };
    const deps = (await def.setup?.(ctx)) as D;
    if (def.verifier) ctx.verifier = def.verifier(ctx, deps);

    let draining = false;
    const readiness = async () => {
      const checks: Record<string, string> = {};
      const probe = async (name: string, fn: () => Promise<unknown>) => {
        try {
          await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 1_000))]);
          checks[name] = "ok";
        } catch (err) {
          checks[name] = `failing: ${(err as Error).message}`;
        }
      };
      await Promise.all([
        dbHandle ? probe("postgres", () => dbHandle!.sql`select 1`) : undefined,
        redis ? probe("redis", () => redis!.ping()) : undefined,
        nc ? probe("nats", async () => { if (nc!.isClosed()) throw new Error("closed"); await nc!.flush(); }) : undefined,
      ]);
      if (draining) checks.shutdown = "draining";
      return { ok: !draining && Object.values(checks).every((v) => v === "ok"), checks };
    };

    const serviceApp = def.http ? await def.http(ctx, deps) : undefined;
    const app = buildRootApp({
      service: def.name,
      log,
      trustedProxies: config.TRUSTED_PROXIES,
      bodyLimitBytes: def.bodyLimitBytes ?? config.HTTP_BODY_LIMIT_BYTES,
      routeBodyLimits: def.routeBodyLimits,
      acceptedContentTypes: def.acceptedContentTypes === undefined ? ["application/json"] : def.acceptedContentTypes,
      readiness,
      serviceApp,
      siteOrigins: config.PUBLIC_BASE_URL ? [config.PUBLIC_BASE_URL] : [],
      renderError: def.renderError,
    });

    const rpcServers: RpcServer[] = [];
    for (const reg of def.rpc?.(ctx, deps) ?? []) rpcServers.push(await serveContract(nc!, reg.contract, reg.handlers, log));

    const consumers: RunningConsumer[] = [];
    const handlers = (def.consumers?.(ctx, deps) ?? {}) as Record<string, EventHandler<any>>;
    const declared: readonly string[] = table[def.name] ?? [];
    const undeclared = Object.keys(handlers).filter((t) => !declared.includes(t));
    const unhandled = declared.filter((t) => !handlers[t]);
    if (undeclared.length || unhandled.length) {
      throw new Error(`Consumers of "${def.name}" disagree with the consumption table: undeclared ${undeclared.join(",") || "-"}, unhandled ${unhandled.join(",") || "-"}`);
    }
    if (declared.length) {
      if (!dbHandle) throw new Error(`Service "${def.name}" consumes events but has no database for its inbox`);
      const byDomain = new Map<string, Record<string, EventHandler<any>>>();
      for (const type of declared) {
        const domain = domainOf(type);
        byDomain.set(domain, { ...byDomain.get(domain), [type]: handlers[type]! });
      }
      for (const [domain, domainHandlers] of byDomain) {
        consumers.push(await startConsumer({ service: def.name, domain, js: js!, jsm: jsm!, db: dbHandle.db, catalog, handlers: domainHandlers, settings: def.consumerSettings, log }));
      }
    }

    const relay: OutboxRelay | undefined = dbHandle && js ? startOutboxRelay(dbHandle.sql, js, log) : undefined;

    const jobTimers: Timer[] = [];
    const runningJobs = new Set<Promise<void>>();
    for (const job of def.jobs?.(ctx, deps) ?? []) {
      let busy = false;
      jobTimers.push(
        setInterval(() => {
          if (busy || draining) return;
          busy = true;
          const once = job.singleton && dbHandle
            ? () => dbHandle!.sql.begin(async (tx) => {
                const [row] = await tx<{ locked: boolean }[]>`select pg_try_advisory_xact_lock(hashtext(${`${def.name}:${job.name}`})) as locked`;
                if (row?.locked) await job.run();
              }).then(() => undefined)
            : () => job.run();
          const run = once().catch((err) => log.error("job failed", { job: job.name, err })).finally(() => {
            busy = false;
            runningJobs.delete(run);
          });
          runningJobs.add(run);
        }, job.everyMs),
      );
    }

    const server = Bun.serve({
      hostname: config.HOST,
      port: config.PORT,
      idleTimeout: 60,
      // A hard ceiling well above the app's limit, so the app (not Bun) answers with a problem document.
      maxRequestBodySize: Math.max(def.bodyLimitBytes ?? 0, ...Object.values(def.routeBodyLimits ?? {}), config.HTTP_BODY_LIMIT_BYTES, 4 * 1024 * 1024) * 2,
      fetch: (req, srv) => app.fetch(req, { server: srv }),
    });
    const url = `http://${config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST}:${server.port}`;
    log.info("service started", { url, database: dbHandle ? databaseUrlFor(def.name, config).replace(/\/\/[^@]*@/, "//") : undefined });

    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        draining = true;
        abort.abort();
        log.info("shutting down");
        // 1. Stop intake; let in-flight HTTP requests finish within the grace period.
        await Promise.race([server.stop(false), Bun.sleep(config.SHUTDOWN_GRACE_MS)]);
        await server.stop(true);
        // 2. Stop RPC intake and wait for handlers; stop consumers after their current message.
        await Promise.all(rpcServers.map((s) => s.stop()));
        await Promise.all(consumers.map((c) => c.stop()));
        jobTimers.forEach(clearInterval);
        await Promise.all(runningJobs);
        // 3. Publish what was committed, then let go of connections.
        if (relay) {
          await Promise.race([relay.flush().catch(() => {}), Bun.sleep(2_000)]);
          await relay.stop();
        }
        await def.onStop?.(ctx, deps);
        if (nc) await nc.drain().catch(() => {});
        if (redis) await redis.quit().catch(() => {});
        if (dbHandle) await dbHandle.close();
        await shutdownTelemetry();
        log.info("stopped");
      })());

    if (options.handleSignals) {
      const onSignal = () => void stop().then(() => process.exit(0));
      process.once("SIGTERM", onSignal);
      process.once("SIGINT", onSignal);
    }

    return {
      url,
      port: server.port!,
      ctx,
      flushOutbox: async () => relay?.flush(),
      stop,
    };
  }

  return {
    name: def.name,
    start,
    /** Entry-point helper: start with signal handling, and exit with a clear message on bad config. */
    async main() {
      try {
        await start({ handleSignals: true });
      } catch (err) {
        // A start-up statement that failed is named, never quoted with its values.
        console.error(safeErrorMessage(err));
        process.exit(1);
      }
    },
  };
}
