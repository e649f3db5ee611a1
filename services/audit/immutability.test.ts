import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Sql } from "postgres";
import { eq } from "drizzle-orm";
import { AUDIT_WRITER_ROLE, auditLog } from "./db/schema.ts";
import { canonicalRow, chainHash } from "./domain/canonical.ts";
import { envelopeOf, getJson, newId, publishEnvelope, startAuditStack, waitForRows, type AuditStack } from "./test-support.ts";

setDefaultTimeout(60_000);

let stack: AuditStack;
/** The test's own connection: the harness's superuser, the way an operator (or an intruder) would connect. */
let su: Sql;
let rows: { seq: number; eventId: string }[];

beforeAll(async () => {
  stack = await startAuditStack();
  su = stack.audit.ctx.dbHandle.sql;
  const userId = newId();
  const envelopes = Array.from({ length: 5 }, (_, i) => envelopeOf("admin.kyc_rejected", { profileId: newId(), userId, rejectedBy: userId, reason: `reason ${i}` }, { producer: "admin", actorId: userId }));
  for (const e of envelopes) await publishEnvelope(stack.nc, e);
  rows = (await waitForRows(stack.audit, envelopes.map((e) => e.id))).map((r) => ({ seq: r.seq, eventId: r.eventId }));
});
afterAll(() => stack?.stop());

/** Runs the statement as the service's role, the way the service itself runs everything. */
const asServiceRole = (statement: (tx: Sql) => Promise<unknown>) =>
  su.begin(async (tx) => {
    await tx.unsafe(`set local role ${AUDIT_WRITER_ROLE}`);
    await statement(tx as unknown as Sql);
  });

const errorOf = async (p: Promise<unknown>): Promise<{ code?: string; message: string }> => {
  try {
    await p;
  } catch (err) {
    return err as { code?: string; message: string };
  }
  throw new Error("the statement succeeded");
};

const verify = async () => {
  const { status, body } = await getJson(`${stack.audit.url}/internal/audit/verify`, stack.admin.token);
  expect(status).toBe(200);
  return body;
};

describe("the database refuses to change the log", () => {
  test.each([
    ["UPDATE", (tx: Sql) => tx`update audit_log set type = 'forged' where seq = 1`],
    ["DELETE", (tx: Sql) => tx`delete from audit_log where seq = 1`],
    ["TRUNCATE", (tx: Sql) => tx`truncate audit_log`],
  ])("%s by the service's role is denied", async (_op, statement) => {
    const err = await errorOf(asServiceRole(statement));
    expect(err.code).toBe("42501");
    expect(err.message).toMatch(/permission denied/);
  });

  test("the service's role may insert and select audit_log and nothing else there", async () => {
    const [privileges] = await su<{ insert: boolean; select: boolean; update: boolean; delete: boolean; truncate: boolean; references: boolean; trigger: boolean }[]>`
      select has_table_privilege(${AUDIT_WRITER_ROLE}, 'audit_log', 'INSERT') as insert,
             has_table_privilege(${AUDIT_WRITER_ROLE}, 'audit_log', 'SELECT') as select,
             has_table_privilege(${AUDIT_WRITER_ROLE}, 'audit_log', 'UPDATE') as update,
             has_table_privilege(${AUDIT_WRITER_ROLE}, 'audit_log', 'DELETE') as delete,
             has_table_privilege(${AUDIT_WRITER_ROLE}, 'audit_log', 'TRUNCATE') as truncate,
             has_table_privilege(${AUDIT_WRITER_ROLE}, 'audit_log', 'REFERENCES') as references,
             has_table_privilege(${AUDIT_WRITER_ROLE}, 'audit_log', 'TRIGGER') as trigger`;
    expect(privileges).toEqual({ insert: true, select: true, update: false, delete: false, truncate: false, references: false, trigger: false });
    const [role] = await su<{ rolcanlogin: boolean; rolsuper: boolean }[]>`select rolcanlogin, rolsuper from pg_roles where rolname = ${AUDIT_WRITER_ROLE}`;
    expect(role).toEqual({ rolcanlogin: false, rolsuper: false });
  });

  test("nobody else was granted anything on it", async () => {
    const grantees = await su<{ grantee: string }[]>`
      select distinct grantee from information_schema.role_table_grants where table_name = 'audit_log'
      and grantee not in (${AUDIT_WRITER_ROLE}, (select tableowner from pg_tables where tablename = 'audit_log'))`;
    expect([...grantees]).toEqual([]);
  });

  test.each([
    ["UPDATE", () => su`update audit_log set type = 'forged' where seq = ${rows[0]!.seq}`],
    ["DELETE", () => su`delete from audit_log where seq = ${rows[0]!.seq}`],
    ["TRUNCATE", () => su`truncate audit_log`],
  ])("%s even by a superuser is stopped by the trigger", async (op, statement) => {
    const err = await errorOf(statement());
    expect(err.message).toBe(`audit_log is append-only: ${op} is not allowed`);
  });

  test("the log is still whole after all of that", async () => {
    const body = await verify();
    expect(body).toMatchObject({ ok: true, firstBroken: null });
    expect(body.checkedRows).toBeGreaterThanOrEqual(rows.length);
  });
});

