import type { BaseConfig } from "../../shared/config.ts";
import type { ServiceContext } from "../../shared/service.ts";
import { resolveKycSettings, type KycConfig } from "./config.ts";
import { createDocuments, type Documents } from "./documents.ts";
import { createLimits, type Limits } from "./limits.ts";
import { createReview, type Review } from "./review.ts";
import { createS3Storage, type DocumentStorage } from "./storage.ts";
import { createWebhook, type WebhookHandler } from "./webhook.ts";

export interface KycDeps {
  storage: DocumentStorage;
  documents: Documents;
  limits: Limits;
  review: Review;
  webhook: WebhookHandler;
}

/** Wires the kyc service's parts from its context: document storage, limits, review, provider webhook. */
export function setupKyc(ctx: ServiceContext<BaseConfig & KycConfig>): KycDeps {
  const settings = resolveKycSettings(ctx.config);
  const storage = createS3Storage(settings.s3);
  // Not fatal: the store may come up after us, and uploads answer 503 until it does.
  storage.ping().catch((err) => ctx.log.warn("document storage is not reachable", { endpoint: settings.s3.endpoint, bucket: settings.s3.bucket, error: (err as Error).message }));
  const review = createReview(ctx.emit);
  return {
    storage,
    documents: createDocuments({ db: ctx.db, storage, log: ctx.log }),
    limits: createLimits({ db: ctx.db, emit: ctx.emit }),
    review,
    webhook: createWebhook({ db: ctx.db, review, secret: settings.webhookSecret }),
  };
}
