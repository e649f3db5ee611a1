import { safeNextPath } from "../../domain/page/navigation.ts";

/** Where a money form returns when it names no page of its own. */
export const DEFAULT_RETURN = "/wallet";

/** A page of the app a money form may return to (never another site, never a money form's own page). */
export function returnPath(value: string | undefined): string {
  const path = safeNextPath(value);
  if (!path || path.startsWith("/wallet/deposit") || path.startsWith("/wallet/send") || path.startsWith("/wallet/parts") || path.startsWith("/dashboard/parts")) return DEFAULT_RETURN;
  return path;
}
