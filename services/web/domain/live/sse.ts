/**
 * Server-sent events, both ways: reading the notifications service's stream (which arrives in
 * arbitrary chunks) and writing the stream the browser reads. Follows the WHATWG event-stream
 * rules that matter here: lines end with CRLF, LF or CR; a blank line ends a message; a line
 * starting with ":" is a comment; "field: value" loses one leading space; several data lines are
 * joined with LF.
 */

export interface SseMessage {
  /** Present when the message carried an `id:` line. */
  id?: string;
  /** `message` when the message had no `event:` line. */
  event: string;
  data: string;
  retry?: number;
}

export type SseItem = { kind: "message"; message: SseMessage } | { kind: "comment"; text: string };

/** Longest line accepted from upstream; a stream that never ends its lines is not an event stream. */
const MAX_LINE = 1 << 20;

/** Incremental parser: push text as it arrives, get back what is complete. */
export class SseParser {
  #buffer = "";
  #pendingCr = false;
  #id: string | undefined;
  #event = "";
  #data: string[] = [];
  #retry: number | undefined;

  push(chunk: string): SseItem[] {
    const out: SseItem[] = [];
    let text = chunk;
    // A CR at the end of the previous chunk may be the first half of a CRLF.
    if (this.#pendingCr && text.startsWith("\n")) text = text.slice(1);
    this.#pendingCr = false;
    this.#buffer += text;
    let start = 0;
    for (let i = 0; i < this.#buffer.length; i++) {
      const ch = this.#buffer.charCodeAt(i);
      if (ch !== 10 && ch !== 13) continue;
      this.#line(this.#buffer.slice(start, i), out);
      if (ch === 13) {
        if (i + 1 < this.#buffer.length) {
          if (this.#buffer.charCodeAt(i + 1) === 10) i++;
        } else {
          this.#pendingCr = true;
        }
      }
      start = i + 1;
    }
    this.#buffer = this.#buffer.slice(start);
    if (this.#buffer.length > MAX_LINE) throw new Error("event stream line too long");
    return out;
  }

  #line(line: string, out: SseItem[]): void {
    if (line === "") {
      if (this.#data.length > 0 || this.#id !== undefined || this.#event !== "") {
        const message: SseMessage = { event: this.#event || "message", data: this.#data.join("\n") };
        if (this.#id !== undefined) message.id = this.#id;
        if (this.#retry !== undefined) message.retry = this.#retry;
        out.push({ kind: "message", message });
      }
      this.#id = undefined;
      this.#event = "";
      this.#data = [];
      this.#retry = undefined;
      return;
    }
    const colon = line.indexOf(":");
    if (colon === 0) {
      out.push({ kind: "comment", text: line.slice(1).replace(/^ /, "") });
      return;
    }
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "data") this.#data.push(value);
    else if (field === "event") this.#event = value;
    else if (field === "id" && !value.includes("\0")) this.#id = value;
    else if (field === "retry" && /^\d+$/.test(value)) this.#retry = Number(value);
  }
}

const oneLine = (s: string) => s.replace(/[\r\n]+/g, " ");

/** One message in the wire format; data with line breaks becomes several `data:` lines. */
export function formatSse(message: { id?: string; event?: string; data: string; retry?: number }): string {
  let out = "";
  if (message.retry !== undefined) out += `retry: ${Math.max(0, Math.trunc(message.retry))}\n`;
  if (message.event !== undefined) out += `event: ${oneLine(message.event)}\n`;
  for (const line of message.data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  if (message.id !== undefined) out += `id: ${oneLine(message.id)}\n`;
  return `${out}\n`;
}

/** A comment: ignored by every client, but it keeps proxies and idle timers from closing the stream. */
export const formatSseComment = (text: string): string => `: ${oneLine(text)}\n\n`;
