import type { Child, FC } from "hono/jsx";
import { Banner } from "../components/banner.tsx";
import { Icon } from "../components/icons.tsx";
import { ToastRegion } from "../components/toast.tsx";
import { BellCount, UnreadBadge } from "../components/unread-count.tsx";
import type { KycTier, ShellUser, ToastMessage } from "../types.ts";
import { Document } from "./document.tsx";
import { navItem, USER_NAV } from "./nav.ts";
import { NotificationsPanel, PANEL_ID } from "./notifications-panel.tsx";

export interface AppShellProps {
  /** The sidebar entry to highlight, e.g. "/dashboard". */
  active: string;
  user: ShellUser;
  unreadCount?: number;
  /** Show the amber "verify your e-mail" banner (unverified and not dismissed this session). */
  showVerifyBanner?: boolean;
  /** Show the blue "verify your identity" banner (e-mail verified, KYC tier still UNVERIFIED). */
  showKycBanner?: boolean;
  /** The page path, so no-JavaScript form posts can come back here. */
  currentPath: string;
  /**
   * Where this tab's live connection starts (an id the notifications stream resumes after);
   * without it the page has no live updates.
   */
  liveSince?: string;
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

/** The verification tier: a shield coloured by tier (grey, blue, green) and the tier's name in words. */
const TierShield: FC<{ tier?: KycTier }> = ({ tier }) => (
  <a href="/kyc" class={`kyc-shield tier-${tier ? tier.toLowerCase() : "unknown"}`}>
    <Icon name={tier === "VERIFIED" ? "shieldCheck" : "shield"} />
    <span class="sr-only">Verification tier: </span>
    <span class="kyc-shield-label">{tier ? TIER_LABEL[tier] : "Verification"}</span>
  </a>
);

const Sidebar: FC<{ active: string; user: ShellUser; unreadCount: number }> = ({ active, user, unreadCount }) => (
  <aside class="sidebar" id="sidebar" aria-label="Main">
    <div class="sidebar-head">
      <Brand />
      {/* Without JavaScript the menu opens as the #sidebar target and this link closes it. */}
      <a href="#content" role="button" class="icon-btn sidebar-close" aria-label="Close menu" data-sidebar-close>
        <Icon name="x" />
      </a>
    </div>
    <nav class="nav">
      <ul>
        {USER_NAV.map((item) => (
          <li>
            <a href={item.href} class={`nav-link${item.href === active ? " is-active" : ""}`} aria-current={item.href === active ? "page" : undefined}>
              <Icon name={item.icon} />
              <span class="nav-label">{item.label}</span>
              {item.href === "/notifications" ? <UnreadBadge count={unreadCount} /> : null}
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
          <TierShield tier={user.kycTier} />
        </div>
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

/**
 * The signed-in user app: sidebar (slide-over on small screens), top bar with the bell, banners,
 * content, toasts, and the tab's one live connection. Everything works without JavaScript: the
 * menu opens as a link target, the bell is a link to /notifications, forms post and redirect.
 */
export const AppShell: FC<AppShellProps> = ({ active, user, unreadCount = 0, showVerifyBanner, showKycBanner, currentPath, liveSince, toasts, children }) => {
  const page = navItem(USER_NAV, active);
  const title = page?.title ?? "Mint";
  return (
    <Document title={title} bodyClass="app-body">
      <a href="#content" class="skip-link">
        Skip to content
      </a>
      <div class="app">
        <Sidebar active={active} user={user} unreadCount={unreadCount} />
        <a href="#content" class="sidebar-backdrop" tabindex={-1} aria-hidden="true" data-sidebar-close></a>
        <div class="main">
          <header class="topbar">
            <a href="#sidebar" role="button" class="icon-btn menu-btn" aria-label="Open menu" aria-controls="sidebar" aria-expanded="false" data-sidebar-open>
              <Icon name="menu" />
            </a>
            <div class="topbar-titles">
              <h1 class="topbar-title">{title}</h1>
              {page ? <p class="topbar-subtitle">{page.subtitle}</p> : null}
            </div>
            <a
              href="/notifications"
              class="icon-btn bell"
              aria-haspopup="dialog"
              data-dialog-open={PANEL_ID}
              hx-get="/notifications/panel"
              hx-target="#notifications-panel-list"
              hx-swap="innerHTML"
            >
              <Icon name="bell" />
              <span class="sr-only">Show notifications</span> <BellCount count={unreadCount} />
            </a>
          </header>
          {showVerifyBanner || showKycBanner ? (
            <div class="banners">
              {showVerifyBanner ? (
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
              ) : null}
              {showKycBanner ? (
                <Banner
                  id="verify-identity-banner"
                  tone="info"
                  icon="shield"
                  actions={
                    <a href="/kyc" class="btn btn-sm btn-info">
                      <span class="btn-label">Verify identity</span>
                    </a>
                  }
                >
                  <strong>Verify your identity to unlock transfers, deposits, and higher limits.</strong>
                </Banner>
              ) : null}
            </div>
          ) : null}
          <main id="content" class="content" tabindex={-1}>
            {children}
          </main>
        </div>
      </div>
      <NotificationsPanel unreadCount={unreadCount} currentPath={currentPath} />
      <ToastRegion toasts={toasts} />
      <div id="live-announcer" class="sr-only" role="status"></div>
      {liveSince ? (
        // One server-sent-events connection per tab (htmx's SSE extension): named events refresh
        // page parts (see services/web/domain/live/live-events.ts), other messages swap out of band.
        <div class="live-connection" hidden hx-swap="none" {...{ "hx-sse:connect": `/live?since=${liveSince}`, "hx-sse:close": "session-ended" }}></div>
      ) : null}
    </Document>
  );
};
