import { z } from "zod";
import { envList } from "../../shared/config.ts";

export const authConfig = z.object({
  /** Folder holding private_key.pem / public_key.pem; generated on first run when absent. */
  KEYS_DIR: z.string().default("keys"),
  /** Production: the signing key comes from a mounted file instead of KEYS_DIR. */
  JWT_PRIVATE_KEY_FILE: z.string().optional(),
  /** Public keys of retired signing keys, still published so their tokens verify until expiry. */
  JWT_PREVIOUS_PUBLIC_KEY_FILES: envList.default([]),
  ACCESS_TOKEN_TTL_S: z.coerce.number().int().min(60).max(3600).default(900),
  REFRESH_TOKEN_TTL_S: z.coerce.number().int().min(3600).default(30 * 24 * 3600),
  REFRESH_REUSE_GRACE_S: z.coerce.number().int().min(0).max(60).default(5),
  VERIFY_TOKEN_TTL_S: z.coerce.number().int().min(60).default(24 * 3600),
  RESET_TOKEN_TTL_S: z.coerce.number().int().min(60).default(30 * 60),
  SMTP_URL: z.string().default("smtp://127.0.0.1:1025"),
  MAIL_FROM: z.string().default("Mint <noreply@mint.dev>"),
  /** Where the web pages live; links in e-mails point here. */
  PUBLIC_BASE_URL: z.url().default("http://localhost:8080"),
});
export type AuthConfig = z.infer<typeof authConfig>;
