import { createServiceClient } from "./http.ts";

/** The analytics service's public API (/api/v1/analytics), as the pages use it. */
export function createAnalyticsClient(baseUrl: string) {
  const client = createServiceClient({ service: "analytics", baseUrl: baseUrl.replace(/\/+$/, "") + "/api/v1/analytics" });
  return { client };
}

export type AnalyticsClient = ReturnType<typeof createAnalyticsClient>;
