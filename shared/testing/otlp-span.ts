/** Emits one span with OTLP export on, then flushes: run as a child process by telemetry.test.ts. */
import { initTelemetry, shutdownTelemetry, withSpan } from "../telemetry.ts";

initTelemetry("otlp-probe", process.argv[2]);
await withSpan("probe-span", { attributes: { "mint.test": "yes" } }, async () => {});
await shutdownTelemetry();
