import { kycContract } from "../../proto-like-schemas/kyc.ts";
import { defineService, serve } from "../../shared/service.ts";
import { kycConfig } from "./config.ts";
import { kycConsumers } from "./events.ts";
import { buildKycHttp } from "./http.ts";
import { kycJobs } from "./jobs.ts";
import { kycRpcHandlers } from "./rpc.ts";
import { setupKyc } from "./setup.ts";

export const service = defineService({
  name: "kyc",
  port: 4004,
  config: kycConfig,
  database: { migrationsFolder: new URL("./db/migrations", import.meta.url).pathname },
  redis: false,
  // Documents arrive as multipart; the webhook and everything else is JSON. 10 MiB files plus multipart framing.
  acceptedContentTypes: ["application/json", "multipart/form-data"],
  bodyLimitBytes: 11 * 1024 * 1024,
  setup: setupKyc,
  http: (ctx, deps) => buildKycHttp({ db: ctx.db, verifier: ctx.verifier, ...deps }),
  rpc: (ctx, deps) => [serve(kycContract, kycRpcHandlers({ db: ctx.db, ...deps }))],
  consumers: (ctx, deps) => kycConsumers({ review: deps.review, log: ctx.log }),
  jobs: (ctx, deps) => kycJobs({ db: ctx.db, documents: deps.documents }),
  onStop: async (_ctx, deps) => deps.storage.close(),
});

if (import.meta.main) await service.main();
