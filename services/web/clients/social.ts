import { createServiceClient } from "./http.ts";

/** The social service's public API (/api/v1/social), as the pages use it. */
export function createSocialClient(baseUrl: string) {
  const client = createServiceClient({ service: "social", baseUrl: baseUrl.replace(/\/+$/, "") + "/api/v1/social" });
  return { client };
}

export type SocialClient = ReturnType<typeof createSocialClient>;
