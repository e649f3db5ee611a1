import type { PENDING_ACTION_KINDS } from "../../../proto-like-schemas/events/admin.ts";

/** What a pending action does: reverse or force-complete a transaction, or make a user an admin. */
export type PendingActionKind = (typeof PENDING_ACTION_KINDS)[number];
