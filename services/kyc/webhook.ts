import { z } from "zod";
import { id } from "../../proto-like-schemas/money.ts";
import type { Database } from "../../shared/db/connect.ts";
import { AppError, invalidArgument } from "../../shared/errors.ts";
import { webhookReceipts } from "./db/schema.ts";
import { verifySignature } from "./domain/webhook-signature.ts";
import type { Review } from "./review.ts";

/** Recorded as the reviewer of decisions that came from the identity provider. */
export const PROVIDER_REVIEWER = "kyc-provider";

export const webhookBody = z.object({
  userId: id,
  status: z.enum(["approved", "declined"]),
  reason: z.string().max(1000).nullish(),
});

export type WebhookResult = { ignored: string } | { profileId: string; status: "APPROVED" | "REJECTED" };

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * The identity provider's decision callback. Authenticity comes from the HMAC over the raw bytes;
 * each signed request is applied at most once (its signature is recorded with the effect); and
 * everything benign — unknown user, nothing pending, a decision already taken — answers 200 with
 * the reason, because any other status makes the provider retry forever.
 */
export function createWebhook(deps: { db: Database; review: Review; secret: string; nowS?: () => number }) {
  const nowS = deps.nowS ?? (() => Math.floor(Date.now() / 1000));

  return async function handle(rawBody: Uint8Array, signature: string | undefined): Promise<WebhookResult> {
    const check = verifySignature({ header: signature, rawBody, secret: deps.secret, nowS: nowS() });
    if (!check.ok) throw new AppError("UNAUTHENTICATED", check.reason);

    let json: unknown;
    try {
      json = JSON.parse(decoder.decode(rawBody));
    } catch {
      throw new AppError("INVALID_ARGUMENT", "Malformed JSON in request body");
    }
    const parsed = webhookBody.safeParse(json);
    if (!parsed.success) throw invalidArgument(parsed.error.issues, "Request body");
    const body = parsed.data;

    const receipt = new Bun.CryptoHasher("sha256").update(`${check.timestampS}.`).update(rawBody).digest("hex");
    return deps.db.transaction(async (tx): Promise<WebhookResult> => {
      const fresh = await tx.insert(webhookReceipts).values({ signatureHash: receipt }).onConflictDoNothing().returning();
      if (fresh.length === 0) return { ignored: "duplicate delivery" };
      const result = await deps.review.decide(
        tx,
        { userId: body.userId },
        body.status === "approved"
          ? { decision: "approve", reviewerId: PROVIDER_REVIEWER }
          : { decision: "reject", reviewerId: PROVIDER_REVIEWER, reason: body.reason?.trim() || null },
      );
      switch (result.outcome) {
        case "not_found":
          return { ignored: "unknown user" };
        case "not_pending":
          return { ignored: `profile is not pending review (status ${result.row.status})` };
        case "repeat":
          return { ignored: `already decided (status ${result.row.status})` };
        case "applied":
          return { profileId: result.row.id, status: result.row.status as "APPROVED" | "REJECTED" };
      }
    });
  };
}

export type WebhookHandler = ReturnType<typeof createWebhook>;
