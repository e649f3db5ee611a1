import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { freshEmail } from "../harness/auth.ts";
import { launchBrowser } from "../harness/browser.ts";
import { tokenFromMail, waitForMail } from "../harness/mail.ts";
import { startMesh, type Mesh } from "../harness/mesh.ts";

let mesh: Mesh;
let browser: Browser;
beforeAll(async () => {
  mesh = await startMesh();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await mesh?.stop();
});


/** Fills and submits the sign-up form, ending on the dashboard. */
async function signUp(page: Page, name: string, email: string, password: string): Promise<void> {
  await page.goto(`${mesh.gatewayUrl}/register`);
  await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Confirm password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/dashboard$/);
}

describe("in Chromium, through the gateway", () => {
  test("a person signs up, verifies from the e-mail, signs out and back in, and sees the dashboard", async () => {
    const page = await browser.newPage();
    const cspViolations: string[] = [];
    page.on("console", (msg) => {
      if (msg.type() === "error" && /Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
    });
    const email = freshEmail("browser");
    const password = "Browser pass 1";

    await signUp(page, "Ada Lovelace", email, password);
    expect(await page.getByText("Please verify your email address").isVisible()).toBe(true);
    expect(await page.getByText(/Good (morning|afternoon|evening), Ada/).isVisible()).toBe(true);

    const { url } = tokenFromMail(await waitForMail(email, "Verify your e-mail"), "/verify-email");
    await page.goto(url);
    await page.getByRole("heading", { name: "Email verified" }).waitFor();
    await page.getByRole("link", { name: /Continue to dashboard/ }).click();
    await page.waitForURL(/\/dashboard$/);
    expect(await page.getByText("Please verify your email address").count()).toBe(0);

    await page.getByRole("button", { name: "Sign out" }).first().click();
    await page.waitForURL(/\/login/);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill("wrong password 9");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("Invalid email or password").waitFor();
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/dashboard$/);
    expect(await page.getByText(/Good (morning|afternoon|evening), Ada/).isVisible()).toBe(true);
    expect(cspViolations).toEqual([]);
    await page.close();
  });

  test("a signed-in visitor is sent from /login to the dashboard; a signed-out one from /dashboard to /login", async () => {
    const page = await browser.newPage();
    await page.goto(`${mesh.gatewayUrl}/dashboard`);
    await page.waitForURL(/\/login/);
    const email = freshEmail("redirect");
    await signUp(page, "Bo Diddley", email, "Browser pass 2");
    await page.goto(`${mesh.gatewayUrl}/login`);
    await page.waitForURL(/\/dashboard$/);
    await page.close();
  });

  test("the session outlives the access token: the web tier refreshes it transparently", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const email = freshEmail("refresh");
    await signUp(page, "Cy Young", email, "Browser pass 3");
    const before = (await context.cookies()).find((c) => c.name === "refresh_token")!.value;
    // What a browser holds 15 minutes later: the access cookie has expired and is gone.
    await context.clearCookies({ name: "access_token" });
    await page.goto(`${mesh.gatewayUrl}/dashboard`);
    expect(new URL(page.url()).pathname).toBe("/dashboard");
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === "access_token")?.httpOnly).toBe(true);
    expect(cookies.find((c) => c.name === "refresh_token")!.value).not.toBe(before);
    await context.close();
  });
});
