/**
 * bun run create-admin --email a@b.c --password … --name …
 * Creates the user (or finds it), marks the e-mail verified and grants ADMIN, so the person can
 * sign in to the console at once. Events go through the outbox like any other change.
 * Works on the PostgreSQL of POSTGRES_URL (or DATABASE_URL) when set, else on the running
 * `bun dev`'s (shared/devstack/script-database.ts), and stops naming what it tried when neither answers.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { eq, sql } from "drizzle-orm";
import { eventCatalog } from "../../../proto-like-schemas/events/index.ts";
import { databaseUrlFor, loadConfig } from "../../../shared/config.ts";
import { connectDatabase, ensureDatabase } from "../../../shared/db/connect.ts";
import { applyMigrations } from "../../../shared/db/migrate.ts";
import { scriptDatabase, withoutPassword } from "../../../shared/devstack/script-database.ts";
import { createEmitter } from "../../../shared/events/outbox.ts";
import { authConfig } from "../config.ts";
import { users } from "../db/schema.ts";
import { normaliseEmail } from "../domain/email.ts";
import { passwordProblem } from "../domain/password-policy.ts";

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values } = parseArgs({ options: { email: { type: "string" }, password: { type: "string" }, name: { type: "string" } } });
if (!values.email || !values.password) fail("Usage: bun run create-admin --email <e-mail> --password <password> [--name <name>]");
const email = normaliseEmail(values.email);
if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) fail(`Not an e-mail address: ${values.email}`);
const problem = passwordProblem(values.password);
if (problem) fail(problem);

const target = await scriptDatabase(resolve(import.meta.dir, "../../.."), process.env).catch((err: Error) => fail(err.message));
const config = loadConfig("auth", 4001, authConfig, target.env);
const url = databaseUrlFor("auth", config);
await ensureDatabase(target.serverUrl, url);
await applyMigrations(url, new URL("../db/migrations", import.meta.url).pathname);
const { db, close } = connectDatabase(url, 1);
const emit = createEmitter("auth", eventCatalog);
const passwordHash = await Bun.password.hash(values.password, "argon2id");

const result = await db.transaction(async (tx) => {
  const [existing] = await tx.select().from(users).where(eq(users.email, email)).for("update").limit(1);
  if (!existing) {
    const id = Bun.randomUUIDv7();
    await tx.insert(users).values({ id, email, name: values.name ?? null, passwordHash, emailVerified: true, role: "ADMIN" });
    await emit(tx, "auth.user_registered", { userId: id, email, name: values.name ?? null, registrationMethod: "credentials" }, { actorId: id, subjectUserIds: [id] });
    await emit(tx, "auth.user_verified", { userId: id, email, verifiedAt: new Date().toISOString() }, { actorId: id, subjectUserIds: [id] });
    await emit(tx, "auth.role_changed", { userId: id, role: "ADMIN", previousRole: "USER", changedBy: null }, { actorId: null, subjectUserIds: [id] });
    return { id, created: true };
  }
  await tx
    .update(users)
    .set({ role: "ADMIN", emailVerified: true, isActive: true, passwordHash, name: values.name ?? existing.name, updatedAt: sql`now()` })
    .where(eq(users.id, existing.id));
  if (!existing.emailVerified) await emit(tx, "auth.user_verified", { userId: existing.id, email, verifiedAt: new Date().toISOString() }, { actorId: existing.id, subjectUserIds: [existing.id] });
  if (existing.role !== "ADMIN") await emit(tx, "auth.role_changed", { userId: existing.id, role: "ADMIN", previousRole: "USER", changedBy: null }, { actorId: null, subjectUserIds: [existing.id] });
  return { id: existing.id, created: false };
});
await close();
const server = new URL(url);
const database = server.pathname.slice(1);
server.pathname = "";
server.search = "";
console.log(`${result.created ? "Created" : "Promoted"} admin ${email} (${result.id}) in ${database} at ${withoutPassword(server.toString())} (from ${target.source})`);
