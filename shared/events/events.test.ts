import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq, sql } from "drizzle-orm";
import { connect, type NatsConnection } from "nats";
import { getInfra } from "../../tests/harness/infra.ts";
import { startService } from "../../tests/harness/services.ts";
import { deadLetters, inbox } from "../db/tables.ts";
import { createLogger } from "../log.ts";
import { rpcClient } from "../rpc/client.ts";
import { probeContract, probeEvents } from "../testing/probe/contract.ts";
import { seen } from "../testing/probe/db/schema.ts";
import { probeService } from "../testing/probe/service.ts";
import { eventually } from "../testing/wait.ts";
import { startConsumer } from "./consumer.ts";

let probe: Awaited<ReturnType<typeof probeService.start>>;
let nc: NatsConnection;

beforeAll(async () => {
  probe = await startService(probeService);
  nc = await connect({ servers: (await getInfra()).natsUrl });
});
afterAll(async () => {
  await probe?.stop();
  await nc?.close();
});

const seenRows = (noteId: string) => probe.ctx.db.select().from(seen).where(eq(seen.noteId, noteId));

async function emitNote(text: string): Promise<{ noteId: string; eventId: string }> {
  const noteId = Bun.randomUUIDv7();
  const envelope = await probe.ctx.transaction("emit", (tx) => probe.ctx.emit(tx, "probe.note_created", { noteId, text }, { actorId: null, subjectUserIds: [] }));
  return { noteId, eventId: envelope.id };
}

