import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { kycContract } from "../../proto-like-schemas/kyc.ts";
import { rpcClient } from "../../shared/rpc/client.ts";
import { eventually } from "../../shared/testing/wait.ts";
import { launchBrowser } from "../harness/browser.ts";
import { expectAccessible, expectNoSidewaysScroll, type PageMesh, type PageUser, screenshot, signInContext, startPageMesh } from "../harness/pages.ts";
import { type Receiver, startReceiver, verifyStandardWebhook } from "../harness/webhook.ts";

// /kyc and /settings as a user meets them: the whole platform behind the gateway, Chromium, real
// files, a real webhook receiver on loopback (the page mesh lets the webhook service call it).

// Each test drives a browser through several pages and waits for real deliveries.
setDefaultTimeout(90_000);

let mesh: PageMesh;
let browser: Browser;
let receiver: Receiver;

beforeAll(async () => {
  [mesh, browser, receiver] = await Promise.all([startPageMesh(), launchBrowser(), startReceiver()]);
}, 120_000);

afterAll(async () => {
  await receiver?.stop();
  await browser?.close();
  await mesh?.stop();
});

// Small but genuine files: the kyc API reads the type from the bytes.
const PNG_1X1 = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
const jpeg = (size = 0) => {
  const head = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  const body = Buffer.alloc(Math.max(0, size - head.length - 2), 0x20);
  return Buffer.concat([head, Buffer.from(crypto.randomUUID()), body, Buffer.from([0xff, 0xd9])]);
};
const png = () => Buffer.concat([PNG_1X1, Buffer.from(`\n${crypto.randomUUID()}\n`)]);
const pdf = () => Buffer.from(`%PDF-1.4\n1 0 obj <<>> endobj\n% ${crypto.randomUUID()}\ntrailer <<>>\n%%EOF\n`);
const MiB = 1024 * 1024;

const toast = (page: Page, text: string | RegExp) => page.locator("#toasts").getByText(text).first();
const kycRpc = () => rpcClient(mesh.nc, kycContract, 5_000);

async function signedIn(user: PageUser, opts: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const page = await mesh.signIn(browser, user, { viewport: { width: 1280, height: 900 }, ...opts });
  return page;
}

