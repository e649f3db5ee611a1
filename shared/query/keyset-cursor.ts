import { isUuid } from "../ids.ts";

/** Position after the last item of a page: keyset on (created_at, id), newest first. */
export interface Cursor {
  createdAt: Date;
  id: string;
}

/** Opaque to clients: base64url of [ISO time, id]. */
export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.createdAt.toISOString(), c.id])).toString("base64url");
}

/** The cursor, or null when it is not one this service issued. */
export function decodeCursor(raw: string): Cursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(raw)) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [time, id] = parsed as unknown[];
    if (typeof time !== "string" || typeof id !== "string" || !isUuid(id)) return null;
    const createdAt = new Date(time);
    if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== time) return null;
    return { createdAt, id: id.toLowerCase() };
  } catch {
    return null;
  }
}
