import { trace } from "@opentelemetry/api";
import { isDatabaseError, safeErrorFields, withoutStatementValues } from "./safe-error.ts";

export type LogLevel = "debug" | "info" | "warn" | "error";
const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Keys whose values are never written to logs, whatever nesting they appear at. */
const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|private|api[-_]?key/i;
/** Keys under which drivers keep a statement's values: never written, whatever they hold. */
const STATEMENT_VALUES_KEY = /^(parameters|params|args)$/i;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/**
 * Secrets by key name, and errors through safeErrorFields: a failed statement is logged by its
 * name, SQLSTATE and message, never with its parameters (see shared/safe-error.ts). Strings lose
 * drizzle's "Failed query: … params: …" for the places that log an error's message.
 */
function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return withoutStatementValues(value);
  if (value === null || typeof value !== "object") return value;
  // Deeper than this nothing is looked at, so nothing is written either.
  if (depth > 4) return "[truncated]";
  if (value instanceof Error || isDatabaseError(value)) return safeErrorFields(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) || STATEMENT_VALUES_KEY.test(key) ? "[redacted]" : redact(v, depth + 1);
  }
  return out;
}

/** Where lines go: errors and warnings to stderr, the rest to stdout. */
export type LogSink = (line: string, level: LogLevel) => void;
const standardStreams: LogSink = (line, lvl) => void (lvl === "error" || lvl === "warn" ? process.stderr : process.stdout).write(line + "\n");

/** JSON-lines logger: one object per line with time, level, service, message and the active trace id. */
export function createLogger(service: string, level: LogLevel = "info", base: Record<string, unknown> = {}, sink: LogSink = standardStreams): Logger {
  const min = LEVEL_RANK[level];
  const write = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (LEVEL_RANK[lvl] < min) return;
    const span = trace.getActiveSpan();
    const traceId = span?.spanContext().traceId;
    const line = JSON.stringify({
      time: new Date().toISOString(),
      level: lvl,
      service,
      msg: withoutStatementValues(msg),
      ...(traceId ? { traceId } : {}),
      ...(redact(base) as object),
      ...(fields ? (redact(fields) as object) : {}),
    });
    sink(line, lvl);
  };
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
    child: (fields) => createLogger(service, level, { ...base, ...fields }, sink),
  };
}
