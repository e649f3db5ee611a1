import { sql as drizzleSql, type SQL } from "drizzle-orm";
import { QueryBuilder, type WithSubqueryWithSelection } from "drizzle-orm/pg-core";
import { headers as natsHeaders, type JetStreamClient } from "nats";
import type { Sql } from "postgres";
import { AppError, invalidArgument } from "../errors.ts";
import type { Executor } from "../db/connect.ts";
import { outbox } from "../db/tables.ts";
import type { Logger } from "../log.ts";
import { safeErrorMessage } from "../safe-error.ts";
import { contextFromTraceparent, currentTraceparent, injectInto, SpanKind, withSpan, type HeaderBag } from "../telemetry.ts";
import { subjectOf, type Envelope, type EventCatalog } from "./envelope.ts";

export const OUTBOX_CHANNEL = "mint_outbox";

export interface EmitOptions {
  actorId: string | null;
  subjectUserIds: string[];
  /** Stable id for an event derived from something unique (defaults to a new UUIDv7). */
  id?: string;
}

/** One event to write: its type, its data and who it concerns. */
export interface PendingEvent<Catalog extends EventCatalog, T extends keyof Catalog & string> {
  type: T;
  data: import("zod").input<Catalog[T]>;
  options: EmitOptions;
}

/**
 * Events as part of a larger statement. The insert also wakes the relay (pg_notify, delivered at
 * commit and dropped on rollback), so the statement needs nothing else for it.
 */
export interface OutboxClause {
  envelopes: Envelope[];
  /** `written as (insert into outbox …)`, for the WITH list of a statement written as SQL. */
  sql: SQL;
  /** The same as a drizzle CTE, for `tx.with(…)`. */
  cte: WithSubqueryWithSelection<{ id: SQL.Aliased<string> }, "written">;
}

/** One event of a statement built once: its row's values are placeholders that `fill` gives values for. */
export interface PreparedOutboxClause<Catalog extends EventCatalog, T extends keyof Catalog & string> {
  cte: WithSubqueryWithSelection<{ id: SQL.Aliased<string> }, string>;
  /** The placeholder values of this event (checked against the catalog), and its envelope. */
  fill(data: import("zod").input<Catalog[T]>, options: EmitOptions): { values: Record<string, string>; envelope: Envelope };
}

export interface Emit<Catalog extends EventCatalog> {
  <T extends keyof Catalog & string>(tx: Executor, type: T, data: import("zod").input<Catalog[T]>, options: EmitOptions): Promise<Envelope>;
  /** Several events of one type in one statement (one round trip), in this order. */
  all<T extends keyof Catalog & string>(tx: Executor, events: PendingEvent<Catalog, T>[]): Promise<Envelope[]>;
  /** The events as a clause of a statement that also changes other rows, so both take one round trip. */
  clause<T extends keyof Catalog & string>(events: PendingEvent<Catalog, T>[], when?: SQL): OutboxClause;
  /** clause() for one event of a statement built once (see hotStatement); `name` names the CTE and prefixes its placeholders. */
  preparedClause<T extends keyof Catalog & string>(type: T, name: string, when?: SQL): PreparedOutboxClause<Catalog, T>;
}

/**
 * Returns `emit`, which writes an event to the outbox inside the caller's transaction: it is
 * published only if that transaction commits, and it survives the broker being down.
 */
