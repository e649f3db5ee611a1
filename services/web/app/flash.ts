import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { ToastMessage } from "@mint/views/types.ts";
import type { C } from "./env.ts";

/**
 * The outcome of a form post, carried to the page the browser is redirected to (post/redirect/get)
 * and shown there once as a toast. A cookie rather than a query parameter, so a link cannot put
 * words in Mint's mouth; with Secure cookies it is a `__Host-` cookie, which no other host can set.
 */
const MAX_MESSAGES = 3;
const MAX_LENGTH = 300;
const KINDS = new Set(["success", "error", "info"]);

const cookieName = (secure: boolean) => (secure ? "__Host-mint_flash" : "mint_flash");

export function setFlash(c: C, secure: boolean, toast: ToastMessage): void {
  const existing = readFlash(c, secure);
  const messages = [...existing, { kind: toast.kind, message: toast.message.slice(0, MAX_LENGTH) }].slice(-MAX_MESSAGES);
  setCookie(c, cookieName(secure), encodeURIComponent(JSON.stringify(messages)), { path: "/", httpOnly: true, sameSite: "Lax", secure, maxAge: 60 });
}

/** The messages waiting for this page, removed so a reload does not show them again. */
export function takeFlash(c: C, secure: boolean): ToastMessage[] {
  const messages = readFlash(c, secure);
  if (messages.length > 0) deleteCookie(c, cookieName(secure), { path: "/", secure, httpOnly: true, sameSite: "Lax" });
  return messages;
}

function readFlash(c: C, secure: boolean): ToastMessage[] {
  const raw = getCookie(c, cookieName(secure));
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(decodeURIComponent(raw));
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter((m): m is ToastMessage => !!m && typeof m === "object" && KINDS.has(m.kind) && typeof m.message === "string")
      .slice(0, MAX_MESSAGES)
      .map((m) => ({ kind: m.kind, message: m.message.slice(0, MAX_LENGTH) }));
  } catch {
    return [];
  }
}
