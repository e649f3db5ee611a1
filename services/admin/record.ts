import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { adminEvents } from "../../proto-like-schemas/events/admin.ts";
import type { eventCatalog } from "../../proto-like-schemas/events/index.ts";
import type { Database, Executor } from "../../shared/db/connect.ts";
import { subjectOf } from "../../shared/events/envelope.ts";
import { OUTBOX_CHANNEL, type Emit } from "../../shared/events/outbox.ts";
import { outbox } from "./db/schema.ts";

export type AdminEventType = keyof typeof adminEvents;

/** The audit record of one admin action or view. */
export type AdminRecord = {
  [T in AdminEventType]: {
    type: T;
    data: z.input<(typeof adminEvents)[T]>;
    /** The admin who acted (the approving one for an action run under dual control). */
    actorId: string;
    /** The users the action or view concerns. */
    subjectUserIds: string[];
    /** Derived from the action (see domain/event-ids.ts) so a repeat is the same record; views get a fresh id. */
    id?: string;
  };
}[AdminEventType];

/**
 * Writes the audit record of an admin action or view to the outbox. A record whose id is already
 * there is left alone (ON CONFLICT DO NOTHING, waiting for a concurrent writer of the same id to
 * commit), so an action repeated or raced writes one record; the audit log also keeps each event
 * id once, so a repeat after the outbox was pruned adds nothing either.
 */
export function createRecorder(deps: { db: Database; emit: Emit<typeof eventCatalog> }) {
  const { db, emit } = deps;

  async function write(tx: Executor, record: AdminRecord): Promise<string> {
    const [envelope] = emit.clause([{ type: record.type, data: record.data as never, options: { actorId: record.actorId, subjectUserIds: record.subjectUserIds, id: record.id } }]).envelopes;
    const [written] = await tx
      .insert(outbox)
      .values({ id: envelope!.id, type: envelope!.type, subject: subjectOf(envelope!.type), envelope: envelope! })
      .onConflictDoNothing({ target: outbox.id })
      .returning({ id: outbox.id });
    if (written) await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
    return envelope!.id;
  }

  return {
    /** Inside the caller's transaction, with the state change it records. */
    write,
    /** In a transaction of its own. */
    record: (record: AdminRecord) => db.transaction((tx) => write(tx, record)),
  };
}
export type Recorder = ReturnType<typeof createRecorder>;
