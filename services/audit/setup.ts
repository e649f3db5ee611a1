import type { BaseConfig } from "../../shared/config.ts";
import type { ServiceContext } from "../../shared/service.ts";
import { createAuditAppender, type AuditAppender } from "./appender.ts";
import type { AuditConfig } from "./config.ts";
import { createAuditReader, type AuditReader } from "./reader.ts";

export interface AuditDeps {
  appender: AuditAppender;
  reader: AuditReader;
}

export function setupAudit(ctx: ServiceContext<BaseConfig & AuditConfig>): AuditDeps {
  return {
    appender: createAuditAppender(),
    reader: createAuditReader({ db: ctx.db, verifyPageSize: ctx.config.AUDIT_VERIFY_PAGE_SIZE }),
  };
}
