import { EventEmitter } from "node:events";
import type { Socket } from "bun";

/**
 * A TCP connection made with Bun's own sockets, offered to clients written for node:net
 * (postgres.js through its `socket` option, nats.js through its transport). In Bun, node:net's
 * write path costs several times what Bun.connect's does, and a service talks to PostgreSQL and
 * NATS for every request. This offers what those clients use of a net.Socket: write with
 * backpressure and callback, end, destroy, destroyed, readyState, keep-alive, no-delay,
 * pause/resume, and the data/drain/end/error/close events. Plain TCP only: for TLS the clients
 * keep node's sockets. Data that arrives while no one listens is kept until someone does, so a
 * client that swaps its listeners never misses a frame.
 */
/** net.Socket's default: writes report backpressure once this much waits for the kernel. */
const HIGH_WATER_MARK = 16 * 1024;

export class BunSocket extends EventEmitter {
  readyState: "opening" | "open" | "closed" = "opening";
  private socket: Socket<undefined> | null = null;
  /** Bytes the kernel did not take yet, with the callbacks to run once they are written. */
  private pending: { bytes: Uint8Array; done?: () => void }[] = [];
  private pendingBytes = 0;
  private paused = false;
  private heldBack: Buffer[] = [];

  /** Bytes waiting for the kernel, as net.Socket#writableLength. */
  get writableLength(): number {
    return this.pendingBytes;
  }

  get destroyed(): boolean {
    return this.readyState === "closed";
  }

  static connect(host: string, port: number): Promise<BunSocket> {
    const wrapper = new BunSocket();
    return new Promise((resolve, reject) => {
      Bun.connect({
        hostname: host,
        port,
        socket: {
          open(socket) {
            wrapper.socket = socket;
            socket.setNoDelay(true);
            wrapper.readyState = "open";
            resolve(wrapper);
          },
          data(_socket, data) {
            wrapper.heldBack.push(data);
            wrapper.handOnHeldBack();
          },
          end() {
            wrapper.emit("end");
          },
          drain() {
            wrapper.flush();
          },
          close(_socket, error) {
            wrapper.closed(error);
          },
          error(_socket, error) {
            wrapper.emit("error", error);
          },
          connectError(_socket, error) {
            reject(error);
          },
        },
      }).catch(reject);
    });
  }

  /**
   * Like net.Socket#write: bytes the kernel does not take at once wait here, and the answer is
   * false only once more than HIGH_WATER_MARK bytes wait ('drain' follows). Clients depend on
   * that meaning: postgres.js, told false, holds back what it would do after a write (it marks
   * a BEGIN's connection as reserved only after a write that returned true).
   */
  write(data: Uint8Array, done?: () => void): boolean {
    if (!this.socket || this.readyState !== "open") {
      done && queueMicrotask(done);
      return false;
    }
    if (this.pending.length === 0) {
      const written = Math.max(0, this.socket.write(data));
      if (written === data.byteLength) {
        done && queueMicrotask(done);
        return true;
      }
      data = data.subarray(written);
    }
    this.pending.push({ bytes: data, done });
    this.pendingBytes += data.byteLength;
    return this.pendingBytes <= HIGH_WATER_MARK;
  }

  end(data?: Uint8Array): void {
    if (data) this.write(data);
    this.socket?.end();
  }

  destroy(): void {
    this.socket?.terminate();
  }

  setNoDelay(noDelay = true): void {
    this.socket?.setNoDelay(noDelay);
  }

  setKeepAlive(enable: boolean, initialDelayMs: number): void {
    this.socket?.setKeepAlive(enable, initialDelayMs);
  }

  /** Used by COPY streams: stops handing data on until resume(). */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.handOnHeldBack();
  }

  override on(event: string | symbol, listener: (...args: any[]) => void): this {
    super.on(event, listener);
    // Someone listens again: what arrived meanwhile goes to them, after they finish setting up.
    if (event === "data" && this.heldBack.length > 0) queueMicrotask(() => this.handOnHeldBack());
    return this;
  }

  /** Hands what arrived to the listeners, in order, as far as someone listens and nothing paused us. */
  handOnHeldBack(): void {
    while (!this.paused && this.heldBack.length > 0 && this.listenerCount("data") > 0) this.emit("data", this.heldBack.shift()!);
  }

  private flush(): void {
    while (this.pending.length > 0 && this.socket) {
      const next = this.pending[0]!;
      const written = Math.max(0, this.socket.write(next.bytes));
      this.pendingBytes -= written;
      if (written < next.bytes.byteLength) {
        next.bytes = next.bytes.subarray(written);
        return;
      }
      this.pending.shift();
      next.done?.();
    }
    this.emit("drain");
  }

  private closed(error?: Error): void {
    if (this.readyState === "closed") return;
    this.readyState = "closed";
    this.socket = null;
    this.pending = [];
    this.pendingBytes = 0;
    this.emit("close", Boolean(error));
  }
}
