import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../shared/db/connect.ts";
import { AppError } from "../../shared/errors.ts";
import type { Logger } from "../../shared/log.ts";
import { documentAccessLog, documents, MAX_DOCUMENT_BYTES, objectCleanup } from "./db/schema.ts";
import { sniffContentType, storageKeyFor, type DocumentType } from "./domain/documents.ts";
import { uploadRefusal } from "./domain/review.ts";
import { isUuid } from "../../shared/ids.ts";
import { getOrCreateProfile, lockProfile, stateOf, toDocumentSummary, type DocumentSummary } from "./profiles.ts";
import type { DocumentStorage } from "./storage.ts";

export const DOCUMENT_URL_TTL_S = 300;

const sha256Hex = (bytes: Uint8Array) => new Bun.CryptoHasher("sha256").update(bytes).digest("hex");

export interface UploadInput {
  userId: string;
  type: DocumentType;
  docName: string | null;
  bytes: Uint8Array;
}

/**
 * Document files and their rows. The object is stored before its row commits, and every object
 * without a committed row is listed in kyc_object_cleanup, so a crash at any point leaves either
 * a document with its file or a file the cleanup job will delete — never a row without a file.
 */
export function createDocuments(deps: { db: Database; storage: DocumentStorage; log: Logger }) {
  const { db, storage, log } = deps;

  /**
   * Deletes a listed object now. Only listed keys are touched: a key whose row committed is no
   * longer listed (the same transaction unlisted it), even when the commit's answer was lost.
   * If storage is down the key stays listed and the cleanup job retries.
   */
  async function removeObject(key: string): Promise<void> {
    try {
      const [listed] = await db.select().from(objectCleanup).where(eq(objectCleanup.storageKey, key));
      if (!listed) return;
      await storage.remove(key);
      await db.delete(objectCleanup).where(eq(objectCleanup.storageKey, key));
    } catch (err) {
      log.warn("object not removed yet; the cleanup job will retry", { key, error: (err as Error).message });
    }
  }

  return {
    async upload(input: UploadInput): Promise<DocumentSummary> {
      if (input.bytes.byteLength === 0) throw fileProblem("The file is empty");
      if (input.bytes.byteLength > MAX_DOCUMENT_BYTES) throw fileProblem("File exceeds the 10 MB limit", 413);
      const contentType = sniffContentType(input.bytes);
      if (!contentType) throw fileProblem("Unsupported file type: only JPEG, PNG or PDF files are accepted");

      const profile = await getOrCreateProfile(db, input.userId);
      // Checked again under the row lock below; this only avoids storing a file that would be refused.
      const early = uploadRefusal(stateOf(profile));
      if (early) throw new AppError("FAILED_PRECONDITION", early);

      const id = Bun.randomUUIDv7();
      const key = storageKeyFor(profile.id, input.type, id, contentType);
      await db.insert(objectCleanup).values({ storageKey: key, deleteAfter: sql`now() + interval '1 hour'` });
      try {
        await storage.put(key, input.bytes, contentType);
      } catch (err) {
        log.warn("document storage failed", { key, error: (err as Error).message });
        throw new AppError("UNAVAILABLE", "Document storage is unavailable; please retry", { headers: { "retry-after": "5" } });
      }

      let saved: { row: typeof documents.$inferSelect; replacedKey: string | undefined };
      try {
        saved = await db.transaction(async (tx) => {
          const locked = (await lockProfile(tx, { id: profile.id }))!;
          const refusal = uploadRefusal(stateOf(locked));
          if (refusal) throw new AppError("FAILED_PRECONDITION", refusal);
          const [old] = await tx.delete(documents).where(and(eq(documents.profileId, profile.id), eq(documents.type, input.type))).returning({ storageKey: documents.storageKey });
          if (old) {
            await tx.insert(objectCleanup).values({ storageKey: old.storageKey, deleteAfter: sql`now()` }).onConflictDoUpdate({ target: objectCleanup.storageKey, set: { deleteAfter: sql`now()` } });
          }
          const [row] = await tx
            .insert(documents)
            .values({ id, profileId: profile.id, type: input.type, docName: input.docName, storageKey: key, contentType, sizeBytes: input.bytes.byteLength, sha256: sha256Hex(input.bytes) })
            .returning();
          await tx.delete(objectCleanup).where(eq(objectCleanup.storageKey, key));
          return { row: row!, replacedKey: old?.storageKey };
        });
      } catch (err) {
        await removeObject(key);
        throw err;
      }
      if (saved.replacedKey) await removeObject(saved.replacedKey);
      return toDocumentSummary(saved.row);
    },

    /** A presigned GET URL for an admin; the access is recorded before the URL is handed out. */
    async documentUrl(documentId: string, adminId: string): Promise<{ url: string; expiresAt: string }> {
      const [doc] = isUuid(documentId) ? await db.select().from(documents).where(eq(documents.id, documentId)).limit(1) : [];
      if (!doc) throw new AppError("NOT_FOUND", "Document not found");
      await db.insert(documentAccessLog).values({ id: Bun.randomUUIDv7(), documentId: doc.id, profileId: doc.profileId, storageKey: doc.storageKey, adminId });
      const expiresAt = new Date(Date.now() + DOCUMENT_URL_TTL_S * 1000).toISOString();
      const url = await storage.presignGet(doc.storageKey, DOCUMENT_URL_TTL_S, doc.contentType);
      return { url, expiresAt };
    },

    /** Removes one batch of objects whose time has come (abandoned uploads, replaced files); failures stay listed. */
    async cleanupDue(batch = 100): Promise<number> {
      const due = await db.select({ key: objectCleanup.storageKey }).from(objectCleanup).where(sql`${objectCleanup.deleteAfter} <= now()`).orderBy(objectCleanup.deleteAfter).limit(batch);
      for (const { key } of due) await removeObject(key);
      return due.length;
    },
  };
}

export type Documents = ReturnType<typeof createDocuments>;

export const fileProblem = (message: string, status = 400) => new AppError("INVALID_ARGUMENT", message, { status, fieldErrors: [{ field: "file", message }] });
