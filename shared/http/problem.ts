import { AppError, type ErrorCode, type FieldError } from "../errors.ts";

/** RFC 9457 problem document as every Mint service returns it. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  requestId?: string;
  traceId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export function problemFromError(
  err: AppError,
  extra: { instance?: string; requestId?: string; traceId?: string } = {},
): ProblemDocument {
  return {
    type: `https://docs.mint.dev/problems/${err.code.toLowerCase().replaceAll("_", "-")}`,
    title: TITLES[err.status] ?? "Error",
    status: err.status,
    detail: err.message,
    code: err.code,
    ...extra,
    ...(err.fieldErrors ? { errors: err.fieldErrors } : {}),
    ...(err.details ?? {}),
  };
}

export function problemResponse(doc: ProblemDocument, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(doc), {
    status: doc.status,
    headers: { "content-type": PROBLEM_CONTENT_TYPE, ...headers },
  });
}
