import { isUuid } from "../../../../shared/ids.ts";

/**
 * Where a page's live stream starts. Notification ids are UUIDv7, ordered by creation time, and
 * the stream replays everything after the id it is given; an id made of a timestamp and zero
 * random bits therefore means "everything created from this moment on". A page renders its
 * connection with the moment it started reading its data, less a margin for clocks that
 * disagree, so a notification created while the page was being built or loaded is never missed
 * (the few from the margin arrive again, and the browser drops what it already shows).
 */
export const LIVE_CURSOR_MARGIN_MS = 3_000;

export function liveCursorAt(ms: number): string {
  const hex = Math.max(0, Math.min(Math.trunc(ms), 0xffff_ffff_ffff)).toString(16).padStart(12, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8)}-7000-8000-000000000000`;
}

/** The id to resume after: the browser's Last-Event-ID when it sent one, else the page's cursor. */
export function resumeFrom(lastEventId: string | undefined, since: string | undefined): string | undefined {
  const last = lastEventId?.trim();
  if (last && isUuid(last)) return last.toLowerCase();
  const start = since?.trim();
  return start && isUuid(start) ? start.toLowerCase() : undefined;
}
