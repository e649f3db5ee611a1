import pLimit from "p-limit";
import { availableParallelism } from "node:os";

/**
 * Argon2id with a bounded number of hashes at a time. Each hash holds 64 MiB while it runs and
 * a core for tens of milliseconds, so a burst of sign-ups or logins would otherwise grow the
 * process by 64 MiB per request in flight; queued beyond the cores, they finish no later.
 */
export function createPasswords(concurrency = availableParallelism()) {
  const limit = pLimit(Math.max(1, concurrency));
  return {
    hash: (password: string) => limit(() => Bun.password.hash(password, "argon2id")),
    verify: (password: string, hash: string) => limit(() => Bun.password.verify(password, hash)),
  };
}

export type Passwords = ReturnType<typeof createPasswords>;
