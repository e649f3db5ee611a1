/** Typed error codes shared by RPC and HTTP. Every failure that crosses a boundary carries one. */
export const ERROR_CODES = [
  "INVALID_ARGUMENT",
  "NOT_FOUND",
  "CONFLICT",
  "FAILED_PRECONDITION",
  "INSUFFICIENT_FUNDS",
  "LIMIT_EXCEEDED",
  "FROZEN",
  "UNAUTHENTICATED",
  "PERMISSION_DENIED",
  "RATE_LIMITED",
  "UNAVAILABLE",
  "DEADLINE_EXCEEDED",
  "INTERNAL",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const HTTP_STATUS_BY_CODE: Record<ErrorCode, number> = {
  INVALID_ARGUMENT: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  FAILED_PRECONDITION: 409,
  FROZEN: 409,
  INSUFFICIENT_FUNDS: 422,
  LIMIT_EXCEEDED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
};

export interface FieldError {
  field: string;
  message: string;
}

/** An expected failure with a typed code; anything else thrown is INTERNAL. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fieldErrors?: FieldError[];
  readonly details?: Record<string, unknown>;
  /** Extra response headers (e.g. Retry-After) to send with the problem document. */
  readonly headers?: Record<string, string>;

  constructor(
    code: ErrorCode,
    message: string,
    opts: {
      status?: number;
      fieldErrors?: FieldError[];
      details?: Record<string, unknown>;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = opts.status ?? HTTP_STATUS_BY_CODE[code];
    this.fieldErrors = opts.fieldErrors;
    this.details = opts.details;
    this.headers = opts.headers;
  }

  toJSON() {
    return {
      code: this.code,
      message: this.message,
      ...(this.fieldErrors ? { errors: this.fieldErrors } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value);

/** Converts zod issues into field errors, joining the path with dots ("items.0.amount"). */
export function fieldErrorsFromZod(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): FieldError[] {
  return issues.map((issue) => ({
    field: issue.path.map(String).join(".") || "(root)",
    message: issue.message,
  }));
}

export function invalidArgument(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>, what = "Request"): AppError {
  const fieldErrors = fieldErrorsFromZod(issues);
  const names = [...new Set(fieldErrors.map((e) => e.field))].join(", ");
  return new AppError("INVALID_ARGUMENT", `${what} has invalid fields: ${names}`, { fieldErrors });
}

/**
 * The database connection was lost or refused (postgres.js's own codes, and the server's
 * connection-exception, shutdown and too-many-connections states): nothing about the request
 * is wrong and trying again shortly may work, so it is UNAVAILABLE (503), never INTERNAL.
 * drizzle wraps the driver's error, so its cause is looked at too.
 */
const LOST_CONNECTION_CODES = new Set(["CONNECTION_CLOSED", "CONNECTION_DESTROYED", "CONNECTION_ENDED", "CONNECT_TIMEOUT", "ECONNREFUSED", "ECONNRESET", "57P01", "57P02", "57P03", "53300"]);

export function unavailableIfConnectionLost(err: unknown): AppError | undefined {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (LOST_CONNECTION_CODES.has(code) || code.startsWith("08"))) {
      return new AppError("UNAVAILABLE", "A database connection was lost; please try again", { headers: { "retry-after": "1" } });
    }
  }
  return undefined;
}

/**
 * An outage rather than a fault of the request or event: a lost database connection, or a
 * service that answered UNAVAILABLE or ran out of time. Trying the same thing again later may work.
 */
export const isOutage = (err: unknown): boolean =>
  unavailableIfConnectionLost(err) !== undefined || (err instanceof AppError && (err.code === "UNAVAILABLE" || err.code === "DEADLINE_EXCEEDED"));
