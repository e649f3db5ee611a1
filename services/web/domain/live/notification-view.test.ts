import { expect, test } from "bun:test";
import { categoryLabel, clockTime, dayGroup, groupByDay, notificationCategory, notificationHref, notificationItem, relativeTime } from "./notification-view.ts";

test("category chips and links by type", () => {
  const txn = "0190a5b2-1c2d-7e3f-8a4b-5c6d7e8f9a0b";
  const cases: [string, Record<string, unknown> | null, string, string][] = [
    ["transaction.completed", { transactionId: txn }, "Transaction", `/transactions/${txn}`],
    ["transaction.topup_completed", { transactionId: txn.toUpperCase() }, "Transaction", `/transactions/${txn}`],
    ["transaction.held", null, "Transaction", "/transactions"],
    ["transaction.failed", { transactionId: "../../admin" }, "Transaction", "/transactions"],
    ["wallet.frozen", { walletId: txn }, "Wallet", "/transactions"],
    ["social.money_request_sent", { requestId: txn }, "Request", "/social?tab=requests"],
    ["social.money_request_paid", { transactionId: txn }, "Request", "/social?tab=requests"],
    ["social.split_created", { splitId: txn }, "Bill Split", "/social?tab=splits"],
    ["social.split_payment_recorded", null, "Bill Split", "/social?tab=splits"],
    ["social.contact_added", null, "Social", "/social"],
    ["kyc.tier_upgraded", null, "Verification", "/kyc"],
    ["kyc.verification_failed", { reason: "blurry" }, "Verification", "/kyc"],
    ["analytics.budget_warning", null, "Budget", "/analytics"],
    ["webhook.endpoint_disabled", null, "Webhooks", "/settings"],
    ["auth.user_registered", null, "Account", "/notifications"],
    ["something.else", null, "System", "/notifications"],
  ];
  for (const [type, data, label, href] of cases) {
    expect([type, categoryLabel(notificationCategory(type))]).toEqual([type, label]);
    expect([type, notificationHref(type, data)]).toEqual([type, href]);
  }
});

test("day groups follow the user's calendar, not UTC's", () => {
  const now = new Date("2025-03-10T02:30:00Z"); // 21:30 on 9 March in New York
  expect(dayGroup(new Date("2025-03-10T01:00:00Z"), now, "America/New_York")).toBe("Today");
  expect(dayGroup(new Date("2025-03-09T03:00:00Z"), now, "America/New_York")).toBe("Yesterday"); // 22:00 on 8 March in New York
  expect(dayGroup(new Date("2025-03-09T03:00:00Z"), now, "UTC")).toBe("Yesterday");
  expect(dayGroup(new Date("2025-03-09T12:00:00Z"), now, "America/New_York")).toBe("Today");
  expect(dayGroup(new Date("2025-03-09T12:00:00Z"), now, "UTC")).toBe("Yesterday");
  expect(dayGroup(new Date("2025-03-07T12:00:00Z"), now, "UTC")).toBe("Earlier");
  // An unknown zone is UTC.
  expect(dayGroup(new Date("2025-03-09T12:00:00Z"), now, "Mars/Olympus")).toBe("Yesterday");
  // Across a daylight-saving change (New York moved its clocks on 9 March 2025).
  const afterDst = new Date("2025-03-10T16:00:00Z");
  expect(dayGroup(new Date("2025-03-09T05:30:00Z"), afterDst, "America/New_York")).toBe("Yesterday");
  expect(dayGroup(new Date("2025-03-09T04:30:00Z"), afterDst, "America/New_York")).toBe("Earlier");
});

test("grouping keeps order and drops empty groups", () => {
  const now = new Date("2025-03-10T12:00:00Z");
  const items = ["2025-03-10T11:00:00Z", "2025-03-10T01:00:00Z", "2025-03-01T00:00:00Z"].map((at) => ({ at: new Date(at) }));
  expect(groupByDay(items, (i) => i.at, now, "UTC")).toEqual([
    { group: "Today", items: [items[0]!, items[1]!] },
    { group: "Earlier", items: [items[2]!] },
  ]);
  expect(groupByDay([], (i: { at: Date }) => i.at, now, "UTC")).toEqual([]);
});

test("relative times in words, then dates", () => {
  const now = new Date("2025-03-10T12:00:00Z");
  const ago = (ms: number) => relativeTime(new Date(now.getTime() - ms), now, "UTC");
  expect(ago(5_000)).toBe("just now");
  expect(ago(-3_000)).toBe("just now");
  expect(ago(60_000)).toBe("1 minute ago");
  expect(ago(3 * 60_000)).toBe("3 minutes ago");
  expect(ago(2 * 3_600_000)).toBe("2 hours ago");
  expect(ago(13 * 3_600_000)).toBe("yesterday");
  expect(ago(50 * 3_600_000)).toBe("2 days ago");
  expect(ago(6 * 86_400_000)).toBe("6 days ago");
  expect(ago(9 * 86_400_000)).toBe("Mar 1");
  expect(relativeTime(new Date("2024-12-30T12:00:00Z"), now, "UTC")).toBe("Dec 30, 2024");
});

test("clock times in the user's zone, with the date before yesterday", () => {
  const now = new Date("2025-03-10T12:00:00Z");
  expect(clockTime(new Date("2025-03-10T09:05:00Z"), now, "UTC")).toBe("9:05 AM");
  expect(clockTime(new Date("2025-03-10T09:05:00Z"), now, "Europe/Paris")).toBe("10:05 AM");
  expect(clockTime(new Date("2025-03-01T21:30:00Z"), now, "UTC")).toBe("Mar 1, 2025 · 9:30 PM");
});

test("an item for the views: words, link and time from the notification", () => {
  const now = new Date("2025-03-10T12:00:00Z");
  const n = { id: "0190a5b2-1c2d-7e3f-8a4b-5c6d7e8f9a0b", type: "social.split_created", title: "Added to Bill Split", body: "“Dinner” ($90.00)", data: { splitId: "x" }, read: false, createdAt: "2025-03-10T11:57:00.000Z" };
  expect(notificationItem(n, now, "UTC", "relative")).toEqual({
    id: n.id,
    title: "Added to Bill Split",
    body: "“Dinner” ($90.00)",
    unread: true,
    category: "split",
    categoryLabel: "Bill Split",
    href: "/social?tab=splits",
    at: "2025-03-10T11:57:00.000Z",
    when: "3 minutes ago",
  });
  expect(notificationItem({ ...n, read: true }, now, "UTC", "clock")).toMatchObject({ unread: false, when: "11:57 AM" });
  expect(notificationItem({ ...n, createdAt: "garbage" }, now, "UTC", "clock").when).toBe("");
});
