import { z } from "zod";
import { envBoolean } from "../../shared/config.ts";

const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

export const webhookConfig = z.object({
  /** Key that encrypts endpoint secrets at rest (AES-256-GCM). Required in production. */
  WEBHOOK_SECRET_KEY: z.string().min(32, "at least 32 characters").optional(),
  /** Development and tests only: allow loopback and private-network receivers (over http, on any port). Never link-local or metadata addresses. Refused in production. */
  WEBHOOK_ALLOW_PRIVATE_TARGETS: envBoolean.default(false),
  /** How long one attempt may take, connection to the end of the (cut) response body. */
  WEBHOOK_DELIVERY_TIMEOUT_MS: int(100, 60_000, 15_000),
  /** Attempts in flight at once per replica: first attempts made where the event was consumed and those taken from the queue. */
  WEBHOOK_WORKER_CONCURRENCY: int(1, 256, 16),
  /** How often the scheduler publishes retries that came due (and work items lost in a crash). */
  WEBHOOK_SCHEDULER_EVERY_MS: int(50, 60_000, 1_000),
  /** A published work item not taken within this long is published again (it was lost, or the queue was purged). */
  WEBHOOK_REQUEUE_GRACE_MS: int(0, 3_600_000, 60_000),
  /** Previous secret keeps signing this long after a rotation. */
  WEBHOOK_ROTATION_OVERLAP_H: int(1, 24 * 7, 24),
  /** Most endpoints one user may register. */
  WEBHOOK_MAX_ENDPOINTS_PER_USER: int(1, 1_000, 20),
});
export type WebhookConfig = z.infer<typeof webhookConfig>;

const DEV_SECRET_KEY = "mint-webhook-development-secret-key-not-for-production";

export interface ResolvedWebhookSettings {
  secretKey: string;
  allowPrivateTargets: boolean;
}

/** Fills the development key, and refuses production without a real key or with private targets allowed. */
export function resolveWebhookSettings(config: WebhookConfig & { MINT_ENV: string }): ResolvedWebhookSettings {
  const production = config.MINT_ENV === "production";
  const problems: string[] = [];
  if (production && !config.WEBHOOK_SECRET_KEY) problems.push("WEBHOOK_SECRET_KEY: required in production (variable is missing)");
  if (production && config.WEBHOOK_ALLOW_PRIVATE_TARGETS) problems.push("WEBHOOK_ALLOW_PRIVATE_TARGETS: must not be true in production");
  if (problems.length) throw new Error(`Invalid configuration for service "webhook":\n  ${problems.join("\n  ")}`);
  return { secretKey: config.WEBHOOK_SECRET_KEY ?? DEV_SECRET_KEY, allowPrivateTargets: config.WEBHOOK_ALLOW_PRIVATE_TARGETS };
}
