import { describe, expect, test } from "bun:test";
import { ConfigError, loadConfig } from "../../shared/config.ts";
import { checkFraudConfig, fraudConfig } from "./config.ts";

const load = (env: Record<string, string>) => loadConfig("fraud", 4011, fraudConfig, env);

describe("fraud configuration", () => {
  test("defaults are the documented rules", () => {
    const c = load({});
    expect(c).toMatchObject({
      PORT: 4011,
      FRAUD_BLOCK_THRESHOLD: 100,
      FRAUD_REVIEW_THRESHOLD: 50,
      FRAUD_VELOCITY_MAX: 5,
      FRAUD_VELOCITY_WINDOW_S: 3600,
      FRAUD_DEVIATION_SIGMAS: 3,
      FRAUD_DEVIATION_MIN_SAMPLES: 5,
      FRAUD_NEW_RECIPIENT_CENTS: 20_000,
      FRAUD_NIGHT_CENTS: 50_000,
      FRAUD_NIGHT_FROM_HOUR: 0,
      FRAUD_NIGHT_TO_HOUR: 4,
    });
    expect(() => checkFraudConfig(c)).not.toThrow();
  });

  test("a bad value is refused naming the variable", () => {
    expect(() => load({ FRAUD_VELOCITY_MAX: "five" })).toThrow(/FRAUD_VELOCITY_MAX/);
    expect(() => load({ FRAUD_NIGHT_TO_HOUR: "24" })).toThrow(/FRAUD_NIGHT_TO_HOUR/);
    expect(() => load({ FRAUD_NEW_RECIPIENT_CENTS: "200.5" })).toThrow(/FRAUD_NEW_RECIPIENT_CENTS/);
    expect(() => load({ FRAUD_DEVIATION_SIGMAS: "0" })).toThrow(/FRAUD_DEVIATION_SIGMAS/);
  });

  test("a review threshold above the block threshold is refused", () => {
    const c = load({ FRAUD_BLOCK_THRESHOLD: "40", FRAUD_REVIEW_THRESHOLD: "50" });
    expect(() => checkFraudConfig(c)).toThrow(ConfigError);
    expect(() => checkFraudConfig(c)).toThrow(/FRAUD_REVIEW_THRESHOLD/);
  });
});
