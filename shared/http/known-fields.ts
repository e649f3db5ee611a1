import { z } from "@hono/zod-openapi";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * An object of these fields and no others. Unknown fields are refused by name, together with any
 * other problem: a misspelt "descripton" or "limitCent" must not silently vanish from a request.
 */
export function knownFieldsOnly<S extends z.ZodRawShape>(shape: S) {
  return z.looseObject(shape).superRefine(
    (value, ctx) => {
      for (const key of Object.keys(value)) if (!Object.hasOwn(shape, key)) ctx.addIssue({ code: "custom", path: [key], message: "is not a known field" });
    },
    { when: (payload) => isRecord(payload.value) },
  );
}
