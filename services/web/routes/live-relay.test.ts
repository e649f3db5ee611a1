import { expect, test } from "bun:test";
import type { Notification } from "../clients/notifications.ts";
import { formatSse, type SseItem, SseParser } from "../domain/live/sse.ts";
import { CONNECTED, liveRelay, SESSION_ENDED, type UpstreamOpen } from "./live-relay.ts";

// The relay's decisions, with upstream streams the test writes itself: when to reopen, when to
// hand the browser back to the session gate, what a replay that skipped some sends.

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const encoder = new TextEncoder();

/** An upstream stream the test writes to and ends. */
function upstream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  return { body, write: (text: string) => controller.enqueue(encoder.encode(text)), end: () => controller.close() };
}

const notification = (id: string, type = "wallet.unfrozen"): Notification => ({
  id,
  type,
  title: "T",
  body: "B",
  data: null,
  read: false,
  createdAt: new Date().toISOString(),
  occurredAt: new Date().toISOString(),
});

/** Reads what the relay sends the browser; `leave()` is the browser going away. */
function read(stream: ReadableStream<Uint8Array>) {
  const items: SseItem[] = [];
  const parser = new SseParser();
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  const done = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      items.push(...parser.push(decoder.decode(value, { stream: true })));
    }
  })();
  return { items, done, leave: () => reader.cancel() };
}

async function until(check: () => boolean, what: string) {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(5);
  }
}

const render = async (batch: Notification[], truncated: boolean) =>
  (truncated ? formatSse({ event: "everything-changed", data: "{}" }) : "") + batch.map((n) => formatSse({ id: n.id, data: `<p>${n.title}</p>` })).join("");

test("reopens after the last notification it passed on when the upstream ends", async () => {
  const opened: (string | undefined)[] = [];
  const streams = [upstream(), upstream()];
  const relay = liveRelay({
    from: "cursor-0",
    open: async (after): Promise<UpstreamOpen> => {
      opened.push(after);
      return { kind: "open", body: streams[opened.length - 1]!.body };
    },
    render,
    tokenUsable: () => true,
    keepaliveMs: 60_000,
    endOn: [],
    log: quiet,
    retryDelaysMs: [1],
  });
  const browser = read(relay);
  await until(() => opened.length === 1, "first open");
  streams[0]!.write(`id: n1\nevent: notification\ndata: ${JSON.stringify(notification("n1"))}\n\n`);
  await until(() => browser.items.some((i) => i.kind === "message" && i.message.id === "n1"), "n1");
  streams[0]!.end();
  await until(() => opened.length === 2, "reopen");
  expect(opened).toEqual(["cursor-0", "n1"]);
  streams[1]!.write(": heartbeat\n\n");
  await until(() => browser.items.some((i) => i.kind === "comment" && i.text === "heartbeat"), "heartbeat passed through");
  expect(browser.items.filter((i) => i.kind === "message" && i.message.event === "live-connected").length).toBe(2);
  await browser.leave();
});

test("an upstream that is down is retried while keepalives hold the browser's connection", async () => {
  let attempts = 0;
  const up = upstream();
  const relay = liveRelay({
    from: undefined,
    open: async (): Promise<UpstreamOpen> => (++attempts < 4 ? { kind: "down", status: 503 } : { kind: "open", body: up.body }),
    render,
    tokenUsable: () => true,
    keepaliveMs: 20,
    endOn: [],
    log: quiet,
    retryDelaysMs: [10, 20],
  });
  const browser = read(relay);
  await until(() => browser.items.some((i) => i.kind === "message" && i.message.event === "live-connected"), "connected");
  expect(attempts).toBe(4);
  expect(browser.items.some((i) => i.kind === "comment" && i.text === "keepalive")).toBe(true);
  await browser.leave();
});

test("a token too old to reopen with ends the browser's stream, so its reconnect goes through the session gate", async () => {
  const up = upstream();
  let usable = true;
  let opens = 0;
  const relay = liveRelay({
    from: undefined,
    open: async (): Promise<UpstreamOpen> => (++opens, { kind: "open", body: up.body }),
    render,
    tokenUsable: () => usable,
    keepaliveMs: 60_000,
    endOn: [],
    log: quiet,
    retryDelaysMs: [1],
  });
  const browser = read(relay);
  await until(() => opens === 1, "open");
  usable = false;
  up.end();
  await browser.done;
  expect(opens).toBe(1);
  expect(browser.items).toEqual([{ kind: "message", message: { event: "live-connected", data: "{}", retry: 1000 } }]);
});

test("refused at once: the session is over (the browser stops reconnecting); refused later: the browser reconnects", async () => {
  const first = read(liveRelay({ from: undefined, open: async () => ({ kind: "refused" }), render, tokenUsable: () => true, keepaliveMs: 60_000, endOn: [], log: quiet }));
  await first.done;
  expect(first.items).toEqual(new SseParser().push(SESSION_ENDED));

  let opens = 0;
  const up = upstream();
  const later = read(
    liveRelay({
      from: undefined,
      open: async (): Promise<UpstreamOpen> => (++opens === 1 ? { kind: "open", body: up.body } : { kind: "refused" }),
      render,
      tokenUsable: () => true,
      keepaliveMs: 60_000,
      endOn: [],
      log: quiet,
      retryDelaysMs: [1],
    }),
  );
  await until(() => opens === 1, "open");
  up.end();
  await later.done;
  expect(later.items).toEqual(new SseParser().push(CONNECTED));
});

test("a replay that skipped some tells every part to refresh; malformed notifications are skipped", async () => {
  const up = upstream();
  const batches: { ids: string[]; truncated: boolean }[] = [];
  const relay = liveRelay({
    from: "x",
    open: async () => ({ kind: "open", body: up.body }),
    render: async (batch, truncated) => {
      batches.push({ ids: batch.map((n) => n.id), truncated });
      return render(batch, truncated);
    },
    tokenUsable: () => true,
    keepaliveMs: 60_000,
    endOn: [],
    log: quiet,
  });
  const browser = read(relay);
  up.write(
    'event: ready\ndata: {"replayed":true}\n\n' +
      'event: replay_truncated\ndata: {"limit":500}\n\n' +
      `id: a\nevent: notification\ndata: ${JSON.stringify(notification("a"))}\n\n` +
      "id: bad\nevent: notification\ndata: {not json\n\n" +
      `id: b\nevent: notification\ndata: ${JSON.stringify(notification("b"))}\n\n`,
  );
  await until(() => batches.length === 1, "batch");
  expect(batches).toEqual([{ ids: ["a", "b"], truncated: true }]);
  await browser.leave();
});

test("ends with the browser or the service, and closes its upstream", async () => {
  for (const how of ["browser leaves", "request aborted", "service shuts down"] as const) {
    const request = new AbortController();
    const shutdown = new AbortController();
    let upstreamSignal: AbortSignal | undefined;
    const up = upstream();
    const relay = liveRelay({
      from: undefined,
      open: async (_after, signal) => {
        upstreamSignal = signal;
        return { kind: "open", body: up.body };
      },
      render,
      tokenUsable: () => true,
      keepaliveMs: 60_000,
      endOn: [request.signal, shutdown.signal],
      log: quiet,
    });
    const browser = read(relay);
    await until(() => upstreamSignal !== undefined, "open");
    if (how === "browser leaves") await browser.leave();
    else if (how === "request aborted") request.abort();
    else shutdown.abort();
    await browser.done;
    await until(() => upstreamSignal!.aborted, `upstream closed when the ${how}`);
  }
});
