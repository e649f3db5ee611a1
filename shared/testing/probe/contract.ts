import { z } from "zod";
import { defineContract, method } from "../../rpc/contract.ts";
import { ERROR_CODES } from "../../errors.ts";

/** A contract that exercises the runtime: echo, failures, slowness, and an event-producing write. */
export const probeContract = defineContract("probe", {
  echo: method({ request: z.object({ text: z.string().max(100) }), response: z.object({ text: z.string(), servedBy: z.string() }), idempotent: true }),
  echoOnce: method({ request: z.object({ text: z.string() }), response: z.object({ text: z.string() }) }),
  fail: method({ request: z.object({ code: z.enum(ERROR_CODES) }), response: z.object({}) }),
  slow: method({ request: z.object({ ms: z.number().int().min(0).max(10_000) }), response: z.object({ sleptMs: z.number() }), idempotent: true }),
  badResponse: method({ request: z.object({}), response: z.object({ n: z.number() }) }),
  createNote: method({ request: z.object({ text: z.string().min(1) }), response: z.object({ id: z.string() }) }),
});

export const probeEvents = {
  "probe.note_created": z.object({ noteId: z.string(), text: z.string() }),
} as const;

export const probeConsumption = { probe: ["probe.note_created"] } as const;
