import nodemailer from "nodemailer";
import type { Logger } from "./log.ts";

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/** SMTP mailer (MailDev in development). Retries a few times so a blip does not lose the mail. */
export function createMailer(smtpUrl: string, from: string, log: Logger): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      for (let attempt = 1; ; attempt++) {
        try {
          await transport.sendMail({ from, ...mail });
          return;
        } catch (err) {
          if (attempt >= 3) {
            log.error("mail could not be sent", { subject: mail.subject, error: (err as Error).message });
            throw err;
          }
          await new Promise((r) => setTimeout(r, 200 * attempt));
        }
      }
    },
  };
}
