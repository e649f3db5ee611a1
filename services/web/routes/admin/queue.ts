import type { QueueResult } from "@mint/views/pages/admin/queue.tsx";
import type { C } from "../../app/env.ts";
import type { ApiResult } from "../../clients/http.ts";
import { cursorParam, rowsOf } from "./common.ts";

const PAGE_SIZE = 20;
/** A queue's cursor: the offset of its page. */
const CURSOR = /^\d{1,6}$/;

/**
 * The page of a review queue asked for, and the URL that page asks for itself again at (the
 * same page, as a fragment): `base` is the queue's page, `load` asks the admin API for a page.
 */
export async function queueOf<T>(
  c: C,
  base: string,
  load: (page: { cursor?: string; limit: number }) => Promise<ApiResult<{ items: T[]; total: number; nextCursor: string | null }>>,
): Promise<{ queue: QueueResult<T>; pollUrl: string }> {
  const cursor = cursorParam(c, CURSOR);
  const r = await load({ cursor, limit: PAGE_SIZE });
  const pollUrl = `${base}/parts/queue${cursor ? `?cursor=${cursor}` : ""}`;
  if (!r.ok) return { queue: { kind: "unavailable" }, pollUrl };
  return { queue: { ...rowsOf(r.data, cursor, (next) => (next ? `${base}?cursor=${next}` : base)), total: r.data.total }, pollUrl };
}
