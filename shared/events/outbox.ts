import { sql as drizzleSql } from "drizzle-orm";
import { headers as natsHeaders, type JetStreamClient } from "nats";
import type { Sql } from "postgres";
import { AppError, invalidArgument } from "../errors.ts";
import type { Executor } from "../db/connect.ts";
import { outbox } from "../db/tables.ts";
import type { Logger } from "../log.ts";
import { contextFromTraceparent, currentTraceparent, injectInto, SpanKind, withSpan, type HeaderBag } from "../telemetry.ts";
import { subjectOf, type Envelope, type EventCatalog } from "./envelope.ts";

export const OUTBOX_CHANNEL = "mint_outbox";

export interface EmitOptions {
  actorId: string | null;
  subjectUserIds: string[];
  /** Stable id for an event derived from something unique (defaults to a new UUIDv7). */
  id?: string;
}

export type Emit<Catalog extends EventCatalog> = <T extends keyof Catalog & string>(
  tx: Executor,
  type: T,
  data: import("zod").input<Catalog[T]>,
  options: EmitOptions,
) => Promise<Envelope>;

/**
 * Returns `emit`, which writes an event to the outbox inside the caller's transaction: it is
 * published only if that transaction commits, and it survives the broker being down.
 */
export function createEmitter<Catalog extends EventCatalog>(producer: string, catalog: Catalog): Emit<Catalog> {
  return async (tx, type, data, options) => {
    const schema = catalog[type];
    if (!schema) throw new AppError("INTERNAL", `Unknown event type ${type}`);
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw invalidArgument(parsed.error.issues, `Event ${type}`);
    const envelope: Envelope = {
      id: options.id ?? Bun.randomUUIDv7(),
      type,
      occurredAt: new Date().toISOString(),
      producer,
      actorId: options.actorId,
      subjectUserIds: [...new Set(options.subjectUserIds)],
      traceparent: currentTraceparent() ?? null,
      data: parsed.data,
    };
    // One round trip: the row and the relay's wake-up (delivered at commit, dropped on rollback).
    await tx.execute(drizzleSql`
      with written as (
        insert into ${outbox} (id, type, subject, envelope)
        values (${envelope.id}, ${type}, ${subjectOf(type)}, ${JSON.stringify(envelope)}::jsonb)
        returning id)
      select pg_notify(${OUTBOX_CHANNEL}, '') from written`);
    return envelope;
  };
}

export interface OutboxRelay {
  /** Publishes until the outbox is empty (tests and shutdown use it). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

const BATCH = 200;
const IDLE_POLL_MS = 1_000;
const MAX_BACKOFF_MS = 5_000;
const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * Publishes outbox rows to JetStream with Nats-Msg-Id = event id (so a re-publish after a crash is
 * de-duplicated), then marks them. Rows are claimed with SKIP LOCKED so several replicas can relay.
 * While NATS is down the publish fails, the batch rolls back, and the loop retries with backoff.
 */
export function startOutboxRelay(sql: Sql, js: JetStreamClient, log: Logger): OutboxRelay {
  let stopped = false;
  let wake: (() => void) | undefined;
  let lastPrune = 0;
  const encoder = new TextEncoder();

  const listening = sql
    .listen(OUTBOX_CHANNEL, () => wake?.())
    .catch((err) => {
      log.warn("outbox listen failed; polling only", { err });
      return undefined;
    });

  async function publishBatch(): Promise<number> {
    return sql.begin(async (tx) => {
      const rows = await tx<{ id: string; subject: string; envelope: Envelope }[]>`
        select id, subject, envelope from outbox
        where published_at is null order by id limit ${BATCH} for update skip locked`;
      if (rows.length === 0) return 0;
      await Promise.all(
        rows.map((row) =>
          withSpan(`publish ${row.envelope.type}`, { kind: SpanKind.PRODUCER, parent: contextFromTraceparent(row.envelope.traceparent), attributes: { "messaging.system": "nats", "messaging.destination.name": row.subject, "messaging.message.id": row.id } }, async () => {
            const h = natsHeaders();
            injectInto(h as unknown as HeaderBag);
            await js.publish(row.subject, encoder.encode(JSON.stringify(row.envelope)), { msgID: row.id, headers: h, timeout: 3_000 });
          }),
        ),
      );
      const ids = rows.map((r) => r.id);
      await tx`update outbox set published_at = now() where id = any(${ids}::uuid[])`;
      return rows.length;
    }) as Promise<number>;
  }

  async function prune(): Promise<void> {
    if (Date.now() - lastPrune < PRUNE_EVERY_MS) return;
    lastPrune = Date.now();
    await sql`delete from outbox where published_at < now() - interval '1 day'`;
  }

  let backoff = 100;
  let draining: Promise<void> = Promise.resolve();

  async function drainOnce(): Promise<void> {
    while (!stopped) {
      const n = await publishBatch();
      backoff = 100;
      if (n < BATCH) return;
    }
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        draining = drainOnce();
        await draining;
        await prune();
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, IDLE_POLL_MS);
        });
      } catch (err) {
        log.warn("outbox relay cannot publish yet; will retry", { error: (err as Error).message, retryInMs: backoff });
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      }
    }
  })();

  return {
    async flush() {
      await draining.catch(() => {});
      await drainOnce();
    },
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      const l = await listening;
      await l?.unlisten().catch(() => {});
    },
  };
}
