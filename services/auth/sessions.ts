import { and, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "../../shared/db/connect.ts";
import { AppError } from "../../shared/errors.ts";
import { refreshTokens, users } from "./db/schema.ts";
import { decideRotation } from "./domain/refresh-rotation.ts";
import type { SigningKeys } from "./keys.ts";
import { hashToken, newOpaqueToken, signAccessToken, type TokenSettings, type TokenUser } from "./tokens.ts";

export interface SessionTokens {
  access_token: string;
  refresh_token: string;
  token_type: "bearer";
  expires_in: number;
}

export interface SessionSettings extends TokenSettings {
  refreshTtlS: number;
  reuseGraceMs: number;
}

export const toTokenUser = (row: typeof users.$inferSelect): TokenUser => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role === "ADMIN" ? "ADMIN" : "USER",
  emailVerified: row.emailVerified,
});

/** Issues an access token and a refresh token in the given family (a new family on sign-in). */
export async function issueSession(
  db: Executor,
  keys: SigningKeys,
  settings: SessionSettings,
  user: TokenUser,
  familyId: string = Bun.randomUUIDv7(),
): Promise<SessionTokens> {
  const refresh = newOpaqueToken();
  await db.insert(refreshTokens).values({
    id: Bun.randomUUIDv7(),
    familyId,
    userId: user.id,
    tokenHash: hashToken(refresh),
    expiresAt: new Date(Date.now() + settings.refreshTtlS * 1000),
  });
  return {
    access_token: await signAccessToken(keys, settings, user),
    refresh_token: refresh,
    token_type: "bearer",
    expires_in: settings.accessTtlS,
  };
}

const INVALID = () => new AppError("UNAUTHENTICATED", "Invalid refresh token");

/**
 * Rotates a refresh token. The conditional UPDATE makes two concurrent refreshes of one token
 * produce one rotation; the loser lands in the grace window and gets a sibling token.
 */
export type RotationOutcome = { tokens: SessionTokens } | { reusedFamilyId: string };

export async function rotateSession(db: Executor, keys: SigningKeys, settings: SessionSettings, presented: string): Promise<RotationOutcome> {
  const [row] = await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, hashToken(presented))).limit(1);
  const now = new Date();
  let decision = decideRotation(row, now, settings.reuseGraceMs);
  if (!row || decision === "invalid") throw INVALID();
  if (decision === "rotate") {
    const claimed = await db
      .update(refreshTokens)
      .set({ rotatedAt: now })
      .where(and(eq(refreshTokens.id, row.id), isNull(refreshTokens.rotatedAt), isNull(refreshTokens.revokedAt)))
      .returning({ id: refreshTokens.id });
    if (claimed.length === 0) {
      const [again] = await db.select().from(refreshTokens).where(eq(refreshTokens.id, row.id)).limit(1);
      decision = decideRotation(again, new Date(), settings.reuseGraceMs);
      if (decision === "invalid" || decision === "rotate") throw INVALID();
    }
  }
  // The caller revokes outside this transaction, which must roll back.
  if (decision === "reuse") return { reusedFamilyId: row.familyId };
  const [user] = await db.select().from(users).where(eq(users.id, row.userId)).limit(1);
  if (!user || !user.isActive) throw INVALID();
  return { tokens: await issueSession(db, keys, settings, toTokenUser(user), row.familyId) };
}

export async function revokeFamily(db: Executor, familyId: string): Promise<void> {
  await db.update(refreshTokens).set({ revokedAt: sql`now()` }).where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

/** Revokes the family the presented token belongs to (logout); unknown tokens are ignored. */
export async function revokeFamilyOf(db: Executor, presented: string): Promise<void> {
  const [row] = await db.select({ familyId: refreshTokens.familyId }).from(refreshTokens).where(eq(refreshTokens.tokenHash, hashToken(presented))).limit(1);
  if (row) await revokeFamily(db, row.familyId);
}

export async function revokeAllSessions(db: Executor, userId: string): Promise<void> {
  await db.update(refreshTokens).set({ revokedAt: sql`now()` }).where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}
