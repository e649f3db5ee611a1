import { z } from "zod";

export const auditConfig = z.object({
  /** Rows read per round trip while verifying the chain. */
  AUDIT_VERIFY_PAGE_SIZE: z.coerce.number().int().min(100).max(10_000).default(1_000),
});
export type AuditConfig = z.infer<typeof auditConfig>;
