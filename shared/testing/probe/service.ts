import { sql } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "../../errors.ts";
import { createRouter } from "../../http/app.ts";
import { defineService, serve } from "../../service.ts";
import { currentTraceId } from "../../telemetry.ts";
import { probeConsumption, probeContract, probeEvents } from "./contract.ts";
import { jobRuns, notes, seen } from "./db/schema.ts";

/**
 * A throw-away service used only by the runtime's own tests: it has every part a real service
 * has (HTTP, RPC, outbox, consumer, database) and no business rules.
 */
export const probeService = defineService({
  name: "probe",
  port: 0,
  config: z.object({ PROBE_ID: z.string().default("probe-1"), PROBE_JOB_MS: z.coerce.number().int().default(0) }),
  database: { migrationsFolder: new URL("./db/migrations", import.meta.url).pathname },
  eventCatalog: probeEvents,
  consumptionTable: probeConsumption,
  consumerSettings: { maxDeliver: 3, backoffMs: [50], ackWaitMs: 2_000 },
  rpc: (ctx) => [
    serve(probeContract, {
      echo: async ({ text }) => ({ text, servedBy: ctx.config.PROBE_ID }),
      echoOnce: async ({ text }) => ({ text }),
      fail: async ({ code }) => {
        throw new AppError(code, `asked to fail with ${code}`);
      },
      slow: async ({ ms }) => {
        await Bun.sleep(ms);
        return { sleptMs: ms };
      },
      badResponse: async () => ({ n: "not a number" }) as unknown as { n: number },
      createNote: async ({ text }) =>
        ctx.transaction("create note", async (tx) => {
          const id = Bun.randomUUIDv7();
          await tx.insert(notes).values({ id, text });
          await ctx.emit(tx, "probe.note_created", { noteId: id, text }, { actorId: null, subjectUserIds: [] });
          return { id };
        }),
    }),
  ],
  jobs: (ctx) =>
    ctx.config.PROBE_JOB_MS > 0
      ? [
          {
            name: "tick",
            everyMs: 20,
            singleton: true,
            run: async () => {
              const startedAt = new Date();
              await Bun.sleep(ctx.config.PROBE_JOB_MS);
              await ctx.db.insert(jobRuns).values({ id: Bun.randomUUIDv7(), replica: ctx.config.PROBE_ID, startedAt, endedAt: new Date() });
            },
          },
        ]
      : [],
  consumers: () => {
    // "lose connection N" / "dependency down N": the first N handlings of that event lose their
    // database connection for real, or find a service they need UNAVAILABLE.
    const outages = new Map<string, number>();
    return {
      "probe.note_created": async (event, tx) => {
        if (event.data.text.startsWith("poison")) throw new Error("poisoned note");
        const [, outage, times] = /^(lose connection|dependency down) (\d+)$/.exec(event.data.text) ?? [];
        const failedSoFar = outages.get(event.id) ?? 0;
        if (failedSoFar < Number(times ?? 0)) {
          outages.set(event.id, failedSoFar + 1);
          if (outage === "dependency down") throw new AppError("UNAVAILABLE", "a service this handler needs is down");
          await tx.execute(sql`select pg_terminate_backend(pg_backend_pid())`);
        }
        await tx.insert(seen).values({ eventId: event.id, noteId: event.data.noteId, traceId: currentTraceId() ?? null });
      },
    };
  },
  http: (ctx) => {
    const app = createRouter();
    app.post("/notes", async (c) => {
      const body = z.object({ text: z.string().min(1) }).parse(await c.req.json());
      const client = ctx.rpc(probeContract);
      return c.json(await client.createNote(body), 201);
    });
    app.post("/slow", async (c) => {
      const { ms } = z.object({ ms: z.number().int() }).parse(await c.req.json());
      await Bun.sleep(ms);
      return c.json({ sleptMs: ms });
    });
    return app;
  },
});
