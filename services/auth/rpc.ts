import { eq, inArray, sql } from "drizzle-orm";
import { authContract } from "../../proto-like-schemas/auth.ts";
import type { Database } from "../../shared/db/connect.ts";
import { hotStatement } from "../../shared/db/statement.ts";
import { AppError } from "../../shared/errors.ts";
import type { Handlers } from "../../shared/rpc/server.ts";
import { users } from "./db/schema.ts";
import { normaliseEmail } from "./domain/email.ts";
import { isUuid } from "../../shared/ids.ts";
import { createDirectory } from "./directory.ts";
import type { Roles } from "./roles.ts";

type UserRow = typeof users.$inferSelect;

const summary = (u: UserRow) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role === "ADMIN" ? ("ADMIN" as const) : ("USER" as const),
  emailVerified: u.emailVerified,
  isActive: u.isActive,
});


// Asked for every transfer's recipient: built once (see hotStatement).
const userById = hotStatement<{ id: string }, (typeof users.$inferSelect)[]>("user by id", (ex) => ex.select().from(users).where(eq(users.id, sql.placeholder("id"))).limit(1));

export function authRpcHandlers(db: Database, roles: Roles): Handlers<typeof authContract> {
  const directory = createDirectory(db);
  return {
    async getUser({ userId }) {
      const [u] = isUuid(userId) ? await userById(db, { id: userId }) : [];
      if (!u) throw new AppError("NOT_FOUND", "User not found");
      return summary(u);
    },
    async getUsers({ userIds }) {
      const ids = [...new Set(userIds.filter((id) => isUuid(id)))];
      if (ids.length === 0) return { users: [] };
      return { users: (await db.select().from(users).where(inArray(users.id, ids))).map(summary) };
    },
    async findUserByEmail({ email }) {
      const [u] = await db.select().from(users).where(eq(users.email, normaliseEmail(email))).limit(1);
      return { user: u ? summary(u) : null };
    },
    async searchUsers(req) {
      const page = await directory.search(req);
      return { items: page.items.map((u) => ({ ...summary(u), createdAt: u.createdAt.toISOString() })), nextCursor: page.nextCursor };
    },
    countUsers: () => directory.count(),
    async setRole({ userId, role, adminId }) {
      const r = await roles.setRole({ actorId: adminId, targetId: userId.toLowerCase(), role });
      return { user: summary(r.user), previousRole: r.previousRole, changed: r.changed, changedAt: r.user.updatedAt.toISOString() };
    },
  };
}
