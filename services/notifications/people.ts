import { eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../../shared/db/connect.ts";
import { preferences, users } from "./db/schema.ts";

/** Records (or refreshes) who a user is, as auth announced it. */
export async function rememberUser(db: Executor, u: { userId: string; email: string; name?: string | null }): Promise<void> {
  const name = u.name === undefined ? undefined : u.name?.trim() || null;
  await db
    .insert(users)
    .values({ userId: u.userId, email: u.email, name: name ?? null })
    .onConflictDoUpdate({ target: users.userId, set: { email: u.email, ...(name === undefined ? {} : { name }), updatedAt: sql`now()` } });
}

/** A user's new display name (a user this service does not know yet stays unknown: auth's sign-up event brings them). */
export async function renameUser(db: Executor, userId: string, name: string): Promise<void> {
  await db.update(users).set({ name: name.trim() || null, updatedAt: sql`now()` }).where(eq(users.userId, userId));
}

/** Display names of the users this service knows, by id. */
export async function namesOf(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ userId: users.userId, name: users.name }).from(users).where(inArray(users.userId, ids));
  return new Map(rows.filter((r) => r.name).map((r) => [r.userId, r.name!]));
}

export async function addressOf(db: Executor, userId: string): Promise<string | undefined> {
  const [row] = await db.select({ email: users.email }).from(users).where(eq(users.userId, userId));
  return row?.email;
}

/** Of the given users, those who turned e-mail off (everyone else gets e-mail: the default is on). */
export async function emailDisabled(db: Executor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ userId: preferences.userId, emailEnabled: preferences.emailEnabled }).from(preferences).where(inArray(preferences.userId, ids));
  return new Set(rows.filter((r) => !r.emailEnabled).map((r) => r.userId));
}

export interface Preferences {
  emailEnabled: boolean;
}

export async function getPreferences(db: Executor, userId: string): Promise<Preferences> {
  const [row] = await db.select({ emailEnabled: preferences.emailEnabled }).from(preferences).where(eq(preferences.userId, userId));
  return { emailEnabled: row?.emailEnabled ?? true };
}

export async function setPreferences(db: Executor, userId: string, p: Preferences): Promise<Preferences> {
  await db
    .insert(preferences)
    .values({ userId, emailEnabled: p.emailEnabled })
    .onConflictDoUpdate({ target: preferences.userId, set: { emailEnabled: p.emailEnabled, updatedAt: sql`now()` } });
  return getPreferences(db, userId);
}
