import { AppError, isErrorCode, type FieldError } from "../errors.ts";

/** What travels in a reply body: the data, or a typed error. */
export type Reply = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string; errors?: FieldError[]; details?: Record<string, unknown> } };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const encode = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value));
export const decode = (bytes: Uint8Array): unknown => (bytes.length === 0 ? undefined : JSON.parse(decoder.decode(bytes)));

export function errorReply(err: AppError): Reply {
  return { ok: false, error: err.toJSON() };
}

export function errorFromReply(reply: Extract<Reply, { ok: false }>): AppError {
  const code = isErrorCode(reply.error.code) ? reply.error.code : "INTERNAL";
  return new AppError(code, reply.error.message, { fieldErrors: reply.error.errors, details: reply.error.details });
}
