import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { NatsConnection } from "nats";
import { eventually } from "../testing/wait.ts";
import { getInfra } from "../../tests/harness/infra.ts";
import { BunSocket } from "./bun-socket.ts";
import { connectNats } from "./nats-connect.ts";

const socketOf = (nc: NatsConnection) => (nc as unknown as { protocol: { transport: { socket: unknown } } }).protocol.transport.socket;

describe("NATS over Bun's sockets", () => {
  let server: NatsConnection;
  let client: NatsConnection;

  beforeAll(async () => {
    const { natsUrl } = await getInfra();
    server = await connectNats({ servers: natsUrl, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    client = await connectNats({ servers: natsUrl, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    server.subscribe("bun-socket.echo", { callback: (_err, msg) => msg.respond(msg.data) });
    await server.flush();
  });

  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  test("carries request-reply, large payloads and bursts in order", async () => {
    expect(socketOf(client)).toBeInstanceOf(BunSocket);
    const big = new Uint8Array(900 * 1024).map((_, i) => i % 251);
    expect(Buffer.from((await client.request("bun-socket.echo", big, { timeout: 5_000 })).data).equals(Buffer.from(big))).toBe(true);
    const answers = await Promise.all(Array.from({ length: 500 }, (_, i) => client.request("bun-socket.echo", new TextEncoder().encode(String(i)), { timeout: 5_000 })));
    expect(answers.map((m) => new TextDecoder().decode(m.data))).toEqual(Array.from({ length: 500 }, (_, i) => String(i)));
  });

  test("reconnects over Bun's sockets after the server restarts", async () => {
    const infra = await getInfra();
    if (!infra.nats) return; // a reused server cannot be restarted here
    const before = socketOf(client);
    await infra.nats.restart();
    await eventually(async () => {
      try {
        return (await client.request("bun-socket.echo", new TextEncoder().encode("back"), { timeout: 500 })).string() === "back";
      } catch {
        return false;
      }
    }, { timeoutMs: 20_000, what: "echo after the restart" });
    expect(socketOf(client)).not.toBe(before);
    expect(socketOf(client)).toBeInstanceOf(BunSocket);
  }, 30_000);
});
