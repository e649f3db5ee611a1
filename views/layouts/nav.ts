import type { IconName } from "../components/icons.tsx";

export interface NavItem {
  href: string;
  label: string;
  icon: IconName;
  /** Top-bar title and subtitle when this page is open. */
  title: string;
  subtitle: string;
}

/** The user app's sidebar, in order. */
export const USER_NAV: readonly NavItem[] = [
  { href: "/dashboard", label: "Dashboard", icon: "grid", title: "Dashboard", subtitle: "Overview of your finances" },
  { href: "/wallet", label: "Wallet", icon: "wallet", title: "Wallet", subtitle: "Manage your balance" },
  { href: "/transactions", label: "Transactions", icon: "arrows", title: "Transactions", subtitle: "Your transaction history" },
  { href: "/analytics", label: "Analytics", icon: "chart", title: "Analytics", subtitle: "Insights & spending patterns" },
  { href: "/social", label: "Social", icon: "users", title: "Social", subtitle: "Send money & split bills" },
  { href: "/notifications", label: "Notifications", icon: "bell", title: "Notifications", subtitle: "Activity & alerts" },
  { href: "/kyc", label: "Verification", icon: "shieldCheck", title: "Identity Verification", subtitle: "Manage your verification tier" },
  { href: "/settings", label: "Settings", icon: "settings", title: "Settings", subtitle: "Profile, security and webhooks" },
];

/** The admin console's navigation, in order. */
export const ADMIN_NAV: readonly NavItem[] = [
  { href: "/app-admin/dashboard", label: "Dashboard", icon: "grid", title: "Dashboard", subtitle: "The platform at a glance, updated live" },
  { href: "/app-admin/users", label: "Users", icon: "users", title: "Users", subtitle: "Find users, freeze wallets, manage roles" },
  { href: "/app-admin/kyc", label: "KYC", icon: "idCard", title: "KYC Review", subtitle: "Identity documents waiting for review" },
  { href: "/app-admin/fraud", label: "Fraud", icon: "shieldAlert", title: "Fraud Review", subtitle: "Transfers held for review, and the sanctions list" },
  { href: "/app-admin/transactions", label: "Transactions", icon: "arrows", title: "Transactions", subtitle: "Search, reverse and complete transactions" },
  { href: "/app-admin/approvals", label: "Approvals", icon: "checkCircle", title: "Approvals", subtitle: "Actions waiting for a second admin (dual control)" },
  { href: "/app-admin/audit", label: "Audit Log", icon: "listCheck", title: "Audit Log", subtitle: "Every administrative action, tamper-evident" },
  { href: "/app-admin/system", label: "System", icon: "sliders", title: "System Limits", subtitle: "Limits of each verification tier" },
];

export const navItem = (items: readonly NavItem[], href: string): NavItem | undefined => items.find((i) => i.href === href);

/** "99+" once the count passes 99; empty when there is nothing unread. */
export function badgeText(count: number): string {
  if (!Number.isFinite(count) || count <= 0) return "";
  return count > 99 ? "99+" : String(Math.floor(count));
}
