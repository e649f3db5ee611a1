import type { Child, FC } from "hono/jsx";
import { Banner } from "../components/banner.tsx";
import { Icon } from "../components/icons.tsx";
import { ToastRegion } from "../components/toast.tsx";
import type { KycTier, ShellUser, ToastMessage } from "../types.ts";
import { Document } from "./document.tsx";
import { badgeText, navItem, USER_NAV } from "./nav.ts";

export interface AppShellProps {
  /** The sidebar entry to highlight, e.g. "/dashboard". */
  active: string;
  user: ShellUser;
  unreadCount?: number;
  /** Show the amber "verify your e-mail" banner (unverified and not dismissed this session). */
  showVerifyBanner?: boolean;
  /** The page path, so no-JavaScript form posts can come back here. */
  currentPath: string;
  toasts?: ToastMessage[];
  children?: Child;
}

const TIER_LABEL: Record<KycTier, string> = { UNVERIFIED: "Unverified", BASIC: "Basic", VERIFIED: "Verified" };

const Brand: FC = () => (
  <a href="/dashboard" class="brand">
    <span class="brand-mark">
      <Icon name="leaf" />
    </span>
    <span class="brand-name">Mint</span>
  </a>
);

const Sidebar: FC<{ active: string; user: ShellUser; unreadCount: number }> = ({ active, user, unreadCount }) => {
  const badge = badgeText(unreadCount);
  const tier = user.kycTier;
  return (
    <aside class="sidebar" id="sidebar" aria-label="Main">
      <div class="sidebar-head">
        <Brand />
        <button type="button" class="icon-btn sidebar-close" aria-label="Close menu" data-sidebar-close>
          <Icon name="x" />
        </button>
      </div>
      <nav class="nav">
        <ul>
          {USER_NAV.map((item) => (
            <li>
              <a href={item.href} class={`nav-link${item.href === active ? " is-active" : ""}`} aria-current={item.href === active ? "page" : undefined}>
                <Icon name={item.icon} />
                <span class="nav-label">{item.label}</span>
                {item.href === "/notifications" ? (
                  <span id="unread-badge" class="badge" hidden={badge === ""} aria-label={badge ? `${badge} unread` : undefined}>
                    {badge}
                  </span>
                ) : null}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="sidebar-foot">
        <div class="user-card">
          <span class="avatar" aria-hidden="true">
            {user.initials}
          </span>
          <div class="user-meta">
            <p class="user-name">{user.name || user.email}</p>
            <p class="user-email">{user.email}</p>
          </div>
          <a
            href="/kyc"
            class={`kyc-shield tier-${tier ? tier.toLowerCase() : "unknown"}`}
            title={tier ? `Verification: ${TIER_LABEL[tier]}` : "Identity verification"}
          >
            <Icon name="shieldCheck" label={tier ? `Verification: ${TIER_LABEL[tier]}` : "Identity verification"} />
          </a>
        </div>
        <form method="post" action="/logout">
          <button type="submit" class="btn btn-ghost btn-block signout">
            <Icon name="logout" />
            <span class="btn-label">Sign out</span>
          </button>
        </form>
      </div>
    </aside>
  );
};

/** The signed-in user app: sidebar (slide-over on small screens), top bar, banners, content. */
export const AppShell: FC<AppShellProps> = ({ active, user, unreadCount = 0, showVerifyBanner, currentPath, toasts, children }) => {
  const page = navItem(USER_NAV, active);
  const title = page?.title ?? "Mint";
  return (
    <Document title={title} bodyClass="app-body">
      <a href="#content" class="skip-link">
        Skip to content
      </a>
      <div class="app">
        <Sidebar active={active} user={user} unreadCount={unreadCount} />
        <div class="sidebar-backdrop" data-sidebar-close aria-hidden="true"></div>
        <div class="main">
          <header class="topbar">
            <button type="button" class="icon-btn menu-btn" aria-label="Open menu" aria-controls="sidebar" aria-expanded="false" data-sidebar-open>
              <Icon name="menu" />
            </button>
            <div class="topbar-titles">
              <h1 class="topbar-title">{title}</h1>
              {page ? <p class="topbar-subtitle">{page.subtitle}</p> : null}
            </div>
            <a href="/notifications" class="icon-btn bell" aria-label="Notifications">
              <Icon name="bell" />
              <span class="bell-dot" hidden={unreadCount <= 0} aria-hidden="true"></span>
            </a>
          </header>
          {showVerifyBanner ? (
            <div class="banners">
              <Banner
                id="verify-email-banner"
                tone="warning"
                dismissAction="/banners/verify-email/dismiss"
                actions={
                  <form method="post" action="/resend-verification" hx-post="/resend-verification" hx-target="#toasts" hx-swap="beforeend" hx-disable="find button">
                    <input type="hidden" name="return_to" value={currentPath} />
                    <button type="submit" class="btn btn-sm btn-warning">
                      <span class="btn-spinner" aria-hidden="true"></span>
                      <span class="btn-label">Resend verification email</span>
                    </button>
                  </form>
                }
              >
                <strong>Please verify your email address.</strong> We sent a link to {user.email}; verifying unlocks the Basic tier.
              </Banner>
            </div>
          ) : null}
          <main id="content" class="content" tabindex={-1}>
            {children}
          </main>
        </div>
      </div>
      <ToastRegion toasts={toasts} />
    </Document>
  );
};
