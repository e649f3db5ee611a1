import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq, sql } from "drizzle-orm";
import { pgTable, text, uuid } from "drizzle-orm/pg-core";
import { testDatabase } from "../tests/harness/database.ts";
import type { DatabaseHandle } from "./db/connect.ts";
import { hotStatement } from "./db/statement.ts";
import { createLogger, type LogLevel } from "./log.ts";
import { safeErrorFields, safeErrorMessage, statementLabel, withoutStatementValues } from "./safe-error.ts";

const accounts = pgTable("accounts", { id: uuid("id").primaryKey(), email: text("email").notNull(), secret: text("secret").notNull() });

const EMAIL = "ann.secret@example.com";
const HASH = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await testDatabase("safe_error", 2);
  await handle.db.execute(sql`create table accounts (id uuid primary key, email text not null, secret text not null check (secret like 'ok%'))`);
  await handle.db.execute(sql`create unique index accounts_email_key on accounts (email)`);
  await handle.db.insert(accounts).values({ id: crypto.randomUUID(), email: EMAIL, secret: "ok-1" });
});

afterAll(() => handle?.close());

/** The error a real statement raises. */
async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (err) {
    return err;
  }
  throw new Error("the statement did not fail");
}

/** What a logger writes for the fields, as the lines it would print. */
function logged(fields: Record<string, unknown>, level: LogLevel = "error"): string {
  const lines: string[] = [];
  createLogger("test", "debug", {}, (line) => lines.push(line))[level]("failed", fields);
  return lines.join("\n");
}

describe("errors of failed statements, as logs see them", () => {
  test("a unique violation: code, table, constraint and message; neither the parameters nor the server's detail", async () => {
    const err = await failure(() => handle.db.insert(accounts).values({ id: crypto.randomUUID(), email: EMAIL, secret: `ok-${HASH}` }));
    // The raw error does carry them (what a careless log line would print).
    expect(String((err as Error).message)).toContain(EMAIL);
    expect(JSON.stringify((err as { cause: { detail: string } }).cause.detail)).toContain(EMAIL);

    const fields = safeErrorFields(err);
    expect(fields).toMatchObject({ name: "DatabaseError", code: "23505", severity: "ERROR", table: "accounts", constraint: "accounts_email_key" });
    expect(fields.message).toBe('duplicate key value violates unique constraint "accounts_email_key"');
    expect(fields.statement).toMatch(/^insert accounts #[0-9a-f]{8}$/);
    expect(fields).not.toHaveProperty("detail");
    for (const text of [JSON.stringify(fields), safeErrorMessage(err), logged({ err }), logged({ error: (err as Error).message }), logged({ err: { ...(err as object) } })]) {
      expect(text).not.toContain(EMAIL);
      expect(text).not.toContain(HASH);
      expect(text).not.toContain("params:");
    }
    expect(safeErrorMessage(err)).toBe(`duplicate key value violates unique constraint "accounts_email_key" (23505) in statement ${fields.statement}`);
  });

  test("a check violation: the failing row the server quotes stays out", async () => {
    const err = await failure(() => handle.db.insert(accounts).values({ id: crypto.randomUUID(), email: "bo@example.com", secret: HASH }));
    expect((err as { cause: { detail: string } }).cause.detail).toContain(HASH);
    const line = logged({ err });
    expect(line).toContain('"code":"23514"');
    expect(line).not.toContain(HASH);
    expect(line).not.toContain("bo@example.com");
  });

  test("a data exception keeps its message up to the quoted value", async () => {
    const err = await failure(() => handle.db.select().from(accounts).where(eq(accounts.id, "not-a-uuid-but-a-secret")));
    expect((err as Error).message).toContain("not-a-uuid-but-a-secret");
    expect(safeErrorFields(err)).toMatchObject({ code: "22P02", message: "invalid input syntax for type uuid" });
    expect(logged({ err })).not.toContain("not-a-uuid-but-a-secret");
  });

  test("a hot statement is reported by its name", async () => {
    const insertAccount = hotStatement<{ id: string; email: string; secret: string }, unknown>("insert account", (ex) =>
      ex.insert(accounts).values({ id: sql.placeholder("id"), email: sql.placeholder("email"), secret: sql.placeholder("secret") }),
    );
    const err = await failure(() => insertAccount(handle.db, { id: crypto.randomUUID(), email: EMAIL, secret: "ok-2" }));
    expect(safeErrorFields(err)).toMatchObject({ statement: "insert account", code: "23505" });
    expect(logged({ err })).not.toContain(EMAIL);
  });

  test("inside a transaction, and as the cause of another error", async () => {
    const err = await failure(() => handle.db.transaction((tx) => tx.update(accounts).set({ secret: HASH }).where(eq(accounts.email, EMAIL))));
    const wrapped = new Error("could not rotate the secret", { cause: err });
    const fields = safeErrorFields(wrapped);
    expect(fields.message).toBe("could not rotate the secret");
    expect(fields.cause).toMatchObject({ name: "DatabaseError", code: "23514" });
    expect(logged({ err: wrapped }, "warn")).not.toContain(HASH);
    expect(logged({ err: wrapped })).not.toContain(EMAIL);
  });

  test("a lost connection keeps the driver's code and message", async () => {
    const other = await testDatabase("safe_error_lost", 1);
    const [{ pid }] = (await other.sql`select pg_backend_pid() as pid`) as unknown as [{ pid: number }];
    const err = await failure(() => other.db.transaction(async (tx) => {
      await handle.sql`select pg_terminate_backend(${pid})`;
      await tx.select().from(sql`pg_class`).where(sql`relname = ${EMAIL}`);
    }));
    await other.close().catch(() => {});
    expect(safeErrorFields(err)).toMatchObject({ code: "CONNECTION_CLOSED" });
    expect(safeErrorMessage(err)).toStartWith("write CONNECTION_CLOSED");
    expect(logged({ err })).not.toContain(EMAIL);
  });
});

describe("what logs never carry", () => {
  test("drizzle's failed-query text in any string, however it got there", () => {
    const text = 'Failed query: update "users" set "password_hash" = $1 where "users"."id" = $2\nparams: secret-hash,42';
    expect(withoutStatementValues(`could not settle: ${text}`)).toBe(`could not settle: Failed query: ${statementLabel('update "users" set "password_hash" = $1 where "users"."id" = $2')}`);
    expect(withoutStatementValues(text.slice(0, 40))).not.toContain("params");
    const line = logged({ error: text, nested: { list: [text] } });
    expect(line).not.toContain("secret-hash");
  });

  test("parameters, params and args by name, and whatever sits too deep to look at", () => {
    const line = logged({ parameters: ["p-secret"], detail: { params: ["q-secret"], args: "r-secret" }, a: { b: { c: { d: { e: { f: "deep-secret" } } } } } });
    for (const s of ["p-secret", "q-secret", "r-secret", "deep-secret"]) expect(line).not.toContain(s);
    expect(line).toContain("[truncated]");
  });

  test("labels name the statement and its first table, never a literal", () => {
    expect(statementLabel(`select "id" from "accounts" where "email" = 'ann@example.com'`)).toMatch(/^select accounts #[0-9a-f]{8}$/);
    expect(statementLabel(`insert into outbox (id) values ($1)`)).toMatch(/^insert outbox #/);
    expect(statementLabel(`with moved as (update "wallets" set balance = balance - $1 returning id) select 1`)).toMatch(/^with wallets #/);
    expect(statementLabel("anything", "settle transfer")).toBe("settle transfer");
  });
});