export function createEmitter<Catalog extends EventCatalog>(producer: string, catalog: Catalog): Emit<Catalog> {
  function envelopeOf<T extends keyof Catalog & string>({ type, data, options }: PendingEvent<Catalog, T>): Envelope {
    const schema = catalog[type];
    if (!schema) throw new AppError("INTERNAL", `Unknown event type ${type}`);
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw invalidArgument(parsed.error.issues, `Event ${type}`);
    return {
      id: options.id ?? Bun.randomUUIDv7(),
      type,
      occurredAt: new Date().toISOString(),
      producer,
      actorId: options.actorId,
      subjectUserIds: [...new Set(options.subjectUserIds)],
      traceparent: currentTraceparent() ?? null,
      data: parsed.data,
    };
  }

  function clause<T extends keyof Catalog & string>(events: PendingEvent<Catalog, T>[], when?: SQL): OutboxClause {
    if (events.length === 0) throw new Error("An outbox clause needs at least one event");
    const envelopes = events.map(envelopeOf);
    const rows = drizzleSql.join(
      envelopes.map((e) => drizzleSql`(${e.id}::uuid, ${e.type}::text, ${subjectOf(e.type)}::text, ${JSON.stringify(e)}::jsonb)`),
      drizzleSql`, `,
    );
    const insert = drizzleSql`insert into ${outbox} (id, type, subject, envelope)
      select * from (values ${rows}) as v(id, type, subject, envelope) ${when ? drizzleSql`where ${when}` : drizzleSql``}
      returning id, pg_notify(${OUTBOX_CHANNEL}, '')`;
    return {
      envelopes,
      sql: drizzleSql`written as (${insert})`,
      cte: new QueryBuilder().$with("written", { id: drizzleSql<string>`id`.as("id") }).as(insert),
    };
  }

  function preparedClause<T extends keyof Catalog & string>(type: T, name: string, when?: SQL): PreparedOutboxClause<Catalog, T> {
    const [id, envelope] = [`${name}Id`, `${name}Envelope`];
    const insert = drizzleSql`insert into ${outbox} (id, type, subject, envelope)
      select ${drizzleSql.placeholder(id)}::uuid, ${type}::text, ${subjectOf(type)}::text, ${drizzleSql.placeholder(envelope)}::jsonb ${when ? drizzleSql`where ${when}` : drizzleSql``}
      returning id, pg_notify(${OUTBOX_CHANNEL}, '')`;
    return {
      cte: new QueryBuilder().$with(name, { id: drizzleSql<string>`id`.as("id") }).as(insert),
      fill(data, options) {
        const e = envelopeOf({ type, data, options });
        return { envelope: e, values: { [id]: e.id, [envelope]: JSON.stringify(e) } };
      },
    };
  }

  async function all<T extends keyof Catalog & string>(tx: Executor, events: PendingEvent<Catalog, T>[]): Promise<Envelope[]> {
    if (events.length === 0) return [];
    const { envelopes, sql } = clause(events);
    await tx.execute(drizzleSql`with ${sql} select count(*) from written`);
    return envelopes;
  }

  const emit = (async (tx, type, data, options) => (await all(tx, [{ type, data, options }]))[0]!) as Emit<Catalog>;
  emit.all = all;
  emit.clause = clause;
  emit.preparedClause = preparedClause;
  return emit;
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

  // A notification that arrives while a batch is being published is remembered, so the rows it
  // announces go out right after that batch instead of waiting for the idle poll.
  let woken = false;
  const listening = sql
    .listen(OUTBOX_CHANNEL, () => {
      woken = true;
      wake?.();
    })
    .catch((err) => {
      log.warn("outbox listen failed; polling only", { err });
      return undefined;
    });

  async function publishBatch(): Promise<number> {
    return sql.begin(async (tx) => {
      // The envelope goes out as the text the database holds: no parsing and writing it again.
      const rows = await tx<{ id: string; subject: string; type: string; traceparent: string | null; envelope: string }[]>`
        select id, subject, type, envelope->>'traceparent' as traceparent, envelope::text as envelope from outbox
        where published_at is null order by id limit ${BATCH} for update skip locked`;
      if (rows.length === 0) return 0;
      await Promise.all(
        rows.map((row) =>
          withSpan(`publish ${row.type}`, { kind: SpanKind.PRODUCER, parent: contextFromTraceparent(row.traceparent), attributes: { "messaging.system": "nats", "messaging.destination.name": row.subject, "messaging.message.id": row.id } }, async () => {
            const h = natsHeaders();
            injectInto(h as unknown as HeaderBag);
            await js.publish(row.subject, encoder.encode(row.envelope), { msgID: row.id, headers: h, timeout: 3_000 });
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

  /** Until a notification or the idle poll, whichever comes first. */
  const idle = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, IDLE_POLL_MS);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  const loop = (async () => {
    while (!stopped) {
      try {
        woken = false;
        draining = drainOnce();
        await draining;
        await prune();
        if (!woken) await idle();
      } catch (err) {
        log.warn("outbox relay cannot publish yet; will retry", { error: safeErrorMessage(err), retryInMs: backoff });
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
