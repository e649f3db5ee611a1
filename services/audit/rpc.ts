import type { auditContract } from "../../proto-like-schemas/audit.ts";
import type { Handlers } from "../../shared/rpc/server.ts";
import type { AuditReader } from "./reader.ts";

/** For the admin service, which checks the caller's role before it asks. */
export function auditRpcHandlers(reader: AuditReader): Handlers<typeof auditContract> {
  return {
    list: (filters) => reader.list(filters),
    verify: () => reader.verify(),
  };
}
