import { createServiceClient } from "./http.ts";

/** The admin service's public API (/admin), as the pages use it. */
export function createAdminClient(baseUrl: string) {
  const client = createServiceClient({ service: "admin", baseUrl: baseUrl.replace(/\/+$/, "") + "/admin" });
  return { client };
}

export type AdminClient = ReturnType<typeof createAdminClient>;
