import type { Context } from "hono";
import type { AppError } from "../../../shared/errors.ts";
import type { C } from "./env.ts";
import { problemResponse } from "./respond.ts";

const TITLES: Record<number, string> = {
  400: "We couldn't accept what you sent",
  413: "That was too large to send",
  415: "We couldn't read that form",
};

/**
 * What a person sees when the runtime refuses a request before any page ran (a character that
 * can't be stored, a body too large): a page that names the field, or a fragment for htmx, never
 * a JSON document in the browser.
 */
export function renderRefusal(error: AppError, c: Context): Response | Promise<Response> {
  const field = error.fieldErrors?.[0];
  const detail = field ? `The field “${field.field.replace(/^(query|path)\./, "")}” ${field.message}. Go back, correct it and send it again.` : error.message;
  return problemResponse(c as C, error.status, TITLES[error.status] ?? "We couldn't accept that request", detail);
}
