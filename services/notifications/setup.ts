import { authContract } from "../../proto-like-schemas/auth.ts";
import type { BaseConfig } from "../../shared/config.ts";
import { createMailer } from "../../shared/mail.ts";
import type { ServiceContext } from "../../shared/service.ts";
import type { Clock } from "./clock.ts";
import type { NotificationsConfig } from "./config.ts";
import { publishLive } from "./live.ts";
import { createMailSender, type MailSender } from "./mails.ts";
import type { NotifyDeps } from "./events.ts";

export interface NotificationsDeps {
  mailSender: MailSender;
  notify: NotifyDeps;
}

/** Wires the parts: the e-mail sender (shared mailer, auth for unknown addresses) and live publishing. */
export function setupNotifications(ctx: ServiceContext<BaseConfig & NotificationsConfig>, clock: Clock): NotificationsDeps {
  const c = ctx.config;
  const mailSender = createMailSender({
    db: ctx.db,
    mailer: createMailer(c.SMTP_URL, c.MAIL_FROM, ctx.log),
    auth: ctx.rpc(authContract),
    clock,
    log: ctx.log,
    settings: { batchSize: c.MAIL_BATCH_SIZE, maxAttempts: c.MAIL_MAX_ATTEMPTS, leaseMs: c.MAIL_LEASE_MS },
  });
  // At the start of shutdown, not in onStop: the runtime waits for running jobs (a drain) before onStop.
  ctx.shutdown.addEventListener("abort", () => void mailSender.stop(), { once: true });
  return {
    mailSender,
    notify: {
      publicBaseUrl: c.PUBLIC_BASE_URL,
      publishLive: (views) => publishLive(ctx.nc, views, ctx.log),
      wakeMailSender: () => mailSender.wake(),
    },
  };
}
