/**
 * Pages as a user meets them: the whole platform as processes behind the real Caddy gateway, users
 * made through the APIs, and the checks every page must pass in Chromium (axe-core, phone width).
 *
 *   const mesh = await startPageMesh();
 *   const ada = await mesh.user({ name: "Ada Lovelace", balance: 50_00 });
 *   const page = await mesh.signIn(browser, ada);
 *   await page.goto(`${mesh.gatewayUrl}/wallet`);
 *   await expectAccessible(page);
 */
import { AxeBuilder } from "@axe-core/playwright";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { eventually } from "../../shared/testing/wait.ts";
import { getMaildev, testTempDir } from "./infra.ts";
import { startProcessMesh, type ProcessMesh } from "./process-mesh.ts";
import { bearer, signUp, signUpVerified, type TestUser } from "./users.ts";

/** Every service a page can reach. */
const PAGE_SERVICES = ["auth", "wallet", "transactions", "fraud", "kyc", "analytics", "notifications", "social", "webhook", "audit", "admin", "web"];

export interface PageUser extends TestUser {
  name: string;
}

export interface PageMeshOptions {
  /** Extra environment per service name. */
  env?: Record<string, Record<string, string>>;
  /** Services to leave out (to see how pages behave without them). */
  without?: string[];
}

export async function startPageMesh(options: PageMeshOptions = {}) {
  const maildev = await getMaildev();
  const env: Record<string, Record<string, string>> = {
    auth: { SMTP_URL: maildev.smtpUrl },
    // Deterministic: no velocity blocks from many test transfers, no night rule.
    fraud: { FRAUD_VELOCITY_MAX: "100000", FRAUD_NIGHT_CENTS: "100000000000" },
    transactions: { LIMITS_CACHE_TTL_MS: "0" },
    kyc: { KYC_WEBHOOK_SECRET: "test-kyc-webhook-secret" },
    webhook: { WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" },
  };
  for (const [name, extra] of Object.entries(options.env ?? {})) env[name] = { ...env[name], ...extra };
  const names = PAGE_SERVICES.filter((n) => !options.without?.includes(n));
  const mesh: ProcessMesh = await startProcessMesh(names, env);
  const gatewayUrl = mesh.gatewayUrl;

  async function api<T = any>(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(gatewayUrl + path, {
      method,
      headers: { ...bearer(token), ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
  }

  return {
    ...mesh,
    api,

    /**
     * A user with a wallet, BASIC (e-mail verified) unless told otherwise, funded with `balance`
     * cents through real top-ups.
     */
    async user(opts: { name?: string; tier?: "UNVERIFIED" | "BASIC"; balance?: number } = {}): Promise<PageUser> {
      const name = opts.name ?? "Test User";
      const tier = opts.tier ?? "BASIC";
      const user = tier === "BASIC" ? await signUpVerified(gatewayUrl, { name }) : await signUp(gatewayUrl, { name });
      await eventually(async () => (await api("GET", "/api/v1/wallet/", user.token)).status === 200, { timeoutMs: 20_000, what: `wallet of ${user.email}` });
      await eventually(async () => (await api<{ tier: string }>("GET", "/api/v1/kyc/", user.token)).body?.tier === tier, { timeoutMs: 20_000, what: `tier ${tier}` });
      let left = opts.balance ?? 0;
      const perTopup = tier === "BASIC" ? 50_000 : 5_000;
      while (left > 0) {
        const amount = Math.min(left, perTopup);
        const r = await api("POST", "/api/v1/transactions/topup", user.token, { amount }, { "idempotency-key": crypto.randomUUID() });
        if (r.status !== 201) throw new Error(`funding top-up failed: ${r.status} ${JSON.stringify(r.body)}`);
        left -= amount;
      }
      return { ...user, name };
    },

    /** A browser context signed in as `user` (through the sign-in form's endpoint), and a page in it. */
    async signIn(browser: Browser, user: Pick<TestUser, "email" | "password">, contextOptions: Parameters<Browser["newContext"]>[0] = {}): Promise<Page> {
      const context = await browser.newContext(contextOptions);
      await signInContext(context, gatewayUrl, user);
      return context.newPage();
    },
  };
}

export type PageMesh = Awaited<ReturnType<typeof startPageMesh>>;

/** Signs a browser context in by posting the sign-in form, as the login page does. */
export async function signInContext(context: BrowserContext, gatewayUrl: string, user: Pick<TestUser, "email" | "password">): Promise<void> {
  const res = await context.request.post(`${gatewayUrl}/login`, {
    form: { email: user.email, password: user.password },
    headers: { origin: gatewayUrl },
    maxRedirects: 0,
  });
  if (res.status() !== 303) throw new Error(`sign-in failed: ${res.status()} ${await res.text()}`);
}

/** axe-core finds no serious or critical violation on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  // A dialog or toast still fading in has its text at part opacity, which axe measures as low
  // contrast: let finite animations end first (infinite ones, a pulse or a spinner, never do).
  await page.evaluate(
    "Promise.all(document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity).map((a) => a.finished.catch(() => undefined))).then(() => 0)",
  );
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  if (bad.length > 0) {
    const lines = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join("\n    ")}`);
    throw new Error(`accessibility violations on ${page.url()}:\n  ${lines.join("\n  ")}`);
  }
}

/** At 390 px wide (a phone) the page does not scroll sideways. */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const previous = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  // Chromium applies the stylesheet's media queries for the new width at the next frame, not at
  // once: measured earlier, the page still has its desktop layout squeezed into 390 px.
  // (Strings: the functions run in the browser, where this file's types (no DOM) do not apply.)
  await page.evaluate("new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))");
  const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
  if (previous) await page.setViewportSize(previous);
  if (overflow > 0) throw new Error(`${page.url()} scrolls sideways by ${overflow}px at 390px wide`);
}

/** Saves a screenshot under MINT_SCREENSHOT_DIR (or the test run's folder) and returns its path. */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  const dir = process.env.MINT_SCREENSHOT_DIR ?? join(testTempDir(), "screenshots");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  // caret "initial": hiding the caret sets a style on the focused input and leaves an empty
  // style attribute behind, which htmx copies onto a swapped element and the CSP then reports.
  await page.screenshot({ path, fullPage: opts.fullPage ?? true, caret: "initial" });
  return path;
}
