import { describe, expect, test } from "bun:test";
import { loadConfig } from "../../shared/config.ts";
import { resolveWebhookSettings, webhookConfig } from "./config.ts";

const load = (env: Record<string, string>) => loadConfig("webhook", 4008, webhookConfig, env);

describe("webhook configuration", () => {
  test("development gets a default key and refuses private targets unless asked", () => {
    const settings = resolveWebhookSettings(load({}));
    expect(settings.secretKey.length).toBeGreaterThanOrEqual(32);
    expect(settings.allowPrivateTargets).toBe(false);
    expect(resolveWebhookSettings(load({ WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" })).allowPrivateTargets).toBe(true);
    expect(load({}).WEBHOOK_DELIVERY_TIMEOUT_MS).toBe(15_000);
  });

  test("production needs a real key and never allows private targets", () => {
    expect(() => resolveWebhookSettings(load({ MINT_ENV: "production" }))).toThrow(/WEBHOOK_SECRET_KEY: required in production/);
    const key = "k".repeat(40);
    expect(resolveWebhookSettings(load({ MINT_ENV: "production", WEBHOOK_SECRET_KEY: key })).secretKey).toBe(key);
    expect(() => resolveWebhookSettings(load({ MINT_ENV: "production", WEBHOOK_SECRET_KEY: key, WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" }))).toThrow(/WEBHOOK_ALLOW_PRIVATE_TARGETS/);
  });

  test("bad values name the variable", () => {
    expect(() => load({ WEBHOOK_SECRET_KEY: "short" })).toThrow(/WEBHOOK_SECRET_KEY/);
    expect(() => load({ WEBHOOK_ALLOW_PRIVATE_TARGETS: "maybe" })).toThrow(/WEBHOOK_ALLOW_PRIVATE_TARGETS/);
    expect(() => load({ WEBHOOK_DELIVERY_TIMEOUT_MS: "0" })).toThrow(/WEBHOOK_DELIVERY_TIMEOUT_MS/);
  });
});
