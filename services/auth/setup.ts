import { createTokenVerifier, localKeySet } from "../../shared/http/auth.ts";
import { createMailer } from "../../shared/mail.ts";
import type { ServiceContext } from "../../shared/service.ts";
import type { BaseConfig } from "../../shared/config.ts";
import { createAccounts, type Accounts } from "./accounts.ts";
import type { AuthConfig } from "./config.ts";
import { loadSigningKeys, type SigningKeys } from "./keys.ts";
import { createRoles, type Roles } from "./roles.ts";
import { createLoginThrottle } from "./throttle-store.ts";

export interface AuthDeps {
  keys: SigningKeys;
  accounts: Accounts;
  roles: Roles;
}

/** Wires the auth service's parts from its context: keys, mailer, throttle, accounts. */
export async function setupAuth(ctx: ServiceContext<BaseConfig & AuthConfig>): Promise<AuthDeps> {
  const { config } = ctx;
  const keys = await loadSigningKeys(
    { keysDir: config.KEYS_DIR, privateKeyFile: config.JWT_PRIVATE_KEY_FILE, previousPublicKeyFiles: config.JWT_PREVIOUS_PUBLIC_KEY_FILES },
    ctx.log,
  );
  const accounts = createAccounts({
    db: ctx.db,
    redis: ctx.redis,
    emit: ctx.emit,
    keys,
    session: {
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      accessTtlS: config.ACCESS_TOKEN_TTL_S,
      refreshTtlS: config.REFRESH_TOKEN_TTL_S,
      reuseGraceMs: config.REFRESH_REUSE_GRACE_S * 1000,
    },
    mailer: createMailer(config.SMTP_URL, config.MAIL_FROM, ctx.log),
    throttle: createLoginThrottle(ctx.redis),
    log: ctx.log,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    verifyTtlS: config.VERIFY_TOKEN_TTL_S,
    resetTtlS: config.RESET_TOKEN_TTL_S,
  });
  return { keys, accounts, roles: createRoles({ db: ctx.db, emit: ctx.emit }) };
}

export const authVerifier = (ctx: ServiceContext<BaseConfig>, deps: AuthDeps) =>
  createTokenVerifier(localKeySet(deps.keys.jwks.keys), ctx.config.JWT_ISSUER, ctx.config.JWT_AUDIENCE);
