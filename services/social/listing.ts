import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import { AppError } from "../../shared/errors.ts";
import { decodeCursor, encodeCursor, type Cursor } from "../../shared/query/keyset-cursor.ts";

export interface PageQuery {
  cursor?: string;
  limit: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The decoded cursor, or a 400 naming the field when it is not one of ours. */
export function readCursor(raw: string | undefined): Cursor | undefined {
  if (raw === undefined) return undefined;
  const cursor = decodeCursor(raw);
  if (!cursor) throw new AppError("INVALID_ARGUMENT", "Query has invalid fields: cursor", { fieldErrors: [{ field: "cursor", message: "is not a cursor from this list" }] });
  return cursor;
}

/** Rows after the cursor in newest-first order (keyset on created_at, id). */
export const after = (cursor: Cursor | undefined, createdAt: AnyColumn, id: AnyColumn): SQL =>
  cursor ? sql`(${createdAt}, ${id}) < (${cursor.createdAt.toISOString()}::timestamptz, ${cursor.id}::uuid)` : sql`true`;

/** Turns limit+1 fetched rows into a page and the cursor of the next one. */
export function toPage<R extends { createdAt: Date; id: string }, T>(rows: R[], limit: number, view: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept.at(-1);
  return { items: kept.map(view), nextCursor: more && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null };
}
