/**
 * Child-process entry that runs MailDev (SMTP catcher + web inbox) with explicit options.
 * Run by maildev.ts as: bun shared/devstack/maildev-server.ts <smtpPort> <webPort> <host> <mailDir>
 *
 * maildev 2.2.0 reads an undeclared global `host` once its SMTP server listens, which crashes
 * the process; declaring it first keeps the server up.
 */
const [smtp, web, ip, mailDirectory] = process.argv.slice(2);
if (!smtp || !web || !ip || !mailDirectory) {
  console.error("usage: maildev-server.ts <smtpPort> <webPort> <host> <mailDirectory>");
  process.exit(2);
}
(globalThis as Record<string, unknown>).host = ip;

type MailDevConstructor = new (config: Record<string, unknown>) => { listen(): Promise<void> };
const MailDev = require("maildev") as MailDevConstructor;

const maildev = new MailDev({ smtp, web, ip, webIp: ip, mailDirectory, hideExtensions: [] });
await maildev.listen();

export {};