describe("tampering behind the trigger's back is found by verify", () => {
  /** As superuser with triggers off for this transaction only, the way someone hiding a change would. */
  const bypassingTrigger = (statement: (tx: Sql) => Promise<unknown>) =>
    su.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await statement(tx as unknown as Sql);
    });

  test("an altered payload is reported at that row, and the chain is whole again once it is put back", async () => {
    const target = rows[2]!;
    const [original] = await su<{ payload: string }[]>`select payload::text as payload from audit_log where seq = ${target.seq}`;
    await bypassingTrigger((tx) => tx`update audit_log set payload = jsonb_set(payload, '{reason}', '"nothing to see"') where seq = ${target.seq}`);
    const body = await verify();
    expect(body).toMatchObject({ ok: false, firstBroken: { seq: target.seq, eventId: target.eventId, reason: "HASH_MISMATCH" } });
    expect(body.firstBroken.detail).toMatch(/altered/);
    expect(body.head.seq).toBe(target.seq - 1);

    await bypassingTrigger((tx) => tx`update audit_log set payload = ${original!.payload}::jsonb where seq = ${target.seq}`);
    expect(await verify()).toMatchObject({ ok: true, firstBroken: null });
  });

  test("an altered row whose hash a forger recomputed breaks the link of the row after it", async () => {
    const target = rows[1]!;
    const [row] = await stack.audit.ctx.db.select().from(auditLog).where(eq(auditLog.seq, target.seq));
    const forgedHash = chainHash(row!.prevHash, canonicalRow({ ...row!, actorId: "someone-else" }));
    await bypassingTrigger((tx) => tx`update audit_log set actor_id = 'someone-else', hash = ${forgedHash} where seq = ${target.seq}`);
    const body = await verify();
    expect(body).toMatchObject({ ok: false, firstBroken: { seq: target.seq + 1, reason: "LINK_BROKEN" } });

    await bypassingTrigger((tx) => tx`update audit_log set hash = ${row!.hash}, actor_id = ${row!.actorId} where seq = ${target.seq}`);
    expect(await verify()).toMatchObject({ ok: true });
  });

  test("a removed row is reported at the row after it", async () => {
    const target = rows[3]!;
    const [saved] = await su<{ row: string }[]>`select row_to_json(a)::text as row from audit_log a where seq = ${target.seq}`;
    await bypassingTrigger((tx) => tx`delete from audit_log where seq = ${target.seq}`);
    const body = await verify();
    expect(body).toMatchObject({ ok: false, firstBroken: { seq: target.seq + 1, reason: "SEQUENCE_GAP" } });

    await bypassingTrigger((tx) => tx`insert into audit_log select * from json_populate_record(null::audit_log, ${saved!.row}::json)`);
    expect(await verify()).toMatchObject({ ok: true });
  });
});
