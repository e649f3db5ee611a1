import { z } from "zod";

export const notificationsConfig = z.object({
  /** Same names and defaults as the auth service's mail settings. */
  SMTP_URL: z.string().default("smtp://127.0.0.1:1025"),
  MAIL_FROM: z.string().default("Mint <noreply@mint.dev>"),
  /** Where the web pages live; links in e-mails point here. */
  PUBLIC_BASE_URL: z.url().default("http://localhost:8080"),
  /** Comment heartbeat on open streams; must stay under Bun's idle timeout and every proxy's read timeout. */
  SSE_HEARTBEAT_MS: z.coerce.number().int().min(100).max(50_000).default(15_000),
  /** Most notifications replayed after Last-Event-ID on reconnect. */
  SSE_REPLAY_LIMIT: z.coerce.number().int().min(1).max(5_000).default(500),
  /** How often pending e-mails are looked for (new ones also wake the sender at once). */
  MAIL_POLL_MS: z.coerce.number().int().min(50).default(2_000),
  MAIL_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** How long a claimed e-mail is left alone before another sender may retry it (a sender that died mid-send). */
  MAIL_LEASE_MS: z.coerce.number().int().min(1_000).default(120_000),
});
export type NotificationsConfig = z.infer<typeof notificationsConfig>;
