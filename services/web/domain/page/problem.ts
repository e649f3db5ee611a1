/** An RFC 9457 problem document as returned by the Mint APIs, plus the Retry-After hint. */
export interface Problem {
  status: number;
  type?: string;
  title?: string;
  detail?: string;
  code?: string;
  errors?: { field: string; message: string }[];
  retryAfterSeconds?: number;
  /**
   * The problem's other members (RFC 9457 extensions), e.g. a limit breach's `window`, `limit`,
   * `used`, `remaining`, `resetsAt`, or the `transactionId` of a payment whose outcome is pending.
   */
  extensions?: Record<string, unknown>;
}

const STANDARD_MEMBERS = new Set(["status", "type", "title", "detail", "code", "errors", "instance", "requestId", "traceId"]);

/** Errors for a form: one message per field, plus an optional message for the whole form. */
export interface FormErrors {
  fields: Record<string, string>;
  form?: string;
}

export const noErrors = (): FormErrors => ({ fields: {} });
export const hasErrors = (e: FormErrors) => e.form !== undefined || Object.keys(e.fields).length > 0;

const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v : undefined);

/** Parses the seconds form of Retry-After (an HTTP date is converted relative to `nowMs`). */
export function parseRetryAfter(value: string | null | undefined, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/** Builds a Problem from whatever an API answered with; never throws. */
export function toProblem(status: number, body: unknown, retryAfter?: string | null): Problem {
  const b = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const errors = Array.isArray(b.errors)
    ? b.errors.flatMap((e) => {
        const r = (e && typeof e === "object" ? e : {}) as Record<string, unknown>;
        const field = str(r.field);
        const message = str(r.message);
        return message ? [{ field: field ?? "", message }] : [];
      })
    : undefined;
  const problem: Problem = {
    status: typeof b.status === "number" ? b.status : status,
    type: str(b.type),
    title: str(b.title),
    detail: str(b.detail),
    code: str(b.code),
  };
  if (errors && errors.length > 0) problem.errors = errors;
  const extensions = Object.entries(b).filter(([k]) => !STANDARD_MEMBERS.has(k));
  if (extensions.length > 0) problem.extensions = Object.fromEntries(extensions);
  const retry = parseRetryAfter(retryAfter);
  if (retry !== undefined) problem.retryAfterSeconds = retry;
  return problem;
}

/** A sentence suitable for a form-level alert or toast. */
export function problemMessage(problem: Problem): string {
  if (problem.status === 429 || problem.code === "RATE_LIMITED") {
    const s = problem.retryAfterSeconds;
    return s
      ? `Too many attempts. Please wait ${s} second${s === 1 ? "" : "s"} and try again.`
      : "Too many attempts. Please wait a moment and try again.";
  }
  if (problem.status === 0 || problem.status >= 500) {
    return "We couldn't reach Mint just now. Please try again in a moment.";
  }
  return problem.detail ?? problem.title ?? "Something went wrong. Please try again.";
}

export interface MapOptions {
  /** Names of the fields the form shows. */
  fields: readonly string[];
  /** API field name → form field name, e.g. { new_password: "password" }. */
  aliases?: Record<string, string>;
}

/**
 * Maps a problem's `errors[]` onto the form's fields (first message per field wins; a dotted path
 * such as "body.email" matches on its last segment). Anything that doesn't belong to a field
 * becomes the form-level message.
 */
export function problemToFormErrors(problem: Problem, opts: MapOptions): FormErrors {
  const known = new Set(opts.fields);
  const fields: Record<string, string> = {};
  const leftovers: string[] = [];
  for (const err of problem.errors ?? []) {
    const raw = err.field.split(".").pop() ?? "";
    const name = opts.aliases?.[raw] ?? opts.aliases?.[err.field] ?? raw;
    if (known.has(name)) {
      fields[name] ??= err.message;
    } else {
      leftovers.push(err.message);
    }
  }
  const result: FormErrors = { fields };
  if (leftovers.length > 0) result.form = leftovers.join(" ");
  else if (Object.keys(fields).length === 0) result.form = problemMessage(problem);
  return result;
}
