import { z } from "@hono/zod-openapi";

/**
 * OpenAPI building blocks every service's route declarations share, so each `/openapi.json`
 * describes errors, answers and bodies the same way.
 */

/** Any error answer: an RFC 9457 problem document. */
export const problem = {
  content: { "application/problem+json": { schema: z.object({ title: z.string(), status: z.number(), detail: z.string(), code: z.string() }) } },
  description: "Problem (RFC 9457)",
};

/** A JSON answer of this shape. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { "application/json": { schema } }, description });

/** A required JSON request body of this shape. */
export const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { "application/json": { schema } }, required: true } });
