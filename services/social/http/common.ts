import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { AppError } from "../../../shared/errors.ts";

export const PREFIX = "/api/v1/social";

export { knownFieldsOnly } from "../../../shared/http/known-fields.ts";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export const userId = z.uuid({ error: "must be a user id (UUID)" }).transform((v) => v.toLowerCase());
export const usd = z.literal("USD", { error: "only USD is supported" }).optional();

export const pageQuery = {
  cursor: z.string().max(200).optional().openapi({ description: "nextCursor of the previous page" }),
  limit: z.coerce.number({ error: "must be a number" }).int().min(1).max(100).default(20),
};
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export { body, json, problem } from "../../../shared/http/openapi.ts";

/**
 * For actions that take no input: an empty body or `{}`. Anything else is refused by name rather
 * than ignored (an old client sending `{ transactionId }` to pay a share must learn it is not used).
 */
export async function expectNoBody(c: Context): Promise<void> {
  const text = (await c.req.text()).trim();
  if (!text) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError("INVALID_ARGUMENT", "Malformed JSON in request body");
  }
  if (!isRecord(parsed)) throw new AppError("INVALID_ARGUMENT", "Request body must be empty or an empty JSON object", { fieldErrors: [{ field: "(root)", message: "must be empty" }] });
  const keys = Object.keys(parsed);
  if (keys.length) throw new AppError("INVALID_ARGUMENT", `Request body has invalid fields: ${keys.join(", ")}`, { fieldErrors: keys.map((field) => ({ field, message: "is not a known field" })) });
}
