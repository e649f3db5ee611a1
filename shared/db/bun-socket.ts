import { EventEmitter } from "node:events";
import type { Socket } from "bun";

/**
 * A connection for postgres.js made with Bun's own TCP sockets rather than node:net. postgres.js
 * accepts any socket through its `socket` option; node:net's write path in Bun costs several
 * times what Bun.connect's does, and a service writes to Postgres for every statement. This
 * offers what postgres.js uses of a net.Socket: write with backpressure and callback, end,
 * destroy, readyState, keep-alive, pause/resume, and the data/drain/error/close events.
 * Plain TCP only: for TLS postgres.js needs a real net.Socket, so connect.ts does not use this then.
 */
export class BunPgSocket extends EventEmitter {
  readyState: "opening" | "open" | "closed" = "opening";
  private socket: Socket<undefined> | null = null;
  /** Bytes the kernel did not take yet, with the callbacks to run once they are written. */
  private pending: { bytes: Uint8Array; done?: () => void }[] = [];
  private paused = false;
  private heldBack: Buffer[] = [];

  static connect(host: string, port: number): Promise<BunPgSocket> {
    const wrapper = new BunPgSocket();
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
            if (wrapper.paused) wrapper.heldBack.push(data);
            else wrapper.emit("data", data);
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

  /** Like net.Socket#write: false when the data had to wait for the kernel ('drain' follows). */
  write(data: Uint8Array, done?: () => void): boolean {
    if (!this.socket || this.readyState !== "open") {
      done && queueMicrotask(done);
      return false;
    }
    if (this.pending.length > 0) {
      this.pending.push({ bytes: data, done });
      return false;
    }
    const written = Math.max(0, this.socket.write(data));
    if (written < data.byteLength) {
      this.pending.push({ bytes: data.subarray(written), done });
      return false;
    }
    done && queueMicrotask(done);
    return true;
  }

  end(data?: Uint8Array): void {
    if (data) this.write(data);
    this.socket?.end();
  }

  destroy(): void {
    this.socket?.terminate();
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
    for (const data of this.heldBack.splice(0)) this.emit("data", data);
  }

  private flush(): void {
    while (this.pending.length > 0 && this.socket) {
      const next = this.pending[0]!;
      const written = Math.max(0, this.socket.write(next.bytes));
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
    this.emit("close", Boolean(error));
  }
}
