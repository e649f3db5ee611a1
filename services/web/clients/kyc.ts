import { z } from "zod";
import { documentSummary, limitsResponse, profile, tiersResponse } from "../../../proto-like-schemas/kyc.ts";
import { createServiceClient, type RequestMeta } from "./http.ts";

/** The document types a user uploads from the pages. */
export type UploadType = "PASSPORT" | "DRIVERS_LICENSE" | "SELFIE";
export type KycProfile = z.infer<typeof profile>;
export type KycTiers = z.infer<typeof tiersResponse>;

/** An upload may take as long as the user's connection needs to send 10 MB. */
const UPLOAD_TIMEOUT_MS = 120_000;

/** The KYC service's public API (/api/v1/kyc), as the pages use it. */
export function createKycClient(baseUrl: string) {
  const { call } = createServiceClient({ service: "verification", baseUrl: baseUrl.replace(/\/+$/, "") + "/api/v1/kyc" });
  return {
    /** The caller's profile: tier, review status, documents. */
    profile: (meta: RequestMeta, token: string) => call("GET", "/", profile, meta, { token }),
    /** The caller's limits from their tier, in cents. */
    limits: (meta: RequestMeta, token: string) => call("GET", "/limits", limitsResponse, meta, { token }),
    /** Every tier's limits as they are now (admins change them at run time), lowest tier first. */
    tiers: (meta: RequestMeta, token: string) => call("GET", "/tiers", tiersResponse, meta, { token }),
    /** Stores one document (replacing the previous one of its type); the service reads its type from the bytes. */
    upload: (meta: RequestMeta, token: string, type: UploadType, file: Blob, docName: string | undefined) => {
      const form = new FormData();
      form.append("file", file, docName || "document");
      return call("POST", "/documents", documentSummary, meta, { token, form, query: { type, docName }, timeoutMs: UPLOAD_TIMEOUT_MS });
    },
    /** Submits the uploaded documents for review (BASIC → VERIFIED). */
    submit: (meta: RequestMeta, token: string) => call("POST", "/submit", z.object({ message: z.string(), profile }), meta, { token }),
  };
}

export type KycClient = ReturnType<typeof createKycClient>;
