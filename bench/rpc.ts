/**
 * Mesh RPC against raw nats.js request-reply, same process, same server, same payload.
 * The mesh adds contract validation on both sides, deadline and trace headers, spans and the
 * services API; the ratio says what that costs. Goal: >= 0.8 of raw at 64 in flight.
 */
import { z } from "zod";
import { createLogger } from "../shared/log.ts";
import { rpcClient } from "../shared/rpc/client.ts";
import { defineContract, method } from "../shared/rpc/contract.ts";
import { serveContract } from "../shared/rpc/server.ts";
import { initTelemetry } from "../shared/telemetry.ts";
import { connectNats } from "../shared/net/nats-connect.ts";
import { benchNats } from "./servers.ts";
import { measure, printTable, type RunResult } from "./stats.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const contract = defineContract("bench", {
  echo: method({ request: z.object({ userId: z.string(), amount: z.number().int() }), response: z.object({ userId: z.string(), amount: z.number().int() }), idempotent: true }),
});
const payload = { userId: "01a1fb27-d0fb-7567-9b9f-af2ebda82b86", amount: 12_345 };

initTelemetry("bench");
const nats = await benchNats();
// Both paths share these connections and their options, so the ratio isolates the mesh layer.
const serverConn = await connectNats({ servers: nats.url, noAsyncTraces: true });
const clientConn = await connectNats({ servers: nats.url, noAsyncTraces: true });

const raw = serverConn.subscribe("raw.echo", { queue: "raw", callback: (_err, msg) => msg.respond(msg.data) });
const mesh = await serveContract(serverConn, contract, { echo: async (req) => req }, createLogger("bench", "error"));
await serverConn.flush();

const encoded = new TextEncoder().encode(JSON.stringify(payload));
const rawCall = async () => JSON.parse(new TextDecoder().decode((await clientConn.request("raw.echo", encoded, { timeout: 5_000 })).data));
const client = rpcClient(clientConn, contract, 5_000);
const meshCall = () => client.echo(payload);

// Warm up JIT and connections before measuring.
await measure("warm-up", 16, 1, rawCall);
await measure("warm-up", 16, 1, meshCall);

const rows: RunResult[] = [];
for (const concurrency of [1, 64]) {
  rows.push(await measure("raw nats.js request", concurrency, SECONDS, rawCall));
  rows.push(await measure("mesh rpc (validated, traced)", concurrency, SECONDS, meshCall));
}
printTable(rows);
for (const concurrency of [1, 64]) {
  const [r, m] = rows.filter((row) => row.concurrency === concurrency);
  console.log(`ratio mesh/raw at ${concurrency} in flight: ${(m!.perSecond / r!.perSecond).toFixed(2)}`);
}

raw.unsubscribe();
await mesh.stop();
await clientConn.close();
await serverConn.close();
await nats.stop();
