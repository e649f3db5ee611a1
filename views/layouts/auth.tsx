import type { Child, FC } from "hono/jsx";
import { Icon } from "../components/icons.tsx";
import { ToastRegion } from "../components/toast.tsx";
import type { ToastMessage } from "../types.ts";
import { Document } from "./document.tsx";

/** The brand panel + card layout of the public pages (sign in, register, password reset…). */
export const AuthLayout: FC<{ title: string; toasts?: ToastMessage[]; children?: Child }> = ({ title, toasts, children }) => (
  <Document title={title} bodyClass="auth-body">
    <div class="auth">
      <aside class="auth-brand">
        <a href="/" class="brand brand-light">
          <span class="brand-mark">
            <Icon name="leaf" />
          </span>
          <span class="brand-name">Mint</span>
        </a>
        <div class="auth-pitch">
          <h2 class="auth-tagline">Your money, your future.</h2>
          <p class="auth-lede">Send, receive and track every dollar in one place — with limits and fraud checks that have your back.</p>
        </div>
        <p class="auth-status">
          <span class="status-dot" aria-hidden="true"></span>All systems operational
        </p>
      </aside>
      <main class="auth-main">
        <a href="/" class="brand auth-mobile-brand">
          <span class="brand-mark">
            <Icon name="leaf" />
          </span>
          <span class="brand-name">Mint</span>
        </a>
        <div class="auth-card">{children}</div>
      </main>
    </div>
    <ToastRegion toasts={toasts} />
  </Document>
);

/** A heading block for an auth card. */
export const AuthHeading: FC<{ title: string; subtitle?: Child }> = ({ title, subtitle }) => (
  <header class="auth-heading">
    <h1>{title}</h1>
    {subtitle ? <p>{subtitle}</p> : null}
  </header>
);
