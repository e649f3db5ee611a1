import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { assertPortFree, tcpProbe } from "./ports.ts";
import { spawnProcess } from "./process.ts";
import { httpOk, waitUntil } from "./wait.ts";

export interface MaildevOptions {
  /** Holds received mail (mail/) and maildev.log. */
  dataDir: string;
  smtpPort?: number;
  webPort?: number;
  host?: string;
  /** Own process group, so a terminal Ctrl-C reaches only the parent (bun dev). */
  detached?: boolean;
  timeoutMs?: number;
}

export interface MaildevServer {
  /** smtp://host:smtpPort */
  url: string;
  smtpUrl: string;
  smtpPort: number;
  /** Web inbox and REST API (GET /email lists messages, DELETE /email/all empties the box). */
  webUrl: string;
  webPort: number;
  logFile: string;
  pid: number;
  stop(): Promise<void>;
}

const runner = join(import.meta.dir, "maildev-server.ts");

/** Starts MailDev (npm) under Bun and waits until SMTP greets and GET /email answers. */
export async function startMaildev(opts: MaildevOptions): Promise<MaildevServer> {
  const host = opts.host ?? "127.0.0.1";
  const smtpPort = opts.smtpPort ?? 1025;
  const webPort = opts.webPort ?? 1080;
  await assertPortFree(smtpPort, "MailDev SMTP", "Stop whatever uses it, or set SMTP_URL to reuse a running server.", host);
  await assertPortFree(webPort, "MailDev web", "Stop whatever uses it, or set SMTP_URL to reuse a running server.", host);
  const mailDir = join(opts.dataDir, "mail");
  mkdirSync(mailDir, { recursive: true });
  const logFile = join(opts.dataDir, "maildev.log");

  const child = spawnProcess({
    name: "maildev",
    cmd: [process.execPath, runner, String(smtpPort), String(webPort), host, mailDir],
    cwd: opts.dataDir,
    logFile,
    detached: opts.detached,
  });
  const stop = () => child.stop({ signal: "SIGTERM", timeoutMs: 5000 });
  const webUrl = `http://${host}:${webPort}`;
  try {
    await waitUntil(
      `MailDev on ${host}:${smtpPort}/${webPort}`,
      async () => (await smtpGreets(smtpPort, host)) && (await httpOk(`${webUrl}/email`)),
      { child, timeoutMs: opts.timeoutMs ?? 30_000 },
    );
  } catch (err) {
    await stop();
    throw err;
  }
  const smtpUrl = `smtp://${host}:${smtpPort}`;
  return { url: smtpUrl, smtpUrl, smtpPort, webUrl, webPort, logFile, pid: child.pid, stop };
}

/** True when an SMTP server on host:port sends its 220 greeting. */
export function smtpGreets(port: number, host = "127.0.0.1", timeoutMs = 1000): Promise<boolean> {
  return tcpProbe(port, host, timeoutMs, { decide: (greeting) => greeting.startsWith("220"), farewell: "QUIT\r\n" });
}
