import type { Child, FC } from "hono/jsx";
import { Icon } from "../components/icons.tsx";
import { ToastRegion } from "../components/toast.tsx";
import type { ShellUser, ToastMessage } from "../types.ts";
import { Document } from "./document.tsx";
import { ADMIN_NAV, navItem } from "./nav.ts";

export interface AdminShellProps {
  active: string;
  user: ShellUser;
  toasts?: ToastMessage[];
  children?: Child;
}

/** The admin console: header with a working "Log out", navigation, content. */
export const AdminShell: FC<AdminShellProps> = ({ active, user, toasts, children }) => {
  const page = navItem(ADMIN_NAV, active);
  return (
    <Document title={page ? `${page.title} · Admin` : "Admin"} bodyClass="admin-body">
      <a href="#content" class="skip-link">
        Skip to content
      </a>
      <header class="admin-header">
        <button type="button" class="icon-btn menu-btn" aria-label="Open menu" aria-controls="admin-nav" aria-expanded="false" data-sidebar-open>
          <Icon name="menu" />
        </button>
        <a href="/app-admin/dashboard" class="brand brand-light">
          <span class="brand-mark">
            <Icon name="leaf" />
          </span>
          <span class="brand-name">
            Mint <span class="brand-suffix">Admin</span>
          </span>
        </a>
        <div class="admin-header-end">
          <span class="admin-user" title={user.email}>
            <span class="avatar avatar-sm" aria-hidden="true">
              {user.initials}
            </span>
            <span class="admin-user-email">{user.email}</span>
          </span>
          <form method="post" action="/logout">
            <button type="submit" class="btn btn-sm btn-on-dark">
              <Icon name="logout" />
              <span class="btn-label">Log out</span>
            </button>
          </form>
        </div>
      </header>
      <div class="admin">
        <nav class="sidebar admin-nav" id="admin-nav" aria-label="Admin">
          <div class="sidebar-head admin-nav-head">
            <span class="admin-nav-title">Console</span>
            <button type="button" class="icon-btn sidebar-close" aria-label="Close menu" data-sidebar-close>
              <Icon name="x" />
            </button>
          </div>
          <ul class="nav">
            {ADMIN_NAV.map((item) => (
              <li>
                <a href={item.href} class={`nav-link${item.href === active ? " is-active" : ""}`} aria-current={item.href === active ? "page" : undefined}>
                  <Icon name={item.icon} />
                  <span class="nav-label">{item.label}</span>
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="sidebar-backdrop" data-sidebar-close aria-hidden="true"></div>
        <main id="content" class="content admin-content" tabindex={-1}>
          {page ? (
            <header class="page-head">
              <h1 class="page-title">{page.title}</h1>
              <p class="page-subtitle">{page.subtitle}</p>
            </header>
          ) : null}
          {children}
        </main>
      </div>
      <ToastRegion toasts={toasts} />
    </Document>
  );
};
