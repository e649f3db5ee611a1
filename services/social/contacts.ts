import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../../shared/db/connect.ts";
import type { Emit } from "../../shared/events/outbox.ts";
import type { eventCatalog } from "../../proto-like-schemas/events/index.ts";
import { AppError } from "../../shared/errors.ts";
import type { Clock } from "./clock.ts";
import { contacts } from "./db/schema.ts";
import { after, readCursor, toPage, type Page, type PageQuery } from "./listing.ts";
import type { Users } from "./users.ts";

export interface ContactView {
  id: string;
  ownerId: string;
  contactId: string;
  /** From auth; null when the user is gone or auth could not be asked. */
  name: string | null;
  email: string | null;
  createdAt: string;
}

type ContactRow = typeof contacts.$inferSelect;

export type Contacts = ReturnType<typeof createContacts>;

/**
 * A user's contacts. Every contact is a real, active user when added; fraud keeps its own copy
 * from social.contact_added / social.contact_removed (so the "known recipient" signal never decays).
 */
export function createContacts(deps: { db: Database; emit: Emit<typeof eventCatalog>; users: Users; clock: Clock }) {
  const { db, emit, users, clock } = deps;

  const view = (row: ContactRow, who: { name: string | null; email: string } | undefined): ContactView => ({
    id: row.id,
    ownerId: row.ownerId,
    contactId: row.contactId,
    name: who?.name ?? null,
    email: who?.email ?? null,
    createdAt: row.createdAt.toISOString(),
  });

  return {
    async add(ownerId: string, target: { contactId: string } | { email: string }): Promise<ContactView> {
      const fieldName = "contactId" in target ? "contactId" : "email";
      if ("contactId" in target && target.contactId === ownerId) throw selfContact(fieldName);
      const user = "contactId" in target ? await users.requireActive(target.contactId, fieldName) : await users.requireActiveByEmail(target.email, fieldName);
      if (user.id === ownerId) throw selfContact(fieldName);
      const row = await db.transaction(async (tx) => {
        const [inserted] = await tx
          .insert(contacts)
          .values({ id: Bun.randomUUIDv7(), ownerId, contactId: user.id, createdAt: clock.now() })
          .onConflictDoNothing({ target: [contacts.ownerId, contacts.contactId] })
          .returning();
        if (!inserted) throw new AppError("CONFLICT", "Contact already exists", { fieldErrors: [{ field: fieldName, message: "is already one of your contacts" }] });
        await emit(tx, "social.contact_added", { ownerId, contactId: user.id }, { actorId: ownerId, subjectUserIds: [ownerId] });
        return inserted;
      });
      return view(row, user);
    },

    async list(ownerId: string, page: PageQuery): Promise<Page<ContactView>> {
      const cursor = readCursor(page.cursor);
      const rows = await db
        .select()
        .from(contacts)
        .where(and(eq(contacts.ownerId, ownerId), after(cursor, contacts.createdAt, contacts.id)))
        .orderBy(desc(contacts.createdAt), desc(contacts.id))
        .limit(page.limit + 1);
      const known = await users.lookUp(rows.slice(0, page.limit).map((r) => r.contactId));
      return toPage(rows, page.limit, (r) => view(r, known.get(r.contactId)));
    },

    /** Removes by the contact's user id; only the owner's own rows are ever touched. */
    async remove(ownerId: string, contactId: string): Promise<void> {
      await db.transaction(async (tx) => {
        const [gone] = await tx.delete(contacts).where(and(eq(contacts.ownerId, ownerId), eq(contacts.contactId, contactId))).returning({ id: contacts.id });
        if (!gone) throw new AppError("NOT_FOUND", "Contact not found");
        await emit(tx, "social.contact_removed", { ownerId, contactId }, { actorId: ownerId, subjectUserIds: [ownerId] });
      });
    },
  };
}

const selfContact = (fieldName: string) => new AppError("INVALID_ARGUMENT", "You cannot add yourself as a contact", { fieldErrors: [{ field: fieldName, message: "must be another user" }] });
