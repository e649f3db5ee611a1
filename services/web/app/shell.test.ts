import { expect, test } from "bun:test";
import { AppShell, type AppShellProps } from "@mint/views/layouts/app-shell.tsx";
import { view as h } from "./render.tsx";
import { shellBanners } from "./shell-data.ts";

const user = { name: "Ada Lovelace", email: "ada@example.com", initials: "AL", emailVerified: true };
const render = (props: Partial<AppShellProps> = {}) => String(h(AppShell, { active: "/wallet", user, currentPath: "/wallet", children: "content", ...props }));

test("banners: e-mail first, then identity; an unknown tier shows neither", () => {
  expect(shellBanners(false, "UNVERIFIED", false)).toEqual({ verifyEmail: true, verifyIdentity: false });
  expect(shellBanners(false, "UNVERIFIED", true)).toEqual({ verifyEmail: false, verifyIdentity: false });
  expect(shellBanners(true, "UNVERIFIED", false)).toEqual({ verifyEmail: false, verifyIdentity: true });
  expect(shellBanners(true, "BASIC", false)).toEqual({ verifyEmail: false, verifyIdentity: false });
  expect(shellBanners(true, undefined, false)).toEqual({ verifyEmail: false, verifyIdentity: false });
});

test("the blue identity banner links to /kyc", () => {
  const html = render({ showKycBanner: true });
  expect(html).toContain('<div id="verify-identity-banner" class="banner banner-info" role="status">');
  expect(html).toContain("Verify your identity to unlock transfers, deposits, and higher limits.");
  expect(html).toContain('<a href="/kyc" class="btn btn-sm btn-info">');
  expect(render()).not.toContain("verify-identity-banner");
});

test("the KYC shield is coloured by tier and names the tier in words", () => {
  const shield = (tier?: "UNVERIFIED" | "BASIC" | "VERIFIED") => /<a href="\/kyc" class="kyc-shield [^"]+">.*?<\/a>/.exec(render({ user: { ...user, kycTier: tier } }))![0];
  expect(shield("VERIFIED")).toContain('class="kyc-shield tier-verified"');
  expect(shield("VERIFIED")).toContain('<span class="sr-only">Verification tier: </span><span class="kyc-shield-label">Verified</span>');
  expect(shield("BASIC")).toContain('class="kyc-shield tier-basic"');
  expect(shield("BASIC")).toContain(">Basic</span>");
  expect(shield("UNVERIFIED")).toContain(">Unverified</span>");
  expect(shield(undefined)).toContain('class="kyc-shield tier-unknown"');
  expect(shield(undefined)).toContain(">Verification</span>");
});

test("the unread count is text everywhere, capped at 99+, hidden at zero", () => {
  const many = render({ unreadCount: 150 });
  expect(many).toContain('<span id="unread-badge" class="badge">99+<span class="sr-only"> unread</span></span>');
  expect(many).toContain('<span id="bell-count" class="bell-count">99+<span class="sr-only"> unread</span></span>');
  expect(many).toContain('<p id="panel-unread" class="slideover-sub">150 unread</p>');
  const none = render({ unreadCount: 0 });
  expect(none).toContain('<span id="unread-badge" class="badge" hidden="">');
  expect(none).toContain("You&#39;re all caught up");
});

test("without JavaScript: the bell is a link to /notifications and the menu a link to the sidebar", () => {
  const html = render();
  expect(html).toMatch(/<a href="\/notifications" class="icon-btn bell" aria-haspopup="dialog" data-dialog-open="notifications-panel" hx-get="\/notifications\/panel"/);
  expect(html).toContain('<a href="#sidebar" role="button" class="icon-btn menu-btn"');
  expect(html).toContain('<dialog id="notifications-panel" class="slideover"');
  expect(html).toContain('<form method="post" action="/notifications/read-all" hx-post="/notifications/read-all"');
  expect(html).toContain('<a href="/notifications" class="btn btn-ghost btn-sm"><span class="btn-label">View all</span>');
});

test("one live connection per page, starting from the page's cursor, closed when the session ends", () => {
  expect(render()).not.toContain("hx-sse:connect");
  const html = render({ liveSince: "0190a5b2-0000-7000-8000-000000000000" });
  expect(html).toContain('hx-sse:connect="/live?since=0190a5b2-0000-7000-8000-000000000000" hx-sse:close="session-ended"');
  expect(html.match(/hx-sse:connect/g)?.length).toBe(1);
  expect(html).toContain('<div id="live-announcer" class="sr-only" role="status"></div>');
});
