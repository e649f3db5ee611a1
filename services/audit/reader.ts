import { and, arrayContains, asc, desc, eq, gt, gte, lt, sql, type SQL } from "drizzle-orm";
import type { AuditEntry, AuditFilters, AuditPage, VerifyReport } from "../../proto-like-schemas/audit.ts";
import type { Database, Transaction } from "../../shared/db/connect.ts";
import { AppError } from "../../shared/errors.ts";
import { asAuditWriter } from "./audit-role.ts";
import { auditLog, type AuditRow } from "./db/schema.ts";
import { timeRange } from "../../shared/query/time-range.ts";
import { createChainVerifier } from "./domain/verify.ts";

export interface AuditReader {
  list(filters: AuditFilters): Promise<AuditPage>;
  verify(): Promise<VerifyReport>;
}

const invalid = (field: string, message: string) => new AppError("INVALID_ARGUMENT", `Query has invalid fields: ${field}`, { fieldErrors: [{ field, message }] });

const toEntry = (row: AuditRow): AuditEntry => ({
  seq: row.seq,
  eventId: row.eventId,
  type: row.type,
  producer: row.producer,
  actorId: row.actorId,
  subjectUserIds: row.subjectUserIds,
  traceId: row.traceId,
  occurredAt: row.occurredAt.toISOString(),
  recordedAt: row.recordedAt.toISOString(),
  payload: row.payload,
  hash: row.hash,
});

/** Reads run under the writer role too (it may only select and insert), in read-only transactions. */
export function createAuditReader(deps: { db: Database; verifyPageSize: number }): AuditReader {
  const { db, verifyPageSize } = deps;

  const readOnly = <T>(fn: (tx: Transaction) => Promise<T>, isolationLevel: "read committed" | "repeatable read" = "read committed") =>
    db.transaction(
      async (tx) => {
        await asAuditWriter(tx);
        return fn(tx);
      },
      { accessMode: "read only", isolationLevel },
    );

  return {
    async list(f) {
      const range = timeRange(f.from, f.to);
      if (!range) throw invalid("from", "must not be after to");
      const where: SQL[] = [];
      if (f.actorId !== undefined) where.push(eq(auditLog.actorId, f.actorId));
      if (f.type !== undefined) where.push(eq(auditLog.type, f.type));
      if (f.subjectUserId !== undefined) where.push(arrayContains(auditLog.subjectUserIds, [f.subjectUserId]));
      if (f.transactionId !== undefined) where.push(sql`${auditLog.payload} ? 'transactionId'`, sql`(${auditLog.payload} ->> 'transactionId') = ${f.transactionId}`);
      if (range.from) where.push(gte(auditLog.recordedAt, range.from));
      if (range.before) where.push(lt(auditLog.recordedAt, range.before));
      if (f.cursor !== undefined) where.push(lt(auditLog.seq, Number(f.cursor)));
      const rows = await readOnly((tx) =>
        tx.select().from(auditLog).where(and(...where)).orderBy(desc(auditLog.seq)).limit(f.limit + 1),
      );
      const page = rows.slice(0, f.limit);
      return { entries: page.map(toEntry), nextCursor: rows.length > f.limit ? String(page.at(-1)!.seq) : null };
    },

    /**
     * Walks the whole chain in one snapshot (appends that commit meanwhile are not part of this
     * report) and stops at the first broken row.
     */
    async verify() {
      const verifier = createChainVerifier();
      await readOnly(async (tx) => {
        let after = 0;
        while (true) {
          const rows = await tx.select().from(auditLog).where(gt(auditLog.seq, after)).orderBy(asc(auditLog.seq)).limit(verifyPageSize);
          for (const row of rows) if (verifier.check(row)) return;
          if (rows.length < verifyPageSize) return;
          after = rows.at(-1)!.seq;
        }
      }, "repeatable read");
      const broken = verifier.broken;
      return {
        ok: broken === null,
        checkedRows: verifier.checked,
        head: verifier.head.seq === 0 ? null : verifier.head,
        firstBroken: broken,
        verifiedAt: new Date().toISOString(),
      };
    },
  };
}
