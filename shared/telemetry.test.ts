import { describe, expect, test } from "bun:test";

describe("OpenTelemetry export", () => {
  test("spans are exported over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set", async () => {
    const received: { path: string; bytes: number }[] = [];
    // A real OTLP/HTTP receiver endpoint: it only records what the exporter posts.
    const collector = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      async fetch(req) {
        received.push({ path: new URL(req.url).pathname, bytes: (await req.arrayBuffer()).byteLength });
        return new Response("{}", { headers: { "content-type": "application/json" } });
      },
    });
    try {
      // Telemetry is process-wide, so the exporting process is a child of its own.
      const proc = Bun.spawn(["bun", new URL("./testing/otlp-span.ts", import.meta.url).pathname, `http://127.0.0.1:${collector.port}`], { stdout: "pipe", stderr: "pipe" });
      expect(await proc.exited).toBe(0);
      expect(received.length).toBeGreaterThan(0);
      expect(received[0]!.path).toBe("/v1/traces");
      expect(received[0]!.bytes).toBeGreaterThan(50);
    } finally {
      await collector.stop(true);
    }
  });
});
