import {
  context,
  propagation,
  trace,
  SpanKind,
  SpanStatusCode,
  type Context,
  type Span,
  type TextMapGetter,
  type TextMapSetter,
} from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { AlwaysOffSampler, AlwaysOnSampler, BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { safeErrorFields, safeErrorMessage } from "./safe-error.ts";

export { SpanKind };

let provider: BasicTracerProvider | undefined;
/** True when spans are exported; otherwise only trace context is propagated. */
let recording = false;
let cachedTracer: ReturnType<typeof trace.getTracer> | undefined;

/**
 * Installs the process-wide tracer provider once. Bun has no automatic instrumentation, so the
 * runtime creates spans itself; this only wires context propagation and the optional exporter.
 */
export function initTelemetry(serviceName: string, otlpEndpoint?: string): void {
  if (provider) return;
  recording = Boolean(otlpEndpoint);
  cachedTracer = undefined;
  const spanProcessors: SpanProcessor[] = [];
  if (otlpEndpoint) {
    const url = otlpEndpoint.replace(/\/$/, "") + "/v1/traces";
    spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url })));
  }
  provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": serviceName }),
    spanProcessors,
    // With nowhere to export, spans need not be recorded: non-recording spans still carry the
    // trace id through every hop (logs and the audit log need it) at a fraction of the cost.
    sampler: otlpEndpoint ? new ParentBasedSampler({ root: new AlwaysOnSampler() }) : new AlwaysOffSampler(),
  });
  const contextManager = new AsyncLocalStorageContextManager();
  contextManager.enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(provider);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
}

export async function shutdownTelemetry(): Promise<void> {
  await provider?.forceFlush().catch(() => {});
}

export const tracer = () => (cachedTracer ??= trace.getTracer("mint"));

/**
 * Runs fn inside a new active span, recording errors and always ending the span. When nothing is
 * exported, a hop that already has a trace reuses its parent's context instead of opening a
 * child nobody will see: the trace id still flows, at a fraction of the cost on hot paths.
 */
export async function withSpan<T>(
  name: string,
  opts: { kind?: SpanKind; attributes?: Record<string, string | number | boolean>; parent?: Context },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const active = context.active();
  const parent = opts.parent ?? active;
  if (!recording) {
    const parentSpan = trace.getSpan(parent);
    if (parentSpan && parentSpan.spanContext().traceId !== "00000000000000000000000000000000") {
      return parent === active ? fn(parentSpan) : context.with(parent, () => fn(parentSpan));
    }
  }
  return tracer().startActiveSpan(name, { kind: opts.kind ?? SpanKind.INTERNAL, attributes: recording ? opts.attributes : undefined }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      // Exported traces get what logs get: a failed statement's name and message, not its values.
      const safe = safeErrorFields(err);
      span.recordException({ name: String(safe.name), message: String(safe.message), stack: safe.stack as string | undefined });
      span.setStatus({ code: SpanStatusCode.ERROR, message: safeErrorMessage(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}

export const currentTraceId = (): string | undefined => trace.getActiveSpan()?.spanContext().traceId;

/** Serialises the active context into a W3C traceparent string (undefined when there is no span). */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

const recordGetter: TextMapGetter<Record<string, string | undefined>> = {
  keys: (c) => Object.keys(c),
  get: (c, k) => c[k],
};

/** Builds a context from a traceparent string taken from an envelope or header. */
export function contextFromTraceparent(traceparent: string | undefined | null): Context {
  if (!traceparent) return context.active();
  return propagation.extract(context.active(), { traceparent }, recordGetter);
}

/** Adapters so the same propagator works on NATS headers. */
export interface HeaderBag {
  get(k: string): string;
  set(k: string, v: string): void;
  keys(): string[];
}
export const natsHeaderSetter: TextMapSetter<HeaderBag> = { set: (c, k, v) => c.set(k, v) };
export const natsHeaderGetter: TextMapGetter<HeaderBag | undefined> = {
  keys: (c) => c?.keys() ?? [],
  get: (c, k) => c?.get(k) || undefined,
};

export function injectInto(headers: HeaderBag): void {
  propagation.inject(context.active(), headers, natsHeaderSetter);
}
export function extractFrom(headers: HeaderBag | undefined): Context {
  return propagation.extract(context.active(), headers, natsHeaderGetter);
}
