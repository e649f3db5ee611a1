import { and, asc, count, eq, gt, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../shared/db/connect.ts";
import { AppError } from "../../shared/errors.ts";
import { users } from "./db/schema.ts";
import { escapeLike, normaliseEmail } from "./domain/email.ts";

type UserRow = typeof users.$inferSelect;

const encodeCursor = (email: string) => Buffer.from(email).toString("base64url");
function decodeCursor(cursor: string): string {
  const email = Buffer.from(cursor, "base64url").toString();
  if (!email.includes("@") || encodeCursor(email) !== cursor) {
    throw new AppError("INVALID_ARGUMENT", "Request has invalid fields: cursor", { fieldErrors: [{ field: "cursor", message: "is not a cursor from this list" }] });
  }
  return email;
}

/**
 * The back office's view of the user table: everyone (inactive users too), by e-mail, a page at
 * a time. The e-mail prefix uses the prefix index; the name matches the start of any of its words.
 */
export function createDirectory(db: Database) {
  return {
    async search(input: { query: string; cursor?: string; limit: number }): Promise<{ items: UserRow[]; nextCursor: string | null }> {
      const where: SQL[] = [];
      const text = normaliseEmail(input.query);
      if (text) {
        const prefix = `${escapeLike(text)}%`;
        where.push(or(sql`${users.email} like ${prefix} escape '\\'`, sql`lower(${users.name}) like ${prefix} escape '\\'`, sql`lower(${users.name}) like ${`% ${prefix}`} escape '\\'`)!);
      }
      if (input.cursor !== undefined) where.push(gt(users.email, decodeCursor(input.cursor)));
      const rows = await db.select().from(users).where(and(...where)).orderBy(asc(users.email)).limit(input.limit + 1);
      const page = rows.slice(0, input.limit);
      return { items: page, nextCursor: rows.length > input.limit ? encodeCursor(page.at(-1)!.email) : null };
    },

    async count(): Promise<{ total: number; active: number; admins: number }> {
      const [row] = await db
        .select({
          total: count(),
          active: sql<number>`count(*) filter (where ${users.isActive})`.mapWith(Number),
          admins: sql<number>`count(*) filter (where ${users.isActive} and ${eq(users.role, "ADMIN")})`.mapWith(Number),
        })
        .from(users);
      return { total: row?.total ?? 0, active: row?.active ?? 0, admins: row?.admins ?? 0 };
    },
  };
}
export type Directory = ReturnType<typeof createDirectory>;
