/**
 * Server-sent events wire format. Data is one JSON line, so it never needs splitting over several
 * `data:` lines; the id and event name must not contain line breaks either (ours never do).
 */
export function sseMessage(msg: { id?: string; event?: string; data: unknown; retryMs?: number }): string {
  let out = "";
  if (msg.retryMs !== undefined) out += `retry: ${Math.trunc(msg.retryMs)}\n`;
  if (msg.id !== undefined) out += `id: ${singleLine(msg.id)}\n`;
  if (msg.event !== undefined) out += `event: ${singleLine(msg.event)}\n`;
  return `${out}data: ${JSON.stringify(msg.data)}\n\n`;
}

/** A comment line: ignored by EventSource, but keeps proxies and Bun's idle timer from closing the stream. */
export const sseComment = (text: string): string => `: ${singleLine(text)}\n\n`;

const singleLine = (s: string) => s.replace(/[\r\n]/g, " ");

/**
 * Live messages that arrive while the replay is being read are held back, then sent only if the
 * replay did not already include them, in id order; later live messages go straight through.
 */
export class ReplayGate<T extends { id: string }> {
  private held: T[] | null = [];
  private readonly sent = new Set<string>();

  /** A live message: returns what to send now (nothing while the replay is still pending). */
  live(item: T): T[] {
    if (this.held) {
      this.held.push(item);
      return [];
    }
    return this.sent.has(item.id) ? [] : [item];
  }

  /** The replay is ready: returns it followed by the held live messages it did not contain, in id order. */
  open(replayed: T[]): T[] {
    for (const r of replayed) this.sent.add(r.id);
    const held = new Map<string, T>();
    for (const h of this.held ?? []) if (!this.sent.has(h.id)) held.set(h.id, h);
    this.held = null;
    for (const id of held.keys()) this.sent.add(id);
    return [...replayed, ...[...held.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))];
  }
}
