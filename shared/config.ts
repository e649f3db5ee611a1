import { z } from "zod";

/** Environment booleans: only "true"/"1"/"yes" and "false"/"0"/"no" are accepted, so a typo fails loudly. */
export const envBoolean = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

export const envList = z
  .string()
  .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean));

export const baseConfigSchema = z.object({
  MINT_ENV: z.enum(["development", "test", "production"]).default("development"),
  HOST: z.string().default("127.0.0.1"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  NATS_URL: z.string().default("nats://127.0.0.1:4222"),
  POSTGRES_URL: z.url().default("postgres://postgres@127.0.0.1:5432/postgres"),
  /** Overrides the database derived from POSTGRES_URL + DATABASE_NAME. */
  DATABASE_URL: z.url().optional(),
  DATABASE_NAME: z.string().regex(/^[a-z_][a-z0-9_]*$/, "lower-case letters, digits and _").optional(),
  /**
   * Owner connection used only to apply migrations, so the service itself can run as a login
   * role with just the rights it needs (the audit log's writer role, for one).
   */
  MIGRATIONS_DATABASE_URL: z.url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  REDIS_URL: z.string().default("redis://127.0.0.1:6379"),
  JWKS_URL: z.url().default("http://127.0.0.1:4001/.well-known/jwks.json"),
  JWT_ISSUER: z.string().default("mint-auth"),
  JWT_AUDIENCE: z.string().default("mint-services"),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  /**
   * Where the site is served from as browsers see it (https://mint.example). A request signed in
   * by the session cookie with an unsafe method must come from this origin or the one it was
   * sent to; the latter is enough while the gateway passes the Host through and speaks the same
   * scheme as the browser.
   */
  PUBLIC_BASE_URL: z.url().optional(),
  /** Peers whose X-Forwarded-For / X-Client-Country headers are believed (the gateway). */
  TRUSTED_PROXIES: envList.default(["127.0.0.1", "::1", "::ffff:127.0.0.1"]),
  HTTP_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(256 * 1024),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  RPC_DEFAULT_DEADLINE_MS: z.coerce.number().int().min(10).default(2_000),
});
export type BaseConfig = z.infer<typeof baseConfigSchema>;

export class ConfigError extends Error {
  constructor(service: string, problems: string[]) {
    super(`Invalid configuration for service "${service}":\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

/**
 * Reads the environment through the base schema, a PORT default for the service, and the
 * service's own schema. Errors name every offending variable.
 */
export function loadConfig<S extends z.ZodRawShape>(
  service: string,
  defaultPort: number,
  extra: z.ZodObject<S> | undefined,
  env: Record<string, string | undefined> = process.env,
) {
  const schema = baseConfigSchema
    .extend({ PORT: z.coerce.number().int().min(0).max(65535).default(defaultPort) })
    .extend((extra?.shape ?? {}) as S);
  // Empty strings mean "unset" so that `FOO= bun dev` behaves like an absent variable.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      service,
      parsed.error.issues.map((i) => {
        const name = i.path.join(".");
        return `${name}: ${i.message}${cleaned[name] === undefined ? " (variable is missing)" : ""}`;
      }),
    );
  }
  return parsed.data;
}

/** The URL of this service's own database: DATABASE_URL, else POSTGRES_URL with the database replaced. */
export function databaseUrlFor(service: string, config: BaseConfig): string {
  if (config.DATABASE_URL) return config.DATABASE_URL;
  const url = new URL(config.POSTGRES_URL);
  url.pathname = "/" + (config.DATABASE_NAME ?? `mint_${service.replaceAll("-", "_")}`);
  return url.toString();
}
