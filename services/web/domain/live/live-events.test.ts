import { expect, test } from "bun:test";
import { consumption } from "../../../../proto-like-schemas/consumption.ts";
import { LIVE_EVENTS, liveEventsFor, liveEventsForAll } from "./live-events.ts";

test("money moving refreshes the wallet and the transactions; spending refreshes analytics", () => {
  expect(liveEventsFor("transaction.completed")).toEqual(["wallet-changed", "transactions-changed", "analytics-changed", "notifications-changed"]);
  expect(liveEventsFor("transaction.reversed")).toEqual(["wallet-changed", "transactions-changed", "analytics-changed", "notifications-changed"]);
  // A top-up is not spending.
  expect(liveEventsFor("transaction.topup_completed")).toEqual(["wallet-changed", "transactions-changed", "notifications-changed"]);
  for (const type of ["transaction.held", "transaction.failed", "transaction.cancelled", "transaction.fraud_blocked"]) {
    expect(liveEventsFor(type)).toEqual(["wallet-changed", "transactions-changed", "notifications-changed"]);
  }
  expect(liveEventsFor("wallet.frozen")).toEqual(["wallet-changed", "notifications-changed"]);
  expect(liveEventsFor("wallet.unfrozen")).toEqual(["wallet-changed", "notifications-changed"]);
});

test("social, verification and budget notifications refresh their own pages", () => {
  expect(liveEventsFor("social.money_request_sent")).toEqual(["social-changed", "notifications-changed"]);
  expect(liveEventsFor("social.split_created")).toEqual(["social-changed", "notifications-changed"]);
  expect(liveEventsFor("social.money_request_paid")).toEqual(["wallet-changed", "transactions-changed", "social-changed", "notifications-changed"]);
  expect(liveEventsFor("social.split_payment_recorded")).toEqual(["wallet-changed", "transactions-changed", "social-changed", "notifications-changed"]);
  expect(liveEventsFor("kyc.tier_upgraded")).toEqual(["kyc-changed", "notifications-changed"]);
  expect(liveEventsFor("kyc.verification_failed")).toEqual(["kyc-changed", "notifications-changed"]);
  expect(liveEventsFor("analytics.budget_warning")).toEqual(["analytics-changed", "notifications-changed"]);
  expect(liveEventsFor("analytics.budget_exceeded")).toEqual(["analytics-changed", "notifications-changed"]);
});

test("account notices and unknown types only change the notifications", () => {
  for (const type of ["auth.user_registered", "auth.password_changed", "webhook.endpoint_disabled", "something.new", "", "nodot"]) {
    expect(liveEventsFor(type)).toEqual(["notifications-changed"]);
  }
});

test("every notification type the service produces maps to known events, notifications-changed last", () => {
  for (const type of [...consumption.notifications, "transaction.topup_completed"]) {
    const events = liveEventsFor(type);
    expect(events.at(-1)).toBe("notifications-changed");
    expect(new Set(events).size).toBe(events.length);
    for (const e of events) expect(LIVE_EVENTS).toContain(e);
  }
});

test("a batch sends each event once, in contract order", () => {
  expect(liveEventsForAll(["kyc.tier_upgraded", "transaction.completed", "transaction.completed", "social.money_request_sent"])).toEqual([
    "wallet-changed",
    "transactions-changed",
    "social-changed",
    "kyc-changed",
    "analytics-changed",
    "notifications-changed",
  ]);
  expect(liveEventsForAll([])).toEqual([]);
});
