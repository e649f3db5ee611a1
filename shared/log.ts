import { trace } from "@opentelemetry/api";

export type LogLevel = "debug" | "info" | "warn" | "error";
const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Keys whose values are never written to logs, whatever nesting they appear at. */
const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|private|api[-_]?key/i;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

function redact(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? "[redacted]" : redact(v, depth + 1);
  }
  return out;
}

/** JSON-lines logger: one object per line with time, level, service, message and the active trace id. */
export function createLogger(service: string, level: LogLevel = "info", base: Record<string, unknown> = {}): Logger {
  const min = LEVEL_RANK[level];
  const write = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (LEVEL_RANK[lvl] < min) return;
    const span = trace.getActiveSpan();
    const traceId = span?.spanContext().traceId;
    const line = JSON.stringify({
      time: new Date().toISOString(),
      level: lvl,
      service,
      msg,
      ...(traceId ? { traceId } : {}),
      ...(redact(base) as object),
      ...(fields ? (redact(fields) as object) : {}),
    });
    (lvl === "error" || lvl === "warn" ? process.stderr : process.stdout).write(line + "\n");
  };
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
    child: (fields) => createLogger(service, level, { ...base, ...fields }),
  };
}
