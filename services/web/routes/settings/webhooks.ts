import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { html } from "hono/html";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ToastsOob } from "@mint/views/components/toast.tsx";
import { DeleteConfirmPage, Deliveries, type DeliveriesProps, type SecretNotice, WebhookDetail } from "@mint/views/pages/settings/webhook-detail.tsx";
import { WebhookForm, WebhookFormPage, type WebhookFormProps, WebhookList } from "@mint/views/pages/settings/webhooks.tsx";
import type { ToastMessage } from "@mint/views/types.ts";
import type { C, WebEnv } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { view as h } from "../../app/render.tsx";
import { isHtmx, redirect } from "../../app/respond.ts";
import type { SignedIn } from "../../app/session.ts";
import { dateTime, zoneOrUtc } from "../../domain/transactions/days.ts";
import { problemMessage } from "../../domain/page/problem.ts";
import { openReveal, type Reveal, REVEAL_TTL_S, sealReveal } from "../../domain/account/secret-reveal.ts";
import { eventGroups, readWebhookForm, webhookFormValues, webhookProblemErrors } from "../../domain/account/webhook-form.ts";
import { deliveryView, endpointView } from "../../domain/account/webhook-view.ts";

const TZ_COOKIE = "mint_tz";
const PAGE_SIZE = 20;
const CURSOR = /^[0-9a-fA-F-]{36}$/;

const tzOf = (c: C) => zoneOrUtc(getCookie(c, TZ_COOKIE));
const endpointPath = (id: string) => `/settings/webhooks/${encodeURIComponent(id)}`;

/** The webhook section of /settings: the caller's endpoints, or a note that they can't be read now. */
export async function loadWebhookList(kit: Kit, c: C, s: SignedIn) {
  const r = await kit.clients.webhooks.list(c.get("meta"), s.accessToken);
  const tz = tzOf(c);
  return h(WebhookList, { endpoints: r.ok ? r.data.map((e) => endpointView(e, tz)) : undefined });
}

/**
 * Webhook endpoints: create, look at one (its secret right after it was issued, its deliveries),
 * send a test, redeliver, rotate the secret, delete. Every action is a real form that posts and
 * redirects; htmx answers test and redeliver in place.
 *
 * A secret is shown once: see domain/account/secret-reveal.ts. The create and rotate actions seal it into
 * a cookie only the webhook pages receive and redirect to the endpoint's page with the key; that
 * page opens it, deletes the cookie, and shows it with no-store caching and no referrer.
 */
