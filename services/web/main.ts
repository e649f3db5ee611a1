import { defineService } from "../../shared/service.ts";
import { webConfig } from "./config.ts";
import { buildWebApp } from "./http.ts";

export const service = defineService({
  name: "web",
  port: 3000,
  config: webConfig,
  // The web tier talks to the other services over their HTTP APIs only.
  nats: false,
  // Pages post ordinary HTML forms (htmx sends them URL-encoded too).
  acceptedContentTypes: ["application/x-www-form-urlencoded", "multipart/form-data"],
  http: (ctx) => buildWebApp(ctx),
});

if (import.meta.main) await service.main();
