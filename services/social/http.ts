import type { Contacts } from "./contacts.ts";
import { createRouter } from "../../shared/http/app.ts";
import { requireAuth, type TokenVerifier } from "../../shared/http/auth.ts";
import { contactRoutes } from "./http/contacts.ts";
import { requestRoutes } from "./http/requests.ts";
import { splitRoutes } from "./http/splits.ts";
import type { Requests } from "./requests.ts";
import type { SharePayments } from "./share-payments.ts";
import type { Splits } from "./splits.ts";

export interface SocialHttpDeps {
  verifier: TokenVerifier;
  contacts: Contacts;
  requests: Requests;
  splits: Splits;
  sharePayments: SharePayments;
}

/** The public API under /api/v1/social: contacts, money requests, bill splits (all need a token). */
export function buildSocialHttp(deps: SocialHttpDeps) {
  const app = createRouter();
  const authed = requireAuth(deps.verifier);
  contactRoutes(app, authed, deps.contacts);
  requestRoutes(app, authed, deps.requests);
  splitRoutes(app, authed, deps.splits, deps.sharePayments);
  return app;
}
