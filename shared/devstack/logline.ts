import { dim, paint } from "./process.ts";

const LEVEL_COLOURS: Record<string, number> = { debug: 90, info: 32, warn: 33, error: 31 };
/** Keys every service line has; shown in the prefix or left out. */
const OMITTED = new Set(["time", "level", "service", "msg"]);

function formatValue(value: unknown): string {
  if (typeof value === "string") return /^[^\s"=]*$/.test(value) && value !== "" ? value : JSON.stringify(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

/**
 * Turns one JSON log line ({time, level, service, msg, …fields}) into
 * `12:00:01 INFO  message key=value …`, with stack traces on the following lines.
 * Anything that is not a JSON object is returned unchanged.
 */
export function formatLogLine(line: string): string {
  const trimmed = line.trim();
  if (!trimmed.startsWith("{")) return line;
  let entry: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return line;
    entry = parsed as Record<string, unknown>;
  } catch {
    return line;
  }
  const level = String(entry.level ?? "info").toLowerCase();
  const time = typeof entry.time === "string" ? (entry.time.split("T")[1] ?? "").slice(0, 8) : "";
  const stacks: string[] = [];
  const fields = Object.entries(entry)
    .filter(([key]) => !OMITTED.has(key))
    .map(([key, value]) => {
      if (value && typeof value === "object" && "stack" in value && typeof value.stack === "string") {
        stacks.push(value.stack);
        const { stack: _stack, ...rest } = value as Record<string, unknown>;
        value = rest;
      }
      return `${dim(`${key}=`)}${formatValue(value)}`;
    });
  const head = [
    dim(time),
    paint(LEVEL_COLOURS[level] ?? 37, level.toUpperCase().padEnd(5)),
    String(entry.msg ?? ""),
    ...fields,
  ].filter((p) => p !== "");
  return [head.join(" "), ...stacks.map((s) => dim(s))].join("\n");
}
