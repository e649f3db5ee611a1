import { derivedUuid } from "../../../shared/ids.ts";

const NAMESPACE = "mint-admin-event";

/**
 * The id of the audit record of an action, derived from what the action did (its kind, its
 * target and the moment the owning service stamped the change), never drawn at random: the same
 * action repeated (a retried request, two admins clicking at once, a run resumed after a crash)
 * gives the same id, which the outbox and the audit log keep only once.
 */
export const actionEventId = (kind: string, ...parts: (string | number | null)[]) => derivedUuid(NAMESPACE, [kind, ...parts.map((p) => (p === null ? "" : String(p)))].join("\u0000"));
