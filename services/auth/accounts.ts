import { and, eq, gt, ne, sql } from "drizzle-orm";
import type Redis from "ioredis";
import type { Database } from "../../shared/db/connect.ts";
import { AppError } from "../../shared/errors.ts";
import type { Role } from "../../shared/http/auth.ts";
import type { Logger } from "../../shared/log.ts";
import type { Mail, Mailer } from "../../shared/mail.ts";
import type { Emit } from "../../shared/events/outbox.ts";
import type { eventCatalog } from "../../proto-like-schemas/events/index.ts";
import { oneTimeTokens, users } from "./db/schema.ts";
import { escapeLike, normaliseEmail, SEARCH_LIMIT, SEARCH_MIN_LENGTH } from "./domain/email.ts";
import { passwordProblem } from "./domain/password-policy.ts";
import type { SigningKeys } from "./keys.ts";
import { passwordChangedMail, passwordResetMail, verificationMail, welcomeMail } from "./mails.ts";
import { issueSession, revokeAllSessions, revokeFamily, revokeFamilyOf, rotateSession, toTokenUser, type SessionSettings, type SessionTokens } from "./sessions.ts";
import type { LoginThrottle } from "./throttle-store.ts";
import { hashToken, newOpaqueToken } from "./tokens.ts";
import { createPasswords } from "./passwords.ts";

type UserRow = typeof users.$inferSelect;

export interface PublicUser {
  id: string;
  email: string;
  name: string | null;
  email_verified: boolean;
  role: Role;
}

export const toPublicUser = (u: UserRow): PublicUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  email_verified: u.emailVerified,
  role: u.role === "ADMIN" ? "ADMIN" : "USER",
});

export interface AccountDeps {
  db: Database;
  redis: Redis;
  emit: Emit<typeof eventCatalog>;
  keys: SigningKeys;
  session: SessionSettings;
  mailer: Mailer;
  throttle: LoginThrottle;
  log: Logger;
  publicBaseUrl: string;
  verifyTtlS: number;
  resetTtlS: number;
}

const policyError = (field: string, problem: string) =>
  new AppError("INVALID_ARGUMENT", problem, { fieldErrors: [{ field, message: problem }] });