async function phoneShot(page: Page, name: string) {
  await expectNoSidewaysScroll(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, name);
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function profileOf(user: PageUser) {
  return (await mesh.api<{ tier: string; status: string; documents: { type: string; contentType: string }[] }>("GET", "/api/v1/kyc/", user.token)).body;
}

describe("/kyc", () => {
  test("upload an ID and a selfie, replace the ID, submit: under review; an approval arrives live", async () => {
    const ada = await mesh.user({ name: "Ada Documents" });
    const page = await signedIn(ada);
    await page.goto(`${mesh.gatewayUrl}/kyc`);

    await page.getByRole("heading", { name: "Verification tiers" }).waitFor();
    const basicCard = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Basic", exact: true }) });
    await basicCard.getByText("Your tier").waitFor();
    await page.getByRole("heading", { name: "Current status" }).waitFor();
    await page.getByText("Not submitted").waitFor();
    const submit = page.getByRole("button", { name: "Submit for review" });
    expect(await submit.isDisabled()).toBe(true);
    await page.getByText("Upload your ID and a selfie first.").waitFor();
    await expectAccessible(page);
    await screenshot(page, "kyc-basic-desktop");
    await phoneShot(page, "kyc-basic-phone");

    // Step 1: a driver's license.
    await page.getByRole("radio", { name: "Driver's license" }).check();
    await page.getByLabel("Photo or scan of your ID").setInputFiles({ name: "licence.jpg", mimeType: "image/jpeg", buffer: jpeg() });
    await page.getByRole("button", { name: "Upload ID" }).click();
    const steps = page.getByRole("region", { name: "Upgrade to Verified" });
    await steps.getByText("Driver's license uploaded.", { exact: true }).waitFor();
    await toast(page, "Driver's license uploaded.").waitFor();
    expect(await submit.isDisabled()).toBe(true);
    // The choice is locked to the uploaded document; it can be replaced.
    expect(await page.getByRole("radio").count()).toBe(0);

    // Step 2: the selfie.
    await page.getByLabel("Selfie holding your ID").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: png() });
    await page.getByRole("button", { name: "Upload selfie" }).click();
    await steps.getByText("Selfie with your ID uploaded.", { exact: true }).waitFor();

    // Replace the ID before submitting: a PDF scan this time.
    await page.getByLabel("Replace your driver's license").setInputFiles({ name: "licence-scan.pdf", mimeType: "application/pdf", buffer: pdf() });
    await page.getByRole("button", { name: "Replace ID" }).click();
    await page.getByText(/licence-scan\.pdf · PDF/).waitFor();
    expect((await profileOf(ada)).documents.map((d) => `${d.type}:${d.contentType}`).sort()).toEqual(["DRIVERS_LICENSE:application/pdf", "SELFIE:image/png"]);
    await screenshot(page, "kyc-uploaded-desktop");

    await eventually(async () => !(await submit.isDisabled()), { timeoutMs: 5_000, what: "submit enabled" });
    await submit.click();
    await page.getByText("Under review", { exact: true }).waitFor();
    await page.getByText("Under review — usually takes 1–2 business days", { exact: false }).waitFor();
    await page.getByRole("heading", { name: "Review in progress" }).waitFor();
    expect(await page.getByRole("button", { name: "Submit for review" }).count()).toBe(0);
    expect((await profileOf(ada)).status).toBe("PENDING_REVIEW");
    await expectAccessible(page);
    await screenshot(page, "kyc-review-desktop");
    await phoneShot(page, "kyc-review-phone");

    // An admin approves: the page follows without a reload (the live kyc-changed event).
    const { profileId } = (await mesh.api<{ profileId: string }>("GET", "/api/v1/kyc/", ada.token)).body;
    await kycRpc().approve({ profileId, adminId: crypto.randomUUID() });
    await page.getByText("Your identity is fully verified", { exact: false }).waitFor({ timeout: 15_000 });
    await page.getByText(/Verified on \w+ \d{1,2}, \d{4}/).waitFor();
    const verifiedCard = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Verified", exact: true }) });
    await verifiedCard.getByText("Your tier").waitFor();
    await screenshot(page, "kyc-verified-desktop");
    await page.context().close();
  });

  test("a file that is too large or not an image or PDF is refused with a clear message, and nothing is stored", async () => {
    const bo = await mesh.user({ name: "Bo Bigfile" });

    // With JavaScript the size is checked as soon as the file is chosen: 10 MB never leave.
    const page = await signedIn(bo);
    await page.goto(`${mesh.gatewayUrl}/kyc`);
    const uploads: string[] = [];
    page.on("request", (r) => r.url().endsWith("/kyc/documents") && uploads.push(r.method()));
    await page.getByLabel("Photo or scan of your ID").setInputFiles({ name: "huge.jpg", mimeType: "image/jpeg", buffer: jpeg(10 * MiB + 1) });
    await page.getByText("That file is larger than 10 MB.", { exact: false }).waitFor();
    await page.getByRole("button", { name: "Upload ID" }).click();
    await page.waitForTimeout(300);
    expect(uploads).toEqual([]);
    expect(await page.getByLabel("Photo or scan of your ID").getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(page);
    await screenshot(page, "kyc-too-large-desktop");
    // The type is the kyc API's to judge (it reads the bytes): its refusal comes back next to the field.
    await page.getByLabel("Selfie holding your ID").setInputFiles({ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("a text file, not a photo\n") });
    await page.getByRole("button", { name: "Upload selfie" }).click();
    await page.locator("#kyc-selfie-file-error").getByText("Unsupported file type: only JPEG, PNG or PDF files are accepted").waitFor();
    expect(await page.getByLabel("Selfie holding your ID").getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(page);
    await screenshot(page, "kyc-wrong-type-desktop");
    await page.context().close();

    // Without JavaScript: the web service checks the size before passing the file on …
    const plain = await signedIn(bo, { javaScriptEnabled: false });
    await plain.goto(`${mesh.gatewayUrl}/kyc`);
    await plain.getByLabel("Photo or scan of your ID").setInputFiles({ name: "huge.jpg", mimeType: "image/jpeg", buffer: jpeg(10 * MiB + 512) });
    const tooLarge = plain.waitForResponse((r) => r.url().endsWith("/kyc/documents"));
    await plain.getByRole("button", { name: "Upload ID" }).click();
    expect((await tooLarge).status()).toBe(413);
    await plain.getByText("That file is larger than 10 MB.", { exact: false }).waitFor();

    // … and the kyc API reads the type from the bytes: a text file named .jpg is refused, in its words.
    await plain.getByLabel("Selfie holding your ID").setInputFiles({ name: "notes.jpg", mimeType: "image/jpeg", buffer: Buffer.from("just some text, not a photo\n") });
    const wrongType = plain.waitForResponse((r) => r.url().endsWith("/kyc/documents"));
    await plain.getByRole("button", { name: "Upload selfie" }).click();
    expect((await wrongType).status()).toBe(422);
    await plain.getByText("Unsupported file type: only JPEG, PNG or PDF files are accepted").waitFor();
    expect(await plain.getByLabel("Selfie holding your ID").getAttribute("aria-invalid")).toBe("true");

    // No file chosen at all.
    await plain.getByRole("button", { name: "Upload ID" }).click();
    await plain.getByText("Choose a file to upload.").waitFor();

    // Past what the gateway lets through to the page at all: a page that says so, not a problem document.
    await plain.goto(`${mesh.gatewayUrl}/kyc`);
    await plain.getByLabel("Photo or scan of your ID").setInputFiles({ name: "enormous.jpg", mimeType: "image/jpeg", buffer: jpeg(12 * MiB) });
    const refused = plain.waitForResponse((r) => r.url().endsWith("/kyc/documents"));
    await plain.getByRole("button", { name: "Upload ID" }).click();
    expect((await refused).status()).toBe(413);
    await plain.getByRole("heading", { name: "That file is too large" }).waitFor();
    await plain.getByRole("link", { name: "Back to verification" }).click();
    await plain.getByRole("heading", { name: "Current status" }).waitFor();

    expect((await profileOf(bo)).documents).toEqual([]);

    // Only the upload path takes large bodies: any other form keeps the small limit.
    const big = await plain.context().request.post(`${mesh.gatewayUrl}/settings/profile`, {
      form: { name: "x".repeat(100 * 1024) },
      headers: { origin: mesh.gatewayUrl },
      maxRedirects: 0,
    });
    expect(big.status()).toBe(413);
    await plain.context().close();
    // Three 10–12 MB files travel through the browser, the gateway and the web service.
  }, 150_000);

  test("the tier cards show the limits as an admin sets them at run time", async () => {
    const cy = await mesh.user({ name: "Cy Limits" });
    const rpc = kycRpc();
    const before = await rpc.getLimitsTable({});
    const page = await signedIn(cy);
    try {
      await page.goto(`${mesh.gatewayUrl}/kyc`);
      const verified = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Verified", exact: true }) });
      await verified.getByText("$10,000.00").first().waitFor();

      await rpc.setLimits({ tier: "VERIFIED", limits: { ...before.VERIFIED, perTxnCents: 1_234_567, dailyCents: 7_654_321, monthlyCents: 98_765_432 }, adminId: crypto.randomUUID() });
      await page.reload();
      await verified.getByText("$12,345.67").waitFor();
      await verified.getByText("$76,543.21").waitFor();
      await verified.getByText("$987,654.32").waitFor();
      // Cy's own tier's limits are shown as theirs.
      await page.getByRole("heading", { name: "Your active limits" }).waitFor();
    } finally {
      await rpc.setLimits({ tier: "VERIFIED", limits: before.VERIFIED, adminId: crypto.randomUUID() });
      await page.context().close();
    }
  });

  test("an unverified user is told to verify the e-mail first, with the resend form", async () => {
    const dee = await mesh.user({ name: "Dee Unverified", tier: "UNVERIFIED" });
    const page = await signedIn(dee);
    await page.goto(`${mesh.gatewayUrl}/kyc`);
    await page.getByRole("heading", { name: "Verify your e-mail first" }).waitFor();
    const unverifiedCard = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Unverified", exact: true }) });
    await unverifiedCard.getByText("Your tier").waitFor();
    const content = page.locator("#content");
    await content.getByRole("button", { name: "Resend verification email" }).click();
    await toast(page, /Verification email sent|less than a minute ago/).waitFor();
    expect(new URL(page.url()).pathname).toBe("/kyc");
    await expectAccessible(page);
    await screenshot(page, "kyc-unverified-desktop");
    await phoneShot(page, "kyc-unverified-phone");
    await page.context().close();
  });
});

describe("/settings", () => {
  test("change the name and see it in the sidebar; the next tokens carry it", async () => {
    const eve = await mesh.user({ name: "Eve Original" });
    const page = await signedIn(eve);
    await page.goto(`${mesh.gatewayUrl}/settings`);
    await page.getByRole("heading", { name: "Profile" }).waitFor();
    await expectAccessible(page);
    await screenshot(page, "settings-desktop");
    await phoneShot(page, "settings-phone");

    const name = page.getByLabel("Name", { exact: true });
    await name.fill(" ");
    await page.getByRole("button", { name: "Save name" }).click();
    await page.getByText("Enter your name.").waitFor();
    expect(await name.getAttribute("aria-invalid")).toBe("true");

    await name.fill("Eve  Renamed");
    await page.getByRole("button", { name: "Save name" }).click();
    await toast(page, "Name changed to Eve Renamed.").waitFor();
    await page.locator("#sidebar").getByText("Eve Renamed", { exact: true }).waitFor();
    expect((await mesh.api<{ name: string }>("GET", "/api/v1/auth/me", eve.token)).body.name).toBe("Eve Renamed");
    // The session cookie was refreshed: its access token names the new name.
    const access = (await page.context().cookies()).find((c) => c.name === "access_token")!.value;
    expect(JSON.parse(Buffer.from(access.split(".")[1]!, "base64url").toString()).name).toBe("Eve Renamed");
    await page.context().close();
  });

  test("change the password: this browser stays signed in, the others are signed out, and the new one signs in", async () => {
    const fay = await mesh.user({ name: "Fay Password" });
    const elsewhere = await signedIn(fay);
    await elsewhere.goto(`${mesh.gatewayUrl}/dashboard`);
    const page = await signedIn(fay);
    await page.goto(`${mesh.gatewayUrl}/settings`);

    await page.getByLabel("Current password").fill("not-my-passw0rd");
    await page.getByLabel("New password", { exact: true }).fill("brand-new-passw0rd");
    await page.getByLabel("Repeat the new password").fill("brand-new-passw0rd");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("Current password is incorrect").waitFor();
    expect(await page.getByLabel("Current password").getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(page);

    await page.getByLabel("Current password").fill(fay.password);
    await page.getByLabel("New password", { exact: true }).fill("brand-new-passw0rd");
    await page.getByLabel("Repeat the new password").fill("brand-new-passw0rd");
    await page.getByRole("button", { name: "Change password" }).click();
    await toast(page, "Password changed. You've been signed out everywhere else.").waitFor();
    // Still signed in here, after the access token would have to be refreshed too.
    await page.context().clearCookies({ name: "access_token" });
    await page.goto(`${mesh.gatewayUrl}/settings`);
    expect(new URL(page.url()).pathname).toBe("/settings");

    // The other browser's sign-in was revoked: once its access token is gone it is sent to sign in.
    await elsewhere.context().clearCookies({ name: "access_token" });
    await elsewhere.goto(`${mesh.gatewayUrl}/dashboard`);
    expect(new URL(elsewhere.url()).pathname).toBe("/login");
    await elsewhere.getByText("Your session has expired").waitFor();

    // The new password signs in; the old one does not.
    const fresh = await browser.newContext();
    await signInContext(fresh, mesh.gatewayUrl, { email: fay.email, password: "brand-new-passw0rd" });
    await expect(signInContext(fresh, mesh.gatewayUrl, { email: fay.email, password: fay.password })).rejects.toThrow(/sign-in failed/);
    await fresh.close();
    await elsewhere.context().close();
    await page.context().close();
  });

  test("turn e-mail notifications off, with and without JavaScript", async () => {
    const gus = await mesh.user({ name: "Gus Quiet" });
    const prefs = async () => (await mesh.api<{ emailEnabled: boolean }>("GET", "/api/v1/notifications/preferences", gus.token)).body.emailEnabled;
    const page = await signedIn(gus);
    await page.goto(`${mesh.gatewayUrl}/settings`);
    const box = page.getByRole("checkbox", { name: "E-mail me about account activity" });
    expect(await box.isChecked()).toBe(true);
    await box.uncheck();
    await page.getByRole("button", { name: "Save preference" }).click();
    await toast(page, "E-mail notifications are off.").waitFor();
    await page.getByText("Currently: e-mails off").waitFor();
    expect(await prefs()).toBe(false);
    await page.context().close();

    const plain = await signedIn(gus, { javaScriptEnabled: false });
    await plain.goto(`${mesh.gatewayUrl}/settings`);
    const plainBox = plain.getByRole("checkbox", { name: "E-mail me about account activity" });
    expect(await plainBox.isChecked()).toBe(false);
    await plainBox.check();
    await plain.getByRole("button", { name: "Save preference" }).click();
    await plain.getByText("E-mail notifications are on.").waitFor();
    expect(new URL(plain.url()).pathname).toBe("/settings");
    expect(await prefs()).toBe(true);
    await plain.context().close();
  });

  test("webhooks: create with the secret shown once, a signed delivery arrives and is listed, test, redeliver, rotate, delete", async () => {
    const hal = await mesh.user({ name: "Hal Hooks" });
    const payer = await mesh.user({ name: "Ivy Payer", balance: 100_00 });
    const page = await mesh.signIn(browser, hal, { viewport: { width: 1280, height: 900 } });
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: mesh.gatewayUrl });
    await page.goto(`${mesh.gatewayUrl}/settings`);
    await page.getByText("No webhook endpoints").waitFor();
    await page.getByRole("link", { name: "Add endpoint" }).click();
    await page.getByRole("heading", { name: "Add a webhook endpoint" }).waitFor();
    await expectAccessible(page);
    await screenshot(page, "settings-webhook-new-desktop");
    await phoneShot(page, "settings-webhook-new-phone");

    // Refusals next to their fields: nothing chosen, then a destination that may never be called.
    await page.getByLabel("Endpoint URL").fill("http://169.254.169.254/latest/meta-data");
    await page.getByRole("button", { name: "Create endpoint" }).click();
    await page.getByText("Choose at least one event.").waitFor();
    await page.getByRole("checkbox", { name: /^Completed transaction\.completed$/ }).check();
    await page.getByRole("button", { name: "Create endpoint" }).click();
    const urlError = page.locator("#wh-url-error");
    await urlError.waitFor();
    expect(await urlError.textContent()).toMatch(/link-local|metadata/i);
    expect(await page.getByLabel("Endpoint URL").getAttribute("aria-invalid")).toBe("true");
    expect((await mesh.api<unknown[]>("GET", "/api/v1/webhooks/", hal.token)).body).toEqual([]);

    const hookPath = `/hal-${crypto.randomUUID()}`;
    await page.getByLabel("Endpoint URL").fill(`${receiver.url}${hookPath}`);
    await page.getByLabel("Description (optional)").fill("Bookkeeping");
    await page.getByRole("button", { name: "Create endpoint" }).click();
    await page.getByRole("heading", { name: "Your signing secret" }).waitFor();
    await page.getByText("Copy it now: you won't see it again.").waitFor();
    await page.getByRole("button", { name: "Copy" }).click();
    await page.getByRole("button", { name: "Copied" }).waitFor();
    const secret = await page.evaluate<string>("navigator.clipboard.readText()");
    expect(secret).toMatch(/^whsec_/);
    expect(await page.getByRole("textbox", { name: "Signing secret" }).inputValue()).toBe(secret);
    expect(page.url()).not.toContain("reveal=");
    await expectAccessible(page);
    await screenshot(page, "settings-webhook-secret-desktop");
    await phoneShot(page, "settings-webhook-secret-phone");

    // Shown once: the same page again no longer has it.
    await page.reload();
    await page.getByRole("heading", { name: "Deliveries" }).waitFor();
    expect(await page.getByText(secret).count()).toBe(0);
    expect(await page.locator("input[value^=whsec_]").count()).toBe(0);

    // A transfer to Hal: the receiver gets it signed with that secret, and the page lists it.
    const t = await mesh.api("POST", "/api/v1/transactions/transfer", payer.token, { recipientId: hal.id, amount: 12_34 }, { "idempotency-key": crypto.randomUUID() });
    expect(t.status).toBe(201);
    const [first] = await receiver.waitFor(hookPath, 1);
    expect(await verifyStandardWebhook(secret, first!, { nowS: Math.floor(Date.now() / 1000) })).toBe(true);
    expect(JSON.parse(first!.body)).toMatchObject({ type: "transaction.completed", data: { amount: 12_34 } });
    // Listed without a reload: the transfer's notification makes the list look again.
    const deliveries = page.locator("#wh-deliveries");
    await deliveries.getByText("Delivered").first().waitFor({ timeout: 10_000 });
    await deliveries.getByText(/HTTP 200/).first().waitFor();

    // Send a test: a signed ping arrives and is listed.
    await page.getByRole("button", { name: "Send test event" }).click();
    await toast(page, "Test event sent.").waitFor();
    const [, ping] = await receiver.waitFor(hookPath, 2);
    expect(JSON.parse(ping!.body).type).toBe("webhook.ping");
    expect(await verifyStandardWebhook(secret, ping!)).toBe(true);
    await deliveries.getByText("webhook.ping").waitFor();
    await eventually(async () => (await deliveries.getByText("Delivered").count()) === 2, { timeoutMs: 10_000, what: "both delivered" });

    // Redeliver the transfer's: the same webhook-id again.
    const transferRow = deliveries.getByRole("listitem").filter({ hasText: "transaction.completed" });
    await transferRow.getByRole("button", { name: /Redeliver/ }).click();
    await toast(page, "Sent again.").waitFor();
    const [, , again] = await receiver.waitFor(hookPath, 3);
    expect(again!.headers["webhook-id"]).toBe(first!.headers["webhook-id"]);
    await expectAccessible(page);
    await screenshot(page, "settings-webhook-deliveries-desktop");
    await phoneShot(page, "settings-webhook-deliveries-phone");

    // Rotate: a new secret, shown once, which signs from now on.
    await page.getByRole("button", { name: "Rotate secret" }).click();
    await page.getByRole("heading", { name: "Your new signing secret" }).waitFor();
    const rotated = await page.getByRole("textbox", { name: "Signing secret" }).inputValue();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await page.getByRole("button", { name: "Send test event" }).click();
    const [, , , afterRotation] = await receiver.waitFor(hookPath, 4);
    expect(await verifyStandardWebhook(rotated, afterRotation!)).toBe(true);

    // Delete, confirmed in the dialog (opened without its fade, so axe sees its final colours).
    await page.emulateMedia({ reducedMotion: "reduce" });
    await page.getByRole("button", { name: "Delete…" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete this webhook endpoint?" });
    await dialog.waitFor();
    await expectAccessible(page);
    await screenshot(page, "settings-webhook-delete-desktop");
    await dialog.getByRole("link", { name: "Cancel" }).click();
    expect(await dialog.isVisible()).toBe(false);
    await page.getByRole("button", { name: "Delete…" }).click();
    await dialog.getByRole("button", { name: "Delete endpoint" }).click();
    await toast(page, "Webhook endpoint deleted.").waitFor();
    expect(new URL(page.url()).pathname).toBe("/settings");
    await page.getByText("No webhook endpoints").waitFor();
    expect((await mesh.api<unknown[]>("GET", "/api/v1/webhooks/", hal.token)).body).toEqual([]);
    await page.context().close();
  });

  test("without JavaScript: create shows the secret exactly once, and delete asks on a page of its own", async () => {
    const jo = await mesh.user({ name: "Jo Plain" });
    const page = await signedIn(jo, { javaScriptEnabled: false });
    await page.goto(`${mesh.gatewayUrl}/settings/webhooks/new`);
    await page.getByLabel("Endpoint URL").fill(`${receiver.url}/jo-${crypto.randomUUID()}`);
    await page.getByRole("checkbox", { name: /^All events/ }).check();
    await page.getByRole("button", { name: "Create endpoint" }).click();
    await page.getByRole("heading", { name: "Your signing secret" }).waitFor();
    const secret = await page.getByRole("textbox", { name: "Signing secret" }).inputValue();
    expect(secret).toMatch(/^whsec_/);
    // The copy button needs JavaScript; the field can be selected instead.
    expect(await page.getByRole("button", { name: "Copy" }).count()).toBe(0);
    const revealUrl = page.url();
    expect(revealUrl).toContain("reveal=");

    // Reloading, or coming back to the same address, shows it no more.
    await page.reload();
    await page.getByText("This secret can't be shown again").waitFor();
    expect(await page.locator("input[value^=whsec_]").count()).toBe(0);
    await page.goto(revealUrl);
    await page.getByText("This secret can't be shown again").waitFor();

    await page.getByRole("button", { name: "Delete…" }).click();
    await page.getByRole("heading", { name: "Delete this webhook endpoint?" }).waitFor();
    // (No axe or width check here: both run scripts in the page, which this browser does not.)
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "settings-webhook-delete-page-phone");
    await page.getByRole("button", { name: "Delete endpoint" }).click();
    await page.getByText("Webhook endpoint deleted.").waitFor();
    expect((await mesh.api<unknown[]>("GET", "/api/v1/webhooks/", jo.token)).body).toEqual([]);
    await page.context().close();
  });
});
