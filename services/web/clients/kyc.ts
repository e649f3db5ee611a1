import { limitsResponse, profile } from "../../../proto-like-schemas/kyc.ts";
import { createServiceClient, type RequestMeta } from "./http.ts";

/** The KYC service's public API (/api/v1/kyc), as the pages use it. */
export function createKycClient(baseUrl: string) {
  const { call } = createServiceClient({ service: "verification", baseUrl: baseUrl.replace(/\/+$/, "") + "/api/v1/kyc" });
  return {
    /** The caller's profile: tier, review status, documents. */
    profile: (meta: RequestMeta, token: string) => call("GET", "/", profile, meta, { token }),
    /** The caller's limits from their tier, in cents. */
    limits: (meta: RequestMeta, token: string) => call("GET", "/limits", limitsResponse, meta, { token }),
  };
}

export type KycClient = ReturnType<typeof createKycClient>;
