import type { Child, FC } from "hono/jsx";
import { pendingText } from "../../../services/web/domain/social/social-view.ts";
import { Icon } from "../../components/icons.tsx";

export type SocialTab = "contacts" | "requests" | "splits";

export const SOCIAL_TABS: { tab: SocialTab; label: string }[] = [
  { tab: "contacts", label: "Contacts" },
  { tab: "requests", label: "Requests" },
  { tab: "splits", label: "Bill splits" },
];

export const tabHref = (tab: SocialTab) => `/social?tab=${tab}`;

/**
 * How many requests wait for the viewer's answer, on the Requests tab: its own element, refreshed
 * when a social notification arrives. Empty (and hidden) when none wait or the count is unknown.
 */
export const PendingBadge: FC<{ count: number | null; more?: boolean }> = ({ count, more }) => {
  const text = count === null ? "" : pendingText(count, more);
  // "3 pending": on a phone only the number shows; the word stays for screen readers.
  const [number, ...word] = text.split(" ");
  return (
    <span id="requests-badge" class="social-tab-badge" hidden={text === ""} hx-get="/social/parts/pending-badge" hx-trigger="social-changed from:body" hx-swap="outerHTML">
      {number}
      {word.length ? <span class="social-badge-word"> {word.join(" ")}</span> : null}
    </span>
  );
};

/**
 * The social page: three sections reached by plain links (`?tab=`), so each is a real page that
 * works without JavaScript, can be bookmarked and reached with Back; htmx swaps the section in
 * place and pushes the URL. The current one is marked aria-current="page" (links, not an ARIA
 * tab widget: its arrow-key model needs a script, and these must work without one).
 */
export const SocialPage: FC<{ tab: SocialTab; pending: { count: number | null; more?: boolean }; children?: Child }> = ({ tab, pending, children }) => (
  <div id="social" class="social">
    <nav class="social-tabs" aria-label="Social sections">
      <ul class="social-tab-list">
        {SOCIAL_TABS.map((t) => (
          <li>
            <a
              href={tabHref(t.tab)}
              class={`social-tab${t.tab === tab ? " is-current" : ""}`}
              aria-current={t.tab === tab ? "page" : undefined}
              hx-get={tabHref(t.tab)}
              hx-target="#social"
              hx-swap="outerHTML"
              hx-push-url="true"
              data-social-tab
            >
              <span>{t.label}</span>
              {t.tab === "requests" ? <PendingBadge count={pending.count} more={pending.more} /> : null}
            </a>
          </li>
        ))}
      </ul>
    </nav>
    <div class="social-body">{children}</div>
  </div>
);

/** A form on a page of its own (what a dialog's opener leads to without JavaScript). */
export const SocialFormPage: FC<{ title: string; description: string; back: string; children?: Child }> = ({ title, description, back, children }) => (
  <section class="card social-card social-form-page" aria-labelledby="social-form-title">
    <a href={back} class="card-link social-back">
      <Icon name="chevronLeft" />
      Back to Social
    </a>
    <h2 id="social-form-title" class="card-title">
      {title}
    </h2>
    <p class="card-subtitle">{description}</p>
    <div class="social-form-body">{children}</div>
  </section>
);
