import { eventually } from "../../shared/testing/wait.ts";
import { getMaildev } from "./infra.ts";

export interface ReceivedMail {
  id: string;
  subject: string;
  text: string;
  html: string;
  to: { address: string }[];
}

/** Every mail MailDev holds for the address (its REST API), newest last. */
export async function mailsTo(address: string): Promise<ReceivedMail[]> {
  const { webUrl } = await getMaildev();
  const all = (await (await fetch(`${webUrl}/email`)).json()) as ReceivedMail[];
  return all.filter((m) => m.to.some((t) => t.address.toLowerCase() === address.toLowerCase()));
}

/** Waits for a mail to the address whose subject contains the text; returns the newest such mail. */
export async function waitForMail(address: string, subjectContains: string, opts: { after?: number; timeoutMs?: number } = {}): Promise<ReceivedMail> {
  return eventually(
    async () => {
      const found = (await mailsTo(address)).filter((m) => m.subject.includes(subjectContains));
      return found.length > (opts.after ?? 0) ? found[found.length - 1] : undefined;
    },
    { timeoutMs: opts.timeoutMs ?? 10_000, what: `mail "${subjectContains}" to ${address}` },
  );
}

/** The token from the first link to the given page in a mail's text. */
export function tokenFromMail(mail: ReceivedMail, page: "/verify-email" | "/reset-password"): { url: string; token: string } {
  const match = new RegExp(`(https?://\\S+${page}\\?token=([A-Za-z0-9_%-]+))`).exec(mail.text);
  if (!match) throw new Error(`No ${page} link in mail "${mail.subject}"`);
  return { url: match[1]!, token: decodeURIComponent(match[2]!) };
}
