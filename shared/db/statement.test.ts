import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq, sql } from "drizzle-orm";
import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { testDatabase } from "../../tests/harness/database.ts";
import type { DatabaseHandle } from "./connect.ts";
import { hotStatement } from "./statement.ts";

const notes = pgTable("notes", {
  id: text("id").primaryKey(),
  body: text("body").notNull(),
  version: integer("version").notNull(),
  at: timestamp("at", { withTimezone: true }).notNull(),
});

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await testDatabase("statement", 4);
  await handle.db.execute(sql`create table if not exists notes (id text primary key, body text not null, version int not null, at timestamptz not null)`);
});

afterAll(async () => {
  await handle?.close();
});

const insertNote = hotStatement<{ id: string; body: string; at: Date }, { id: string; at: Date }[]>("insert note", (ex) =>
  ex
    .insert(notes)
    .values({ id: sql.placeholder("id"), body: sql.placeholder("body"), version: 1, at: sql.placeholder("at") })
    .returning({ id: notes.id, at: notes.at }),
);
const bumpNote = hotStatement<{ id: string }, { version: number }[]>("bump note", (ex) =>
  ex
    .update(notes)
    .set({ version: sql`${notes.version} + 1` })
    .where(eq(notes.id, sql.placeholder("id")))
    .returning({ version: notes.version }),
);
const readNote = hotStatement<{ id: string }, (typeof notes.$inferSelect)[]>("read note", (ex) => ex.select().from(notes).where(eq(notes.id, sql.placeholder("id"))));

describe("hot statements", () => {
  test("built once, they run with new values and map results as the builder would (dates included)", async () => {
    const at = new Date("2030-01-02T03:04:05.678Z");
    const [a] = await insertNote(handle.db, { id: "a", body: "first", at });
    expect(a).toEqual({ id: "a", at });
    await insertNote(handle.db, { id: "b", body: "second", at });
    expect(await readNote(handle.db, { id: "b" })).toEqual([{ id: "b", body: "second", version: 1, at }]);
    expect(await bumpNote(handle.db, { id: "a" })).toEqual([{ version: 2 }]);
  });

  test("inside a transaction they run on its connection: a rollback takes their writes back", async () => {
    await insertNote(handle.db, { id: "c", body: "kept", at: new Date() });
    await handle.db
      .transaction(async (tx) => {
        expect(await bumpNote(tx, { id: "c" })).toEqual([{ version: 2 }]);
        await insertNote(tx, { id: "d", body: "gone", at: new Date() });
        // Seen inside the transaction only.
        expect(await readNote(tx, { id: "d" })).toHaveLength(1);
        expect(await readNote(handle.db, { id: "d" })).toHaveLength(0);
        throw new Error("roll back");
      })
      .catch(() => {});
    expect(await readNote(handle.db, { id: "d" })).toEqual([]);
    expect((await readNote(handle.db, { id: "c" }))[0]!.version).toBe(1);
  });

  test("transactions running the same statement at once each keep their own", async () => {
    await insertNote(handle.db, { id: "e", body: "shared", at: new Date() });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        handle.db
          .transaction(async (tx) => {
            await bumpNote(tx, { id: "e" });
            if (i % 2) throw new Error("roll back");
          })
          .then(() => "committed", () => "rolled back"),
      ),
    );
    expect(results.filter((r) => r === "committed")).toHaveLength(10);
    expect((await readNote(handle.db, { id: "e" }))[0]!.version).toBe(11);
  });
});
