import { isUuid } from "../../../shared/ids.ts";

/**
 * Opaque keyset cursors over (createdAt, id): the position after the last row of a page. Clients
 * pass them back unchanged; anything that does not decode is refused rather than guessed at.
 */

export interface Position {
  createdAt: string;
  id: string;
}

// Microsecond precision: Postgres timestamps would not round-trip through a millisecond Date.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.id])).toString("base64url");
}

/** The position, or null when the text is not a cursor this service issued. */
export function decodeCursor(cursor: string): Position | null {
  if (cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [createdAt, id] = value;
    if (typeof createdAt !== "string" || typeof id !== "string" || !TIMESTAMP.test(createdAt) || !isUuid(id)) return null;
    return { createdAt, id };
  } catch {
    return null;
  }
}
