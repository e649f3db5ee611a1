import { chromium, type Browser } from "playwright-core";

/** Debian's Chromium, headless, with everything that would reach for the network turned off. */
export function launchBrowser(opts: { args?: string[] } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", ...(opts.args ?? [])],
  });
}
