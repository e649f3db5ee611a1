import { z } from "zod";

/** Settings of the web service on top of the shared base configuration. */
export const webConfig = z.object({
  /** The auth service's public HTTP API, called server-side. */
  AUTH_URL: z.url().default("http://127.0.0.1:4001"),
  /** The address users reach the site at (the gateway); its origin is accepted for CSRF checks. */
  PUBLIC_BASE_URL: z.url().default("http://localhost:8080"),
});
