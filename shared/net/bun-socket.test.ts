import { afterEach, expect, test } from "bun:test";
import { createServer, type Server, type Socket } from "node:net";
import { BunSocket } from "./bun-socket.ts";

let server: Server | undefined;
afterEach(() => server?.close());

/** A server that takes the connection but reads nothing until told to, so the client's writes back up. */
async function stalledServer(): Promise<{ port: number; peer: Promise<Socket> }> {
  let accept!: (s: Socket) => void;
  const peer = new Promise<Socket>((resolve) => (accept = resolve));
  server = createServer((s) => {
    s.pause();
    accept(s);
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as { port: number }).port, peer };
}

test("writes answer like net.Socket: true until more than 16 KiB waits for the kernel, then drain, in order", async () => {
  const { port, peer } = await stalledServer();
  const socket = await BunSocket.connect("127.0.0.1", port);
  const chunk = (n: number) => new Uint8Array(4 * 1024).fill(n % 251);

  // Fill the kernel's buffers: every write answers true until 16 KiB are waiting in the socket.
  const answers: { ok: boolean; waiting: number }[] = [];
  let flushed = 0;
  let n = 0;
  while (answers.at(-1)?.ok !== false && n < 20_000) answers.push({ ok: socket.write(chunk(n++), () => flushed++), waiting: socket.writableLength });
  expect(answers.at(-1)!.waiting).toBeGreaterThan(16 * 1024);
  expect(answers.slice(0, -1).every((a) => a.ok && a.waiting <= 16 * 1024)).toBe(true);
  // Below the mark the answer is true although the kernel no longer took everything at once.
  expect(answers.some((a) => a.ok && a.waiting > 0)).toBe(true);

  const drained = new Promise<void>((resolve) => socket.once("drain", resolve));
  const received: Buffer[] = [];
  const s = await peer;
  const all = new Promise<void>((resolve) => s.on("data", (d: Buffer) => (received.push(d), Buffer.concat(received).length === n * 4096 && resolve())));
  s.resume();
  await drained;
  await all;
  expect(flushed).toBe(n);
  const bytes = Buffer.concat(received);
  for (let i = 0; i < n; i++) expect(bytes[i * 4096]).toBe(i % 251);
  socket.destroy();
  s.destroy();
});

test("data that arrives while nobody listens waits for the next listener", async () => {
  const { port, peer } = await stalledServer();
  const socket = await BunSocket.connect("127.0.0.1", port);
  (await peer).write("early");
  await Bun.sleep(50);
  const got = new Promise<string>((resolve) => socket.on("data", (d: Buffer) => resolve(d.toString())));
  expect(await got).toBe("early");
  socket.destroy();
});
