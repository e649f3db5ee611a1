import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie } from "hono/cookie";
import { html } from "hono/html";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ToastsOob } from "@mint/views/components/toast.tsx";
import { KycContent, type KycContentProps, type KycErrors } from "@mint/views/pages/kyc.tsx";
import type { ToastMessage } from "@mint/views/types.ts";
import type { C, WebEnv } from "../app/env.ts";
import type { Kit } from "../app/kit.ts";
import { view as h } from "../app/render.tsx";
import { isHtmx, problemResponse, redirect } from "../app/respond.ts";
import type { SignedIn } from "../app/session.ts";
import { zoneOrUtc } from "../domain/transactions/days.ts";
import {
  ACCEPTED_DOCUMENTS,
  DOCUMENT_NAME,
  fileProblem,
  limitLines,
  MAX_DOCUMENT_BYTES,
  stepOf,
  TIER_NAME,
  tierCards,
  type UploadType,
  uploadTypeOf,
  kycVersion,
  verificationAction,
  verificationStatus,
} from "../domain/account/kyc-view.ts";
import { problemMessage } from "../domain/page/problem.ts";

/** The one path that takes files: it declares its own limit, and the form limit leaves it out. */
export const KYC_UPLOAD_PATH = "/kyc/documents";
/** A 10 MB document plus the multipart framing and the form's other fields (the gateway allows the same). */
export const KYC_UPLOAD_BODY_LIMIT_BYTES = 11 * 1024 * 1024;

const TZ_COOKIE = "mint_tz";

/** /kyc: tiers and their limits, the review's state, document uploads and submission. */
export function kycPage(kit: Kit) {
  const { clients } = kit;
  const app = new Hono<WebEnv>();

  /** The page's content: the profile and the tier table, asked for at once. */
  async function content(c: C, s: SignedIn, extra: { errors?: KycErrors; chosenIdType?: UploadType } = {}): Promise<KycContentProps> {
    const meta = c.get("meta");
    const [profile, tiers] = await Promise.all([clients.kyc.profile(meta, s.accessToken), clients.kyc.tiers(meta, s.accessToken)]);
    const tz = zoneOrUtc(getCookie(c, TZ_COOKIE));
    const table = tiers.ok ? tiers.data.tiers : undefined;
    const current = profile.ok ? profile.data.tier : undefined;
    const own = current ? table?.find((t) => t.tier === current) : undefined;
    return {
      cards: tierCards(table, current),
      limitsUnavailable: !tiers.ok,
      verification: profile.ok
        ? {
            tierName: TIER_NAME[profile.data.tier],
            status: verificationStatus(profile.data, s.user.email_verified, tz),
            action: verificationAction(profile.data, s.user.email_verified, tz),
            activeLimits: own ? limitLines(own) : undefined,
          }
        : undefined,
      errors: extra.errors,
      chosenIdType: extra.chosenIdType,
      returnTo: "/kyc",
      accept: ACCEPTED_DOCUMENTS,
      maxBytes: MAX_DOCUMENT_BYTES,
      version: profile.ok ? kycVersion(profile.data) : undefined,
    };
  }

  /**
   * The outcome of an upload or a submission: with htmx the refreshed content (messages next to
   * the field they concern) and the toast; without, back to /kyc with the toast (post/redirect/get),
   * or the page again with the message when something was refused (422).
   */
  async function answer(c: C, s: SignedIn, outcome: { toast?: ToastMessage; errors?: KycErrors; chosenIdType?: UploadType; status?: number }) {
    const refused = outcome.errors !== undefined;
    if (!refused && !isHtmx(c)) {
      if (outcome.toast) kit.flash(c, outcome.toast);
      return redirect(c, "/kyc");
    }
    const props = await content(c, s, outcome);
    const status = (outcome.status ?? 200) as ContentfulStatusCode;
    if (isHtmx(c)) {
      const toasts = outcome.toast ? [outcome.toast] : [];
      return c.html(html`${h(KycContent, props)}${toasts.length ? h(ToastsOob, { toasts }) : ""}`, status);
    }
    c.status(status);
    return h(KycContent, props);
  }

  app.get(
    "/",
    kit.userPage("/kyc", async (c, s) => h(KycContent, await content(c, s))),
  );

  // Refreshed when the tier or the review changes (the shell's live `kyc-changed` event). When
  // nothing the page shows has changed (a replayed notification), 204: htmx leaves the page alone.
  app.get(
    "/parts/content",
    kit.userAction(async (c, s) => {
      const props = await content(c, s);
      if (props.version !== undefined && c.req.query("seen") === props.version) return c.body(null, 204);
      return c.html(h(KycContent, props));
    }),
  );

  app.post(
    "/documents",
    bodyLimit({
      maxSize: KYC_UPLOAD_BODY_LIMIT_BYTES,
      onError: (c) => problemResponse(c as C, 413, "File too large", "That file is larger than 10 MB. Choose a smaller photo or scan (JPEG, PNG or PDF)."),
    }),
    kit.userPage("/kyc", async (c, s) => {
      // The form is already read and parsed by the service's text guard; this costs no second read.
      const form = await c.req.formData().catch(() => undefined);
      const type = uploadTypeOf(form?.get("type")?.toString());
      if (!form || !type) return answer(c, s, { errors: { id: "Choose the kind of document you are uploading." }, status: 422 });
      const step = stepOf(type);
      // A picker left empty still sends a part: no name (Bun leaves it undefined) and no bytes.
      const nameOf = (f: File) => (f.name ?? "").trim();
      const file = form.getAll("file").find((f): f is File => typeof f !== "string" && (f.size > 0 || nameOf(f) !== ""));
      const chosenIdType = type === "SELFIE" ? undefined : type;
      const problem = fileProblem(file?.size);
      if (problem) return answer(c, s, { errors: { [step]: problem }, chosenIdType, status: file && file.size > MAX_DOCUMENT_BYTES ? 413 : 422 });

      const name = nameOf(file!).slice(0, 200) || undefined;
      const r = await clients.kyc.upload(c.get("meta"), s.accessToken, type, file!, name);
      if (r.ok) return answer(c, s, { toast: { kind: "success", message: `${DOCUMENT_NAME[type]} uploaded.` } });
      if (r.status >= 500) return answer(c, s, { errors: { [step]: `We couldn't store your document just now. ${problemMessage(r.problem)}` }, chosenIdType, status: r.status });
      // The API's own refusal: an unsupported type (read from the bytes), too large, empty, or a review in progress.
      const said = r.problem.errors?.find((e) => e.field === "file")?.message ?? problemMessage(r.problem);
      return answer(c, s, { errors: { [step]: said }, chosenIdType, status: r.status === 413 ? 413 : r.status === 409 ? 409 : 422 });
    }),
  );

  app.post(
    "/submit",
    kit.userPage("/kyc", async (c, s) => {
      const r = await clients.kyc.submit(c.get("meta"), s.accessToken);
      if (r.ok) return answer(c, s, { toast: { kind: "success", message: "Submitted for review. We usually decide within 1–2 business days." } });
      return answer(c, s, { errors: { submit: problemMessage(r.problem) }, status: r.status >= 500 ? r.status : 409 });
    }),
  );

  return app;
}