export function createAccounts(deps: AccountDeps) {
  const { db, emit, keys, session, mailer, throttle, log } = deps;
  const passwords = createPasswords();
  // Verifying against a real hash when the account does not exist keeps response times equal,
  // so timing does not reveal which e-mails are registered.
  const dummyHash = passwords.hash("timing-equaliser-0");

  /** Mail goes out after the commit and never fails the request; the user can ask again. */
  const sendLater = (mail: Mail) => void mailer.send(mail).catch((err) => log.warn("mail not sent", { subject: mail.subject, error: (err as Error).message }));

  const link = (path: string, token: string) => `${deps.publicBaseUrl.replace(/\/$/, "")}${path}?token=${encodeURIComponent(token)}`;

  async function createOneTimeToken(tx: Parameters<Parameters<Database["transaction"]>[0]>[0], userId: string, purpose: "verify_email" | "reset_password", ttlS: number) {
    await tx.delete(oneTimeTokens).where(and(eq(oneTimeTokens.userId, userId), eq(oneTimeTokens.purpose, purpose)));
    const token = newOpaqueToken();
    await tx.insert(oneTimeTokens).values({ tokenHash: hashToken(token), userId, purpose, expiresAt: new Date(Date.now() + ttlS * 1000) });
    return token;
  }

  async function consumeOneTimeToken(tx: Parameters<Parameters<Database["transaction"]>[0]>[0], token: string, purpose: "verify_email" | "reset_password") {
    const [row] = await tx
      .delete(oneTimeTokens)
      .where(and(eq(oneTimeTokens.tokenHash, hashToken(token)), eq(oneTimeTokens.purpose, purpose), gt(oneTimeTokens.expiresAt, sql`now()`)))
      .returning({ userId: oneTimeTokens.userId });
    return row?.userId;
  }

  async function userById(id: string): Promise<UserRow> {
    const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
    if (!user) throw new AppError("NOT_FOUND", "User not found");
    return user;
  }

  return {
    async register(input: { email: string; password: string; name?: string | null }): Promise<{ tokens: SessionTokens; user: PublicUser }> {
      const problem = passwordProblem(input.password);
      if (problem) throw policyError("password", problem);
      const email = normaliseEmail(input.email);
      const passwordHash = await passwords.hash(input.password);
      const { user, tokens, verifyToken } = await db.transaction(async (tx) => {
        const [user] = await tx
          .insert(users)
          .values({ id: Bun.randomUUIDv7(), email, name: input.name?.trim() || null, passwordHash })
          .onConflictDoNothing({ target: users.email })
          .returning();
        if (!user) throw new AppError("CONFLICT", "A user with this email already exists", { fieldErrors: [{ field: "email", message: "This e-mail is already registered" }] });
        await emit(tx, "auth.user_registered", { userId: user.id, email, name: user.name, registrationMethod: "credentials" }, { actorId: user.id, subjectUserIds: [user.id] });
        const verifyToken = await createOneTimeToken(tx, user.id, "verify_email", deps.verifyTtlS);
        const tokens = await issueSession(tx, keys, session, toTokenUser(user));
        return { user, tokens, verifyToken };
      });
      sendLater(verificationMail(email, user.name, link("/verify-email", verifyToken), Math.round(deps.verifyTtlS / 3600)));
      return { tokens, user: toPublicUser(user) };
    },

    async login(input: { email: string; password: string }, ip: string): Promise<{ tokens: SessionTokens; user: PublicUser }> {
      const email = normaliseEmail(input.email);
      await throttle.check(email, ip);
      const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
      const ok = await passwords.verify(input.password, user?.passwordHash ?? (await dummyHash));
      if (!user || !ok) {
        await throttle.recordFailure(email, ip);
        throw new AppError("UNAUTHENTICATED", "Invalid email or password");
      }
      if (!user.isActive) throw new AppError("PERMISSION_DENIED", "Account is deactivated");
      await throttle.recordSuccess(email);
      const tokens = await issueSession(db, keys, session, toTokenUser(user));
      return { tokens, user: toPublicUser(user) };
    },

    async refresh(refreshToken: string): Promise<SessionTokens> {
      const outcome = await db.transaction((tx) => rotateSession(tx, keys, session, refreshToken));
      if ("tokens" in outcome) return outcome.tokens;
      await revokeFamily(db, outcome.reusedFamilyId);
      log.warn("refresh token reuse detected; family revoked", { familyId: outcome.reusedFamilyId });
      throw new AppError("UNAUTHENTICATED", "Refresh token has already been used; all sessions of this sign-in were revoked");
    },

    async logout(refreshToken: string | undefined): Promise<void> {
      if (refreshToken) await revokeFamilyOf(db, refreshToken);
    },

    me: async (userId: string) => toPublicUser(await userById(userId)),

    /**
     * Changes the user's own display name. The row is locked so the event names the name it
     * replaced; saving the same name again changes nothing and announces nothing.
     */
    async updateProfile(userId: string, input: { name: string }): Promise<PublicUser> {
      const name = input.name.trim().replace(/\s+/g, " ");
      return db.transaction(async (tx) => {
        const [current] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
        if (!current) throw new AppError("NOT_FOUND", "User not found");
        if (current.name === name) return toPublicUser(current);
        const [user] = await tx.update(users).set({ name, updatedAt: sql`now()` }).where(eq(users.id, userId)).returning();
        await emit(tx, "auth.profile_updated", { userId, name, previousName: current.name }, { actorId: userId, subjectUserIds: [userId] });
        return toPublicUser(user!);
      });
    },

    async requestVerification(userId: string): Promise<"sent" | "already_verified"> {
      const user = await userById(userId);
      if (user.emailVerified) return "already_verified";
      const fresh = await deps.redis.set(`auth:verify-mail:${userId}`, "1", "PX", 60_000, "NX");
      if (!fresh) throw new AppError("RATE_LIMITED", "A verification e-mail was sent less than a minute ago", { headers: { "retry-after": "60" } });
      const token = await db.transaction((tx) => createOneTimeToken(tx, userId, "verify_email", deps.verifyTtlS));
      sendLater(verificationMail(user.email, user.name, link("/verify-email", token), Math.round(deps.verifyTtlS / 3600)));
      return "sent";
    },

    async verifyEmail(token: string): Promise<void> {
      const verified = await db.transaction(async (tx) => {
        const userId = await consumeOneTimeToken(tx, token, "verify_email");
        if (!userId) throw new AppError("INVALID_ARGUMENT", "Invalid or expired verification token", { fieldErrors: [{ field: "token", message: "Invalid or expired verification token" }] });
        const [user] = await tx
          .update(users)
          .set({ emailVerified: true, updatedAt: sql`now()` })
          .where(and(eq(users.id, userId), eq(users.emailVerified, false)))
          .returning();
        if (user) {
          await emit(tx, "auth.user_verified", { userId, email: user.email, verifiedAt: new Date().toISOString() }, { actorId: userId, subjectUserIds: [userId] });
        }
        return user;
      });
      if (verified) sendLater(welcomeMail(verified.email, verified.name));
    },

    async forgotPassword(rawEmail: string): Promise<void> {
      const email = normaliseEmail(rawEmail);
      // One reset mail per address per minute: stops mail-bombing someone's inbox.
      const fresh = await deps.redis.set(`auth:reset-mail:${email}`, "1", "PX", 60_000, "NX");
      if (!fresh) return;
      const [user] = await db.select().from(users).where(and(eq(users.email, email), eq(users.isActive, true))).limit(1);
      if (!user) return;
      const token = await db.transaction((tx) => createOneTimeToken(tx, user.id, "reset_password", deps.resetTtlS));
      sendLater(passwordResetMail(email, user.name, link("/reset-password", token), Math.round(deps.resetTtlS / 60)));
    },

    async resetPassword(token: string, newPassword: string): Promise<void> {
      const problem = passwordProblem(newPassword);
      if (problem) throw policyError("new_password", problem);
      const passwordHash = await passwords.hash(newPassword);
      const user = await db.transaction(async (tx) => {
        const userId = await consumeOneTimeToken(tx, token, "reset_password");
        if (!userId) throw new AppError("INVALID_ARGUMENT", "Invalid or expired reset token", { fieldErrors: [{ field: "token", message: "Invalid or expired reset token" }] });
        const [user] = await tx.update(users).set({ passwordHash, updatedAt: sql`now()` }).where(eq(users.id, userId)).returning();
        await tx.delete(oneTimeTokens).where(and(eq(oneTimeTokens.userId, userId), eq(oneTimeTokens.purpose, "reset_password")));
        await revokeAllSessions(tx, userId);
        await emit(tx, "auth.password_changed", { userId, method: "reset", changedAt: new Date().toISOString() }, { actorId: userId, subjectUserIds: [userId] });
        return user!;
      });
      await deps.redis.del(`auth:login:fail:acct:${user.email}`, `auth:login:block:acct:${user.email}`);
      sendLater(passwordChangedMail(user.email, user.name));
    },

    async changePassword(userId: string, current: string, next: string): Promise<SessionTokens> {
      const user = await userById(userId);
      if (!(await passwords.verify(current, user.passwordHash))) {
        throw new AppError("INVALID_ARGUMENT", "Current password is incorrect", { fieldErrors: [{ field: "current_password", message: "Current password is incorrect" }] });
      }
      const problem = passwordProblem(next);
      if (problem) throw policyError("new_password", problem);
      const passwordHash = await passwords.hash(next);
      const tokens = await db.transaction(async (tx) => {
        await tx.update(users).set({ passwordHash, updatedAt: sql`now()` }).where(eq(users.id, userId));
        await revokeAllSessions(tx, userId);
        await emit(tx, "auth.password_changed", { userId, method: "change", changedAt: new Date().toISOString() }, { actorId: userId, subjectUserIds: [userId] });
        return issueSession(tx, keys, session, toTokenUser(user));
      });
      sendLater(passwordChangedMail(user.email, user.name));
      return tokens;
    },

    async searchUsers(callerId: string, prefix: string): Promise<{ id: string; email: string; name: string | null }[]> {
      const text = normaliseEmail(prefix);
      if (text.length < SEARCH_MIN_LENGTH) {
        throw new AppError("INVALID_ARGUMENT", `Type at least ${SEARCH_MIN_LENGTH} characters`, { fieldErrors: [{ field: "email", message: `At least ${SEARCH_MIN_LENGTH} characters` }] });
      }
      return db
        .select({ id: users.id, email: users.email, name: users.name })
        .from(users)
        .where(and(sql`${users.email} like ${escapeLike(text) + "%"} escape '\\'`, eq(users.isActive, true), ne(users.id, callerId)))
        .orderBy(users.email)
        .limit(SEARCH_LIMIT);
    },

    getUser: userById,
  };
}
export type Accounts = ReturnType<typeof createAccounts>;
