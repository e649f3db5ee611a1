export type Role = "USER" | "ADMIN";

/** Where a signed-in user belongs: the admin console for admins, the user app otherwise. */
export function homeFor(role: Role): string {
  return role === "ADMIN" ? "/app-admin/dashboard" : "/dashboard";
}

/**
 * A `next` parameter is only followed when it is a path on this site: it must start with a single
 * "/" (not "//" or "/\", which browsers treat as another host) and contain no control characters.
 */
export function safeNextPath(next: string | null | undefined): string | undefined {
  if (!next || next.length > 512) return undefined;
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return undefined;
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return undefined;
  try {
    const url = new URL(next, "http://mint.invalid");
    if (url.origin !== "http://mint.invalid") return undefined;
    return url.pathname + url.search;
  } catch {
    return undefined;
  }
}

/** Whether a path belongs to the admin console. */
export const isAdminPath = (path: string) => path === "/app-admin" || path.startsWith("/app-admin/");

/** After sign-in: the requested page if it suits the role, else the role's home. */
export function afterSignIn(role: Role, next: string | null | undefined): string {
  const path = safeNextPath(next);
  if (!path || path === "/" || path.startsWith("/login") || path.startsWith("/register")) return homeFor(role);
  return isAdminPath(path) === (role === "ADMIN") ? path : homeFor(role);
}