describe("outbox and inbox", () => {
  test("an event written with the change reaches the consumer once", async () => {
    const { id } = await rpcClient(nc, probeContract).createNote({ text: "hello" });
    const rows = await eventually(async () => ((await seenRows(id)).length ? seenRows(id) : undefined), { what: "consumer" });
    expect(rows.length).toBe(1);
  });

  test("a rolled-back change publishes nothing", async () => {
    const noteId = Bun.randomUUIDv7();
    await probe.ctx
      .transaction("rollback", async (tx) => {
        await probe.ctx.emit(tx, "probe.note_created", { noteId, text: "never" }, { actorId: null, subjectUserIds: [] });
        throw new Error("roll back");
      })
      .catch(() => {});
    await probe.flushOutbox();
    await Bun.sleep(300);
    expect((await seenRows(noteId)).length).toBe(0);
  });

  test("the consumer skips a redelivered duplicate (same event id, new message)", async () => {
    const noteId = Bun.randomUUIDv7();
    const envelope = {
      id: Bun.randomUUIDv7(),
      type: "probe.note_created",
      occurredAt: new Date().toISOString(),
      producer: "test",
      actorId: null,
      subjectUserIds: [],
      traceparent: null,
      data: { noteId, text: "twice" },
    };
    const js = nc.jetstream();
    const body = new TextEncoder().encode(JSON.stringify(envelope));
    // Different message ids get past JetStream's de-duplication, as a producer retry after its window would.
    await js.publish("events.probe.note_created", body, { msgID: `${envelope.id}-a` });
    await js.publish("events.probe.note_created", body, { msgID: `${envelope.id}-b` });
    await eventually(async () => (await seenRows(noteId)).length === 1, { what: "first delivery" });
    await Bun.sleep(500);
    expect((await seenRows(noteId)).length).toBe(1);
    const inboxRows = await probe.ctx.db.select().from(inbox).where(eq(inbox.eventId, envelope.id));
    expect(inboxRows.length).toBe(1);
  });

  test("a message that keeps failing becomes a dead letter after max_deliver", async () => {
    const { eventId } = await emitNote("poison pill");
    const letter = await eventually(async () => (await probe.ctx.db.select().from(deadLetters).where(eq(deadLetters.eventId, eventId)))[0], { timeoutMs: 15_000, what: "dead letter" });
    expect(letter.consumer).toBe("probe:probe");
    expect(letter.deliveries).toBe(3);
    expect(letter.error).toContain("poisoned note");
  });

  for (const outage of ["lose connection", "dependency down"]) {
    test(`an event whose handling meets an outage (${outage}) more times than max_deliver is handled once it ends, not dead-lettered`, async () => {
      // max_deliver is 3 for the probe: five failures in a row from an outage are not a poison pill.
      const { noteId, eventId } = await emitNote(`${outage} 5`);
      await eventually(async () => (await seenRows(noteId)).length === 1, { timeoutMs: 30_000, what: "note handled after the outage" });
      expect(await probe.ctx.db.select().from(deadLetters).where(eq(deadLetters.eventId, eventId))).toEqual([]);
      const inboxRows = await probe.ctx.db.select().from(inbox).where(eq(inbox.eventId, eventId));
      expect(inboxRows.length).toBe(1);
    }, 40_000);
  }

  test("events that pile up are handled together, and one poisoned event does not hold back the rest", async () => {
    const js = nc.jetstream();
    const notes = Array.from({ length: 40 }, (_, i) => ({ noteId: Bun.randomUUIDv7(), eventId: Bun.randomUUIDv7(), text: i === 17 ? "poison in a batch" : `batched ${i}` }));
    await Promise.all(
      notes.map((n) =>
        js.publish(
          "events.probe.note_created",
          new TextEncoder().encode(JSON.stringify({ id: n.eventId, type: "probe.note_created", occurredAt: new Date().toISOString(), producer: "test", actorId: null, subjectUserIds: [], traceparent: null, data: { noteId: n.noteId, text: n.text } })),
          { msgID: n.eventId },
        ),
      ),
    );
    const healthy = notes.filter((n) => !n.text.startsWith("poison"));
    await eventually(async () => {
      const [row] = await probe.ctx.db.execute<{ n: number }>(sql`select count(*)::int as n from seen where note_id in ${sql.raw(`(${healthy.map((n) => `'${n.noteId}'`).join(",")})`)}`);
      return row!.n === healthy.length;
    }, { what: "every healthy note" });
    const [poisoned] = await seenRows(notes[17]!.noteId);
    expect(poisoned).toBeUndefined();
    const [inboxed] = await probe.ctx.db.execute<{ n: number }>(sql`select count(*)::int as n from inbox where event_id in ${sql.raw(`(${healthy.map((n) => `'${n.eventId}'`).join(",")})`)}`);
    expect(inboxed!.n).toBe(healthy.length);
  });

  test("a consumer of one type is only handed that type; one of several acks the domain's other types unread", async () => {
    const jsm = await nc.jetstreamManager();
    expect((await jsm.consumers.info("PROBE", "probe-probe")).config.filter_subject).toBe("events.probe.note_created");

    const handledHere: string[] = [];
    const wide = await startConsumer({
      service: "probe-wide",
      domain: "probe",
      js: nc.jetstream(),
      jsm,
      db: probe.ctx.db,
      catalog: probeEvents,
      handlers: { "probe.note_created": async (e) => void handledHere.push(e.id), "probe.note_archived": async (e) => void handledHere.push(e.id) },
      log: createLogger("probe-wide", "error"),
    });
    try {
      expect((await jsm.consumers.info("PROBE", "probe-wide-probe")).config.filter_subject).toBe("events.probe.>");
      // Not even JSON: read, it would have become a dead letter.
      await nc.jetstream().publish("events.probe.note_forgotten", new TextEncoder().encode("not json"));
      const { eventId } = await emitNote("after the unhandled one");
      await eventually(async () => handledHere.includes(eventId), { what: "the note after it" });
      await eventually(async () => {
        const info = await jsm.consumers.info("PROBE", "probe-wide-probe");
        return info.num_pending + info.num_ack_pending === 0;
      }, { what: "nothing left unacked" });
      expect(await probe.ctx.db.select().from(deadLetters).where(eq(deadLetters.consumer, "probe-wide:probe"))).toEqual([]);
    } finally {
      await wide.stop();
      await jsm.consumers.delete("PROBE", "probe-wide-probe");
    }
  });

  test("the trace id travels HTTP → RPC → outbox → JetStream → consumer", async () => {
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const res = await fetch(`${probe.url}/notes`, {
      method: "POST",
      headers: { "content-type": "application/json", traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      body: JSON.stringify({ text: "traced" }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const [row] = await eventually(async () => ((await seenRows(id)).length ? seenRows(id) : undefined), { what: "traced event" });
    expect(row!.traceId).toBe(traceId);
  });

  test("events committed while NATS is down are published once it is back", async () => {
    const infra = await getInfra();
    if (!infra.nats) return; // an external NATS cannot be stopped by the tests
    await infra.nats.stop();
    const written = [];
    try {
      for (let i = 0; i < 5; i++) written.push(await emitNote(`offline ${i}`));
      await Bun.sleep(500);
    } finally {
      await infra.nats.restart();
    }
    for (const { noteId } of written) {
      await eventually(async () => (await seenRows(noteId)).length > 0, { timeoutMs: 20_000, what: `note ${noteId} after NATS restart` });
    }
    await Bun.sleep(300);
    for (const { noteId } of written) expect((await seenRows(noteId)).length).toBe(1);
    const [pending] = await probe.ctx.db.execute<{ n: number }>(sql`select count(*)::int as n from outbox where published_at is null`);
    expect(pending!.n).toBe(0);
  }, 40_000);
});
