import { createConnection, createServer } from "node:net";

/**
 * Ports for local servers. Everything stays below 32768: Linux hands out ports from 32768 up
 * to outbound connections, so a server there can collide with a random client socket.
 */
export const EPHEMERAL_PORT_START = 32768;

/** Range the test harness draws random ports from. */
export const TEST_PORT_RANGE = { min: 20000, max: 32000 } as const;

/** Ports handed out by findFreePort in this process, so two callers never get the same one. */
const handedOut = new Set<number>();

/** True when nothing listens on host:port and it can be bound. */
export async function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  if (await isListening(port, host, 300)) return false;
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** True when a TCP connection to host:port succeeds within timeoutMs. */
export function isListening(port: number, host = "127.0.0.1", timeoutMs = 1000): Promise<boolean> {
  return tcpProbe(port, host, timeoutMs, {});
}

/**
 * Connects, optionally sends a line, and lets `decide` judge what the server has said so far
 * (true/false ends the probe, undefined waits for more). Without `decide`, connecting is enough.
 * Errors and timeouts are false.
 */
export function tcpProbe(
  port: number,
  host: string,
  timeoutMs: number,
  opts: { send?: string; decide?: (received: string) => boolean | undefined; farewell?: string },
): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    let received = "";
    const done = (ok: boolean) => {
      socket.removeAllListeners();
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => {
      if (!opts.decide) return done(true);
      if (opts.send) socket.write(opts.send);
    });
    socket.on("data", (chunk) => {
      received += chunk.toString();
      const verdict = opts.decide?.(received);
      if (verdict === undefined) return;
      if (opts.farewell) socket.write(opts.farewell, () => done(verdict));
      else done(verdict);
    });
  });
}

/** A random free TCP port in [min, max] (default: the test range), never one handed out before. */
export async function findFreePort(
  opts: { min?: number; max?: number; host?: string; attempts?: number } = {},
): Promise<number> {
  const min = opts.min ?? TEST_PORT_RANGE.min;
  const max = Math.min(opts.max ?? TEST_PORT_RANGE.max, EPHEMERAL_PORT_START - 1);
  if (min > max) throw new Error(`findFreePort: empty range ${min}-${max}`);
  const attempts = opts.attempts ?? 200;
  for (let i = 0; i < attempts; i++) {
    const port = min + Math.floor(Math.random() * (max - min + 1));
    if (handedOut.has(port)) continue;
    if (await isPortFree(port, opts.host)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`findFreePort: no free port in ${min}-${max} after ${attempts} attempts`);
}

/** Throws a readable error when a fixed port is taken. */
export async function assertPortFree(port: number, what: string, hint: string, host = "127.0.0.1"): Promise<void> {
  if (!(await isPortFree(port, host))) {
    throw new Error(`${what}: port ${host}:${port} is already in use. ${hint}`);
  }
}

/**
 * Resolves once host:port accepts TCP connections. Fails early when `failed()` returns a
 * message (typically: the server process has exited) and after timeoutMs.
 */
export async function waitForPort(
  port: number,
  opts: { host?: string; timeoutMs?: number; failed?: () => string | undefined; what?: string } = {},
): Promise<void> {
  const host = opts.host ?? "127.0.0.1";
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    const failure = opts.failed?.();
    if (failure) throw new Error(failure);
    if (await isListening(port, host, 500)) return;
    if (Date.now() > deadline) throw new Error(`${opts.what ?? "server"} did not listen on ${host}:${port} in time`);
    await Bun.sleep(100);
  }
}
