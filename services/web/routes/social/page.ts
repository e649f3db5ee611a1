import { Hono } from "hono";
import { ContactsPanel } from "@mint/views/pages/social/contacts.tsx";
import { PendingBadge, SocialPage, type SocialTab } from "@mint/views/pages/social/page.tsx";
import { RequestsPanel, RequestsPart, type RequestLists } from "@mint/views/pages/social/requests.tsx";
import { SplitsPanel, SplitsPart } from "@mint/views/pages/social/splits.tsx";
import type { C, WebEnv } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { view as h } from "../../app/render.tsx";
import type { SignedIn } from "../../app/session.ts";
import { paymentInFlight } from "../../domain/social/social-view.ts";
import { newSplitDraft } from "../../domain/social/split-form.ts";
import { moneyFormCacheHeaders } from "../wallet/money-action.ts";
import { timeZone } from "./common.ts";

const TABS: readonly SocialTab[] = ["contacts", "requests", "splits"];
export const tabOf = (value: string | undefined): SocialTab => (TABS.includes(value as SocialTab) ? (value as SocialTab) : "contacts");

/** Requests are listed 50 at a time per direction; the pending count looks at up to 100. */
const LIST_LIMIT = 50;
const PENDING_LIMIT = 100;

export function loaders(kit: Kit) {
  const social = kit.clients.social;
  return {
    /** How many requests wait for the viewer's answer (null when unknown). */
    async pending(c: C, s: SignedIn): Promise<{ count: number | null; more?: boolean }> {
      const r = await social.requests(c.get("meta"), s.accessToken, { direction: "incoming", status: "PENDING", limit: PENDING_LIMIT });
      return r.ok ? { count: r.data.items.length, more: r.data.nextCursor !== null } : { count: null };
    },
    async requestLists(c: C, s: SignedIn): Promise<RequestLists | null> {
      const meta = c.get("meta");
      const [incoming, outgoing, pending] = await Promise.all([
        social.requests(meta, s.accessToken, { direction: "incoming", limit: LIST_LIMIT }),
        social.requests(meta, s.accessToken, { direction: "outgoing", limit: LIST_LIMIT }),
        social.requests(meta, s.accessToken, { direction: "incoming", status: "PENDING", limit: PENDING_LIMIT }),
      ]);
      if (!incoming.ok || !outgoing.ok) return null;
      const pendingCount = pending.ok ? pending.data.items.length : incoming.data.items.filter((r) => r.status === "PENDING").length;
      const watchPayment = paymentInFlight([...incoming.data.items, ...outgoing.data.items], new Date());
      return { incoming: incoming.data.items, outgoing: outgoing.data.items, pendingCount, watchPayment };
    },
    async contacts(c: C, s: SignedIn) {
      const r = await social.contacts(c.get("meta"), s.accessToken);
      return r.ok ? r.data.items : null;
    },
    async splits(c: C, s: SignedIn) {
      const r = await social.splits(c.get("meta"), s.accessToken, LIST_LIMIT);
      return r.ok ? r.data.items : null;
    },
  };
}

/** /social?tab=contacts|requests|splits, and the parts that refresh live. */
export function socialTabs(kit: Kit) {
  const app = new Hono<WebEnv>();
  const load = loaders(kit);

  app.get(
    "/",
    kit.userPage("/social", async (c, s) => {
      const tab = tabOf(c.req.query("tab"));
      const tz = timeZone(c);
      const me = { id: s.user.id, name: s.user.name, email: s.user.email };
      // Personal, and changing while it is open: kept out of shared caches and revalidated on every visit.
      moneyFormCacheHeaders(c);
      if (tab === "contacts") {
        const [contacts, pending] = await Promise.all([load.contacts(c, s), load.pending(c, s)]);
        return h(SocialPage, { tab, pending, children: h(ContactsPanel, { contacts, tz, addContact: { inDialog: true, search: { q: "", matches: [] } } }) });
      }
      if (tab === "requests") {
        const lists = await load.requestLists(c, s);
        const pending = lists ? { count: lists.pendingCount } : { count: null };
        return h(SocialPage, { tab, pending, children: h(RequestsPanel, { lists, tz, form: { inDialog: true, search: { q: "", matches: [] } } }) });
      }
      const [splits, pending] = await Promise.all([load.splits(c, s), load.pending(c, s)]);
      return h(SocialPage, {
        tab,
        pending,
        children: h(SplitsPanel, { splits, viewerId: s.user.id, tz, form: { inDialog: true, viewerId: s.user.id, draft: newSplitDraft(me), search: { q: "", matches: [] } } }),
      });
    }),
  );

  app.get(
    "/parts/requests",
    kit.userAction(async (c, s) => c.html(h(RequestsPart, { lists: await load.requestLists(c, s), tz: timeZone(c) }))),
  );
  app.get(
    "/parts/splits",
    kit.userAction(async (c, s) => c.html(h(SplitsPart, { splits: await load.splits(c, s), viewerId: s.user.id, tz: timeZone(c) }))),
  );
  app.get(
    "/parts/pending-badge",
    kit.userAction(async (c, s) => c.html(h(PendingBadge, await load.pending(c, s)))),
  );
  return app;
}
