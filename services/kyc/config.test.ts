import { describe, expect, test } from "bun:test";
import { loadConfig } from "../../shared/config.ts";
import { kycConfig, resolveKycSettings } from "./config.ts";

const load = (env: Record<string, string>) => loadConfig("kyc", 4004, kycConfig, env);

describe("kyc configuration", () => {
  test("development runs against the dev stack's store with a known webhook key", () => {
    const settings = resolveKycSettings(load({}));
    expect(settings.s3).toMatchObject({ endpoint: "http://127.0.0.1:19000", publicEndpoint: "http://127.0.0.1:19000", region: "us-east-1", bucket: "mint-kyc-docs" });
    expect(settings.webhookSecret.length).toBeGreaterThanOrEqual(16);
  });

  test("production refuses to start without the store's credentials and the webhook secret, naming each", () => {
    expect(() => resolveKycSettings(load({ MINT_ENV: "production", S3_ENDPOINT: "https://s3.example.com" }))).toThrow(
      /S3_ACCESS_KEY: required in production[\s\S]*S3_SECRET_KEY: required in production[\s\S]*KYC_WEBHOOK_SECRET: required in production/,
    );
  });

  test("production with everything set uses exactly what was given", () => {
    const settings = resolveKycSettings(
      load({ MINT_ENV: "production", S3_ENDPOINT: "http://minio:9000", S3_PUBLIC_ENDPOINT: "https://files.example.com", S3_ACCESS_KEY: "ak", S3_SECRET_KEY: "sk", S3_BUCKET: "docs-bucket", KYC_WEBHOOK_SECRET: "a-long-enough-secret" }),
    );
    expect(settings).toEqual({
      s3: { endpoint: "http://minio:9000", publicEndpoint: "https://files.example.com", region: "us-east-1", accessKey: "ak", secretKey: "sk", bucket: "docs-bucket" },
      webhookSecret: "a-long-enough-secret",
    });
  });

  test.each([
    ["KYC_WEBHOOK_SECRET", "short"],
    ["S3_ENDPOINT", "not a url"],
    ["S3_BUCKET", "Bad_Bucket"],
  ])("a bad %s is refused by name", (name, value) => {
    expect(() => load({ [name]: value })).toThrow(name);
  });
});