export function webhookPages(kit: Kit) {
  const { clients, secureCookies } = kit;
  const app = new Hono<WebEnv>();
  const revealCookie = secureCookies ? "__Secure-mint_reveal" : "mint_reveal";
  const cookieOptions = { path: "/settings/webhooks", httpOnly: true, sameSite: "Strict" as const, secure: secureCookies };

  async function revealThen(c: C, reveal: Reveal) {
    const { key, sealed } = await sealReveal(reveal);
    setCookie(c, revealCookie, sealed, { ...cookieOptions, maxAge: REVEAL_TTL_S });
    return redirect(c, `${endpointPath(reveal.endpointId)}?reveal=${key}`);
  }

  const formProps = (values: WebhookFormProps["values"], errors?: WebhookFormProps["errors"]): WebhookFormProps => ({ values, groups: eventGroups(), errors });

  async function deliveriesOf(c: C, s: SignedIn, id: string, cursor?: string): Promise<DeliveriesProps> {
    const r = await clients.webhooks.deliveries(c.get("meta"), s.accessToken, id, { cursor, limit: PAGE_SIZE });
    const tz = tzOf(c);
    return { endpointId: id, items: r.ok ? r.data.items.map((d) => deliveryView(d, tz)) : undefined, nextCursor: r.ok ? r.data.nextCursor : undefined, cursor };
  }

  /** With htmx: the deliveries as they are now, with the outcome as a toast. Without: back to the endpoint's page. */
  async function deliveriesAnswer(c: C, s: SignedIn, id: string, toast: ToastMessage, status = 200) {
    if (!isHtmx(c)) {
      kit.flash(c, toast);
      return redirect(c, `${endpointPath(id)}#wh-deliveries`);
    }
    const part = h(Deliveries, await deliveriesOf(c, s, id));
    return c.html(html`${part}${h(ToastsOob, { toasts: [toast] })}`, status as ContentfulStatusCode);
  }

  /** Someone else's endpoint, or one deleted meanwhile: back to the list, saying so. */
  const gone = (c: C) => {
    kit.flash(c, { kind: "info", message: "That webhook endpoint no longer exists." });
    return redirect(c, "/settings#settings-webhooks");
  };

  app.get(
    "/new",
    kit.userPage("/settings", () => h(WebhookFormPage, formProps({ url: "", events: [], description: "" }))),
  );

  app.post(
    "/",
    kit.userPage("/settings", async (c, s) => {
      // parseBody({ all: true }): the ticked event boxes arrive as several values of one name.
      const body = await c.req.parseBody({ all: true });
      const values = webhookFormValues(body);
      const again = (errors: WebhookFormProps["errors"], status: number) => {
        c.status(status as ContentfulStatusCode);
        return isHtmx(c) ? h(WebhookForm, formProps(values, errors)) : h(WebhookFormPage, formProps(values, errors));
      };
      const checked = readWebhookForm(values);
      if (!checked.ok) return again(checked.errors, 422);
      const r = await clients.webhooks.create(c.get("meta"), s.accessToken, checked.value);
      if (!r.ok) return again(webhookProblemErrors(r.problem), r.status >= 500 ? r.status : r.status === 409 ? 409 : 422);
      kit.flash(c, { kind: "success", message: "Webhook endpoint created. Copy its signing secret now." });
      return revealThen(c, { userId: s.user.id, endpointId: r.data.id, secret: r.data.secret, kind: "created" });
    }),
  );

  app.get(
    "/:id",
    kit.userPage("/settings", async (c, s) => {
      const id = c.req.param("id") ?? "";
      const cursorParam = c.req.query("cursor");
      const cursor = cursorParam && CURSOR.test(cursorParam) ? cursorParam : undefined;
      const meta = c.get("meta");
      const [endpoint, deliveries] = await Promise.all([clients.webhooks.get(meta, s.accessToken, id), deliveriesOf(c, s, id, cursor)]);
      if (!endpoint.ok && endpoint.status === 404) return gone(c);
      if (!endpoint.ok) return kit.unavailable(c, endpoint.problem);

      let secret: SecretNotice | undefined;
      const key = c.req.query("reveal");
      if (key !== undefined) {
        const sealed = getCookie(c, revealCookie);
        if (sealed) deleteCookie(c, revealCookie, cookieOptions);
        const opened = await openReveal(sealed, key, { userId: s.user.id, endpointId: endpoint.data.id });
        secret = opened
          ? { kind: "shown", secret: opened.secret, rotated: opened.kind === "rotated", previousExpires: opened.previousExpiresAt ? dateTime(new Date(opened.previousExpiresAt), tzOf(c)) : undefined }
          : { kind: "gone" };
        // The address holds the key: keep it out of Referer headers (the page sets no-store already).
        c.header("referrer-policy", "no-referrer");
      }
      return h(WebhookDetail, { endpoint: endpointView(endpoint.data, tzOf(c)), secret, deliveries });
    }),
  );

  app.get(
    "/:id/parts/deliveries",
    kit.userAction(async (c, s) => c.html(h(Deliveries, await deliveriesOf(c, s, c.req.param("id") ?? "")))),
  );

  app.post(
    "/:id/test",
    kit.userAction(async (c, s) => {
      const id = c.req.param("id") ?? "";
      const r = await clients.webhooks.test(c.get("meta"), s.accessToken, id);
      if (!r.ok && r.status === 404) return gone(c);
      const toast: ToastMessage = r.ok
        ? { kind: "success", message: "Test event sent. Its delivery is listed below." }
        : { kind: "error", message: `We couldn't send a test event. ${problemMessage(r.problem)}` };
      return deliveriesAnswer(c, s, id, toast, r.ok ? 200 : r.status >= 500 ? r.status : 409);
    }),
  );

  app.post(
    "/:id/deliveries/:deliveryId/redeliver",
    kit.userAction(async (c, s) => {
      const id = c.req.param("id") ?? "";
      const r = await clients.webhooks.redeliver(c.get("meta"), s.accessToken, id, c.req.param("deliveryId") ?? "");
      const toast: ToastMessage = r.ok
        ? { kind: "success", message: "Sent again. The result appears below in a moment." }
        : r.status === 409
          ? { kind: "info", message: "That delivery is being sent right now. Try again in a moment." }
          : { kind: "error", message: r.status === 404 ? "That delivery no longer exists." : `We couldn't redeliver it. ${problemMessage(r.problem)}` };
      return deliveriesAnswer(c, s, id, toast, r.ok ? 200 : r.status >= 500 ? r.status : r.status === 404 ? 404 : 409);
    }),
  );

  app.post(
    "/:id/rotate",
    kit.userAction(async (c, s) => {
      const id = c.req.param("id") ?? "";
      const r = await clients.webhooks.rotateSecret(c.get("meta"), s.accessToken, id);
      if (!r.ok && r.status === 404) return gone(c);
      if (!r.ok) {
        kit.flash(c, { kind: "error", message: `We couldn't rotate the secret. ${problemMessage(r.problem)}` });
        return redirect(c, endpointPath(id));
      }
      kit.flash(c, { kind: "success", message: "New signing secret issued. Copy it now." });
      return revealThen(c, { userId: s.user.id, endpointId: id, secret: r.data.secret, kind: "rotated", previousExpiresAt: r.data.previousSecretExpiresAt });
    }),
  );

  app.get(
    "/:id/delete",
    kit.userPage("/settings", async (c, s) => {
      const r = await clients.webhooks.get(c.get("meta"), s.accessToken, c.req.param("id") ?? "");
      if (!r.ok && r.status === 404) return gone(c);
      if (!r.ok) return kit.unavailable(c, r.problem);
      return h(DeleteConfirmPage, { endpoint: { id: r.data.id, url: r.data.url } });
    }),
  );

  app.post(
    "/:id/delete",
    kit.userAction(async (c, s) => {
      const r = await clients.webhooks.remove(c.get("meta"), s.accessToken, c.req.param("id") ?? "");
      if (r.ok || r.status === 404) {
        kit.flash(c, r.ok ? { kind: "success", message: "Webhook endpoint deleted." } : { kind: "info", message: "That webhook endpoint was already deleted." });
        return redirect(c, "/settings#settings-webhooks");
      }
      kit.flash(c, { kind: "error", message: `We couldn't delete the endpoint. ${problemMessage(r.problem)}` });
      return redirect(c, endpointPath(c.req.param("id") ?? ""));
    }),
  );

  return app;
}
