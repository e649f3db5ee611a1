import { z } from "zod";

const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

export const adminConfig = z.object({
  /** A reversal or force-complete of more than this many cents waits for a second admin. */
  ADMIN_DUAL_CONTROL_CENTS: int(0, 100_000_000_000, 100_000),
  /** How long a pending action may wait for the second admin. */
  ADMIN_APPROVAL_TTL_H: int(1, 24 * 30, 24),
  /** How often pending actions past their time are marked EXPIRED and approved ones left unfinished are run again. */
  ADMIN_APPROVALS_SWEEP_MS: int(50, 3_600_000, 10_000),
  /** The trace viewer: `{traceId}` in it is replaced, otherwise /trace/<id> is appended (Jaeger's form). */
  TRACE_UI_URL: z.url().optional(),
  /** Signs the short-lived links to identity documents (shared by every replica). Required in production. */
  ADMIN_LINK_SECRET: z.string().min(32, "at least 32 characters").optional(),
  ADMIN_DOCUMENT_LINK_TTL_S: int(10, 3_600, 300),
  /** Where the console is served; unsafe requests authenticated by cookie must come from it. */
  PUBLIC_BASE_URL: z.url().default("http://localhost:8080"),
});
export type AdminConfig = z.infer<typeof adminConfig>;

const DEV_LINK_SECRET = "mint-admin-development-link-secret-not-for-production";

/** Fills the development link secret, and refuses production without a real one. */
export function resolveLinkSecret(config: AdminConfig & { MINT_ENV: string }): string {
  if (config.ADMIN_LINK_SECRET) return config.ADMIN_LINK_SECRET;
  if (config.MINT_ENV === "production") throw new Error('Invalid configuration for service "admin":\n  ADMIN_LINK_SECRET: required in production (variable is missing)');
  return DEV_LINK_SECRET;
}
