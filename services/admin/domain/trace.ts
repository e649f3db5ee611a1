const TRACE_ID = /^[0-9a-f]{32}$/;

/**
 * The trace viewer's page for a trace: `{traceId}` in the configured URL is replaced, otherwise
 * `/trace/<id>` is appended (Jaeger's and Grafana Tempo's explore links differ; Jaeger's is the default form).
 */
export function traceUrl(base: string | undefined, traceId: string | null): string | null {
  if (!base || !traceId || !TRACE_ID.test(traceId)) return null;
  if (base.includes("{traceId}")) return base.replaceAll("{traceId}", traceId);
  return `${base.replace(/\/+$/, "")}/trace/${traceId}`;
}
