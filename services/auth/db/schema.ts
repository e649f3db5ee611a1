import { sql } from "drizzle-orm";
import { boolean, check, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export * from "../../../shared/db/tables.ts";

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey(),
    /** Always stored lower-cased, so uniqueness and login ignore case. */
    email: text("email").notNull(),
    name: text("name"),
    passwordHash: text("password_hash").notNull(),
    emailVerified: boolean("email_verified").notNull().default(false),
    role: text("role").notNull().default("USER"),
    isActive: boolean("is_active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_email_key").on(t.email),
    // text_pattern_ops makes `email LIKE 'prefix%'` an index range scan.
    index("users_email_prefix_idx").using("btree", sql`${t.email} text_pattern_ops`),
    check("users_role_check", sql`${t.role} in ('USER', 'ADMIN')`),
    check("users_email_lower_check", sql`${t.email} = lower(${t.email})`),
  ],
);

/** Refresh tokens, stored as SHA-256 hashes; one family per sign-in, rotated on every use. */
export const refreshTokens = pgTable(
  "refresh_tokens",
  {
    id: uuid("id").primaryKey(),
    familyId: uuid("family_id").notNull(),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    rotatedAt: timestamp("rotated_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("refresh_tokens_hash_key").on(t.tokenHash),
    index("refresh_tokens_family_idx").on(t.familyId),
    index("refresh_tokens_user_idx").on(t.userId),
  ],
);

/** E-mail verification and password-reset tokens (hashed, single use, expiring). */
export const oneTimeTokens = pgTable(
  "one_time_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("one_time_tokens_user_idx").on(t.userId, t.purpose),
    check("one_time_tokens_purpose_check", sql`${t.purpose} in ('verify_email', 'reset_password')`),
  ],
);
