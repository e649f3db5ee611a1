import { defineService } from "../../shared/service.ts";
import { webConfig } from "./config.ts";
import { renderRefusal } from "./app/refusals.ts";
import { buildWebApp } from "./http.ts";
import { KYC_UPLOAD_BODY_LIMIT_BYTES, KYC_UPLOAD_PATH } from "./routes/kyc.ts";

export const service = defineService({
  name: "web",
  port: 3000,
  config: webConfig,
  // The web tier talks to the other services over their HTTP APIs only.
  nats: false,
  // Pages post ordinary HTML forms (htmx sends them URL-encoded too).
  acceptedContentTypes: ["application/x-www-form-urlencoded", "multipart/form-data"],
  // Identity documents (10 MB files) are posted here; every other route keeps the default limit.
  routeBodyLimits: { [KYC_UPLOAD_PATH]: KYC_UPLOAD_BODY_LIMIT_BYTES },
  // A form refused by the runtime (a character that can't be stored, a body too large) is a page, not JSON.
  renderError: renderRefusal,
  http: (ctx) => buildWebApp(ctx),
});

if (import.meta.main) await service.main();
