import { z } from "zod";
import { createServiceClient, type RequestMeta } from "./http.ts";

export type { ApiResult, RequestMeta } from "./http.ts";

const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullish().transform((v) => v ?? ""),
  email_verified: z.boolean(),
  role: z.enum(["USER", "ADMIN"]).catch("USER"),
});
export type AuthUser = z.infer<typeof userSchema>;

const tokensSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().optional(),
  user: userSchema.optional(),
});
export type TokenResponse = z.infer<typeof tokensSchema>;

const directoryMatches = z.array(z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }));
/** A person found by e-mail, to pay or add. */
export type DirectoryMatch = z.infer<typeof directoryMatches>[number];

const messageSchema = z.looseObject({ message: z.string().optional() });
export type MessageResponse = z.infer<typeof messageSchema>;

export interface AuthClientOptions {
  baseUrl: string;
  /** Per-call deadline. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** The auth service's public API (/api/v1/auth), as the pages use it. */
export function createAuthClient(opts: AuthClientOptions) {
  const { call } = createServiceClient({ service: "auth", baseUrl: opts.baseUrl.replace(/\/+$/, "") + "/api/v1/auth", timeoutMs: opts.timeoutMs, fetch: opts.fetch });
  return {
    register: (meta: RequestMeta, body: { email: string; password: string; name: string }) => call("POST", "/register", tokensSchema, meta, { body }),
    login: (meta: RequestMeta, body: { email: string; password: string }) => call("POST", "/login", tokensSchema, meta, { body }),
    refresh: (meta: RequestMeta, refreshToken: string) => call("POST", "/refresh", tokensSchema, meta, { body: { refresh_token: refreshToken } }),
    logout: (meta: RequestMeta, accessToken: string, refreshToken: string | undefined) =>
      call("POST", "/logout", messageSchema, meta, { token: accessToken, body: refreshToken ? { refresh_token: refreshToken } : {} }),
    me: (meta: RequestMeta, accessToken: string) => call("GET", "/me", userSchema, meta, { token: accessToken }),
    requestVerifyEmail: (meta: RequestMeta, accessToken: string) => call("POST", "/request-verify-email", messageSchema, meta, { token: accessToken, body: {} }),
    verifyEmail: (meta: RequestMeta, token: string) => call("POST", "/verify-email", messageSchema, meta, { body: { token } }),
    forgotPassword: (meta: RequestMeta, email: string) => call("POST", "/forgot-password", messageSchema, meta, { body: { email } }),
    resetPassword: (meta: RequestMeta, token: string, newPassword: string) =>
      call("POST", "/reset-password", messageSchema, meta, { body: { token, new_password: newPassword } }),
    /** Changes the caller's own display name; tokens issued afterwards carry it (refresh the session). */
    updateProfile: (meta: RequestMeta, accessToken: string, body: { name: string }) => call("PATCH", "/me", userSchema, meta, { token: accessToken, body }),
    /** Changes the password; every other session is signed out and the answer is this browser's new session. */
    changePassword: (meta: RequestMeta, accessToken: string, body: { current_password: string; new_password: string }) =>
      call("POST", "/account/change-password", tokensSchema, meta, { token: accessToken, body }),
    /** Active users whose e-mail starts with `email` (at least 3 characters), the caller left out; up to 10. */
    searchUsers: (meta: RequestMeta, accessToken: string, email: string) => call("GET", "/users/search", directoryMatches, meta, { token: accessToken, query: { email } }),
  };
}

export type AuthClient = ReturnType<typeof createAuthClient>;
