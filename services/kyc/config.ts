import { z } from "zod";

export const kycConfig = z.object({
  /** S3-compatible store for documents (path-style addressing). Required in production. */
  S3_ENDPOINT: z.url().optional(),
  /** Endpoint written into presigned URLs when admins reach the store by another address than the service does. */
  S3_PUBLIC_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ACCESS_KEY: z.string().min(1).optional(),
  S3_SECRET_KEY: z.string().min(1).optional(),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name").default("mint-kyc-docs"),
  /** HMAC key of the identity provider's webhook. Required in production. */
  KYC_WEBHOOK_SECRET: z.string().min(16, "at least 16 characters").optional(),
});
export type KycConfig = z.infer<typeof kycConfig>;

/** What only makes sense on a developer's machine: the dev stack's local S3 and a known webhook key. */
const DEV_DEFAULTS = {
  S3_ENDPOINT: "http://127.0.0.1:19000",
  S3_ACCESS_KEY: "S3RVER",
  S3_SECRET_KEY: "S3RVER",
  KYC_WEBHOOK_SECRET: "dev-kyc-webhook-secret",
} as const;

export interface ResolvedKycSettings {
  s3: { endpoint: string; publicEndpoint: string; region: string; accessKey: string; secretKey: string; bucket: string };
  webhookSecret: string;
}

/** Fills development defaults, and refuses to start in production without real values. */
export function resolveKycSettings(config: KycConfig & { MINT_ENV: string }): ResolvedKycSettings {
  const production = config.MINT_ENV === "production";
  const missing = (Object.keys(DEV_DEFAULTS) as (keyof typeof DEV_DEFAULTS)[]).filter((k) => !config[k]);
  if (production && missing.length) {
    throw new Error(`Invalid configuration for service "kyc":\n  ${missing.map((k) => `${k}: required in production (variable is missing)`).join("\n  ")}`);
  }
  const value = (k: keyof typeof DEV_DEFAULTS) => config[k] ?? DEV_DEFAULTS[k];
  const endpoint = value("S3_ENDPOINT");
  return {
    s3: {
      endpoint,
      publicEndpoint: config.S3_PUBLIC_ENDPOINT ?? endpoint,
      region: config.S3_REGION,
      accessKey: value("S3_ACCESS_KEY"),
      secretKey: value("S3_SECRET_KEY"),
      bucket: config.S3_BUCKET,
    },
    webhookSecret: value("KYC_WEBHOOK_SECRET"),
  };
}
