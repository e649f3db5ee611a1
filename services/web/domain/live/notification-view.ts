import { isUuid } from "../../../../shared/ids.ts";
import { isValidTimeZone } from "../page/greeting.ts";

/**
 * How a notification is shown: its category chip, where clicking it goes, and when it happened
 * in words. Rules by type (the notifications service stores the event type, or a derived one
 * such as transaction.topup_completed):
 *   transaction.*  "Transaction"  the transaction's detail (/transactions/<id>) when the data names
 *                                 it, else /transactions
 *   wallet.*       "Wallet"       /transactions
 *   *money_request* "Request"     /social?tab=requests
 *   *split*        "Bill Split"   /social?tab=splits
 *   social.*       "Social"       /social
 *   kyc.*          "Verification" /kyc
 *   analytics.*    "Budget"       /analytics
 *   webhook.*      "Webhooks"     /settings (where endpoints are managed)
 *   auth.*         "Account"      /notifications
 *   anything else  "System"       /notifications
 */
export type NotificationCategory = "transaction" | "wallet" | "request" | "split" | "social" | "verification" | "budget" | "webhooks" | "account" | "system";

const LABELS: Record<NotificationCategory, string> = {
  transaction: "Transaction",
  wallet: "Wallet",
  request: "Request",
  split: "Bill Split",
  social: "Social",
  verification: "Verification",
  budget: "Budget",
  webhooks: "Webhooks",
  account: "Account",
  system: "System",
};

export function notificationCategory(type: string): NotificationCategory {
  const domain = type.split(".", 1)[0];
  if (domain === "transaction") return "transaction";
  if (domain === "wallet") return "wallet";
  if (type.includes("money_request")) return "request";
  if (type.includes("split")) return "split";
  if (domain === "social") return "social";
  if (domain === "kyc") return "verification";
  if (domain === "analytics") return "budget";
  if (domain === "webhook") return "webhooks";
  if (domain === "auth") return "account";
  return "system";
}

export const categoryLabel = (category: NotificationCategory): string => LABELS[category];

/** Where a notification leads: a path on this site, never built from anything but a checked id. */
export function notificationHref(type: string, data: Record<string, unknown> | null | undefined): string {
  switch (notificationCategory(type)) {
    case "transaction": {
      const id = data?.transactionId;
      return typeof id === "string" && isUuid(id) ? `/transactions/${id.toLowerCase()}` : "/transactions";
    }
    case "wallet":
      return "/transactions";
    case "request":
      return "/social?tab=requests";
    case "split":
      return "/social?tab=splits";
    case "social":
      return "/social";
    case "verification":
      return "/kyc";
    case "budget":
      return "/analytics";
    case "webhooks":
      return "/settings";
    default:
      return "/notifications";
  }
}

export type DayGroup = "Today" | "Yesterday" | "Earlier";
export const DAY_GROUPS: readonly DayGroup[] = ["Today", "Yesterday", "Earlier"];

const zoneOf = (tz: string | undefined) => (isValidTimeZone(tz) ? tz : "UTC");

/** The calendar day of `at` in `tz`, as YYYY-MM-DD (comparable as text). */
function dayIn(at: Date, tz: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** Today / Yesterday / Earlier, by the calendar of the user's time zone (UTC when unknown). */
export function dayGroup(at: Date, now: Date, tz: string | undefined): DayGroup {
  const zone = zoneOf(tz);
  const day = dayIn(at, zone);
  const today = dayIn(now, zone);
  if (day >= today) return "Today";
  // Noon-to-noon steps keep daylight-saving days (23 or 25 hours) on the right date.
  const yesterday = dayIn(new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000), "UTC");
  return day === yesterday ? "Yesterday" : "Earlier";
}

/** Items in their day groups, keeping their order (newest first); empty groups are left out. */
export function groupByDay<T>(items: readonly T[], at: (item: T) => Date, now: Date, tz: string | undefined): { group: DayGroup; items: T[] }[] {
  const groups = new Map<DayGroup, T[]>(DAY_GROUPS.map((g) => [g, []]));
  for (const item of items) groups.get(dayGroup(at(item), now, tz))!.push(item);
  return DAY_GROUPS.map((group) => ({ group, items: groups.get(group)! })).filter((g) => g.items.length > 0);
}

const relative = new Intl.RelativeTimeFormat("en", { numeric: "always" });

/** "just now", "3 minutes ago", "2 hours ago", "yesterday", "4 days ago", then the date ("Mar 3"). */
export function relativeTime(at: Date, now: Date, tz: string | undefined): string {
  const seconds = Math.round((now.getTime() - at.getTime()) / 1000);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return relative.format(-minutes, "minute");
  const hours = Math.round(minutes / 60);
  if (hours < 24 && dayGroup(at, now, tz) === "Today") return relative.format(-hours, "hour");
  const zone = zoneOf(tz);
  const days = Math.round((Date.parse(dayIn(now, zone)) - Date.parse(dayIn(at, zone))) / 86_400_000);
  if (days <= 1) return "yesterday";
  if (days < 7) return relative.format(-days, "day");
  const sameYear = new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric" }).format(at) === new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric" }).format(now);
  return new Intl.DateTimeFormat("en-US", { timeZone: zone, month: "short", day: "numeric", ...(sameYear ? {} : { year: "numeric" }) }).format(at);
}

/** The clock time in the user's zone ("4:05 PM"), with the date for anything before yesterday. */
export function clockTime(at: Date, now: Date, tz: string | undefined): string {
  const zone = zoneOf(tz);
  const time = new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", minute: "2-digit" }).format(at);
  if (dayGroup(at, now, tz) !== "Earlier") return time;
  const date = new Intl.DateTimeFormat("en-US", { timeZone: zone, month: "short", day: "numeric", year: "numeric" }).format(at);
  return `${date} · ${time}`;
}

/** A notification ready for the views (see views/components/notification-item.tsx). */
export interface NotificationItem {
  id: string;
  title: string;
  body: string;
  unread: boolean;
  category: NotificationCategory;
  categoryLabel: string;
  href: string;
  at: string;
  when: string;
}

/**
 * The item the views show for a notification: `relative` time for the slide-over ("3 minutes
 * ago"), `clock` time for the feed, whose day groups already say which day.
 */
export function notificationItem(
  n: { id: string; type: string; title: string; body: string; data: Record<string, unknown> | null; read: boolean; createdAt: string },
  now: Date,
  tz: string | undefined,
  style: "relative" | "clock",
): NotificationItem {
  const category = notificationCategory(n.type);
  const at = new Date(n.createdAt);
  const valid = !Number.isNaN(at.getTime());
  return {
    id: n.id,
    title: n.title,
    body: n.body,
    unread: !n.read,
    category,
    categoryLabel: categoryLabel(category),
    href: notificationHref(n.type, n.data),
    at: valid ? at.toISOString() : n.createdAt,
    when: !valid ? "" : style === "relative" ? relativeTime(at, now, tz) : clockTime(at, now, tz),
  };
}
