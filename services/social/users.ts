import type { authContract, userSummary } from "../../proto-like-schemas/auth.ts";
import { AppError } from "../../shared/errors.ts";
import type { RpcClient } from "../../shared/rpc/client.ts";
import type { Logger } from "../../shared/log.ts";
import type { z } from "zod";

export type UserSummary = z.infer<typeof userSummary>;

const field = (name: string, message: string) => [{ field: name, message }];

/** A dependency that failed before we changed anything: the caller may simply try again. */
export function upstream(service: string, err: unknown): never {
  if (err instanceof AppError && (err.code === "UNAVAILABLE" || err.code === "DEADLINE_EXCEEDED" || err.code === "INTERNAL")) {
    throw new AppError(err.code === "DEADLINE_EXCEEDED" ? "DEADLINE_EXCEEDED" : "UNAVAILABLE", `The ${service} service is unavailable; please try again`);
  }
  throw err;
}

export type Users = ReturnType<typeof createUsers>;

/** Who exists, as auth knows it: the checks social makes before it refers to another user. */
export function createUsers(auth: RpcClient<typeof authContract>, log: Logger) {
  return {
    /** The user behind `userId`, who must exist and be active; `fieldName` is named in the problem. */
    async requireActive(userId: string, fieldName: string): Promise<UserSummary> {
      let user: UserSummary;
      try {
        user = await auth.getUser({ userId });
      } catch (err) {
        if (err instanceof AppError && err.code === "NOT_FOUND") throw new AppError("NOT_FOUND", "User not found", { fieldErrors: field(fieldName, "no such user") });
        upstream("auth", err);
      }
      if (!user.isActive) throw new AppError("FAILED_PRECONDITION", "That user's account is not active", { fieldErrors: field(fieldName, "account is not active") });
      return user;
    },

    async requireActiveByEmail(email: string, fieldName: string): Promise<UserSummary> {
      let user: UserSummary | null;
      try {
        ({ user } = await auth.findUserByEmail({ email }));
      } catch (err) {
        upstream("auth", err);
      }
      if (!user) throw new AppError("NOT_FOUND", "User not found", { fieldErrors: field(fieldName, "no user has this e-mail address") });
      if (!user.isActive) throw new AppError("FAILED_PRECONDITION", "That user's account is not active", { fieldErrors: field(fieldName, "account is not active") });
      return user;
    },

    /**
     * Every listed user, each existing and active; the problem names each offending entry by
     * `fieldOf(index)` (e.g. participants.2.userId).
     */
    async requireAllActive(userIds: readonly string[], fieldOf: (index: number) => string): Promise<Map<string, UserSummary>> {
      let users: UserSummary[];
      try {
        ({ users } = await auth.getUsers({ userIds: [...new Set(userIds)] }));
      } catch (err) {
        upstream("auth", err);
      }
      const byId = new Map(users.map((u) => [u.id, u]));
      const missing = userIds.flatMap((id, i) => (byId.has(id) ? [] : [{ field: fieldOf(i), message: "no such user" }]));
      if (missing.length) throw new AppError("NOT_FOUND", "User not found", { fieldErrors: missing });
      const inactive = userIds.flatMap((id, i) => (byId.get(id)!.isActive ? [] : [{ field: fieldOf(i), message: "account is not active" }]));
      if (inactive.length) throw new AppError("FAILED_PRECONDITION", "A participant's account is not active", { fieldErrors: inactive });
      return byId;
    },

    /** Names and e-mail addresses for display; unknown users are left out, and an outage shows none. */
    async lookUp(userIds: readonly string[]): Promise<Map<string, UserSummary>> {
      if (userIds.length === 0) return new Map();
      try {
        const { users } = await auth.getUsers({ userIds: [...new Set(userIds)] });
        return new Map(users.map((u) => [u.id, u]));
      } catch (err) {
        log.warn("user names unavailable; listing without them", { error: (err as Error).message });
        return new Map();
      }
    },
  };
}
