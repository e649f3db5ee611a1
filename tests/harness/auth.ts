import { service as authService } from "../../services/auth/main.ts";
import { getMaildev } from "./infra.ts";
import { startService, tempDir } from "./services.ts";

export type RunningAuth = Awaited<ReturnType<typeof authService.start>>;

/** Starts the real auth service with its own keys folder, sending mail to the harness's MailDev. */
export async function startAuth(extra: Record<string, string | undefined> = {}): Promise<RunningAuth & { keysDir: string }> {
  const maildev = await getMaildev();
  const keysDir = extra.KEYS_DIR ?? tempDir("keys");
  const running = await startService(authService, {
    KEYS_DIR: keysDir,
    SMTP_URL: maildev.smtpUrl,
    PUBLIC_BASE_URL: "http://localhost:8080",
    ...extra,
  });
  return Object.assign(running, { keysDir });
}

let counter = 0;
/** A fresh, valid e-mail address for one test. */
export const freshEmail = (tag = "user") => `${tag}.${process.pid}.${Date.now().toString(36)}.${++counter}@example.com`;

/** Registers a user through the HTTP API and returns its tokens. */
export async function registerUser(baseUrl: string, opts: { email?: string; password?: string; name?: string } = {}) {
  const email = opts.email ?? freshEmail();
  const password = opts.password ?? "correct horse 1";
  const res = await fetch(`${baseUrl}/api/v1/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password, name: opts.name ?? "Test User" }),
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { access_token: string; refresh_token: string; user: { id: string; email: string } };
  return { email, password, ...body };
}
