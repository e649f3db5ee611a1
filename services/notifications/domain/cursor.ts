import { isUuid } from "../../../shared/ids.ts";

/**
 * Page position: the id of the last notification shown. Ids are UUIDv7, so "older than" is
 * "smaller id". Opaque to clients (base64url), so the key can change without breaking them.
 */
export function encodeCursor(lastId: string): string {
  return Buffer.from(`n:${lastId}`).toString("base64url");
}

/** The id the cursor stands for, or null when it is not one this service issued. */
export function decodeCursor(raw: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(raw)) return null;
  const decoded = Buffer.from(raw, "base64url").toString("utf8");
  if (!decoded.startsWith("n:")) return null;
  const id = decoded.slice(2);
  return isUuid(id) ? id.toLowerCase() : null;
}
