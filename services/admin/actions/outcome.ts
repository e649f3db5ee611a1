import type { AdminRecord } from "../record.ts";

/** What an action answered, and the audit record of it (null when the call changed nothing to record). */
export interface Outcome<T> {
  result: T;
  record: AdminRecord | null;
}

/** The two admins of an action run under dual control. */
export interface Approval {
  actionId: string;
  requestedBy: string;
  approvedBy: string;
}
