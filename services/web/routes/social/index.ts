import { Hono } from "hono";
import { PeopleResults, type SearchPurpose } from "@mint/views/pages/social/people.tsx";
import type { WebEnv } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { view as h } from "../../app/render.tsx";
import { findByEmail, searchPeople } from "./common.ts";
import { contactRoutes } from "./contacts.ts";
import { socialTabs } from "./page.ts";
import { requestRoutes } from "./requests.ts";
import { splitRoutes } from "./splits.ts";

const PURPOSES: readonly SearchPurpose[] = ["contact", "request", "split"];

/**
 * /social: contacts, money requests and bill splits, one tab each (page.ts), with the forms and
 * actions of each in its own file. Names come with every answer of the social API; people are
 * found by e-mail in auth's directory.
 */
export function socialPage(kit: Kit) {
  const app = new Hono<WebEnv>();
  app.route("/", socialTabs(kit));
  app.route("/", contactRoutes(kit));
  app.route("/", requestRoutes(kit));
  app.route("/", splitRoutes(kit));

  /** The live search under a form's e-mail field: the matches with the control that form needs. */
  app.get(
    "/people",
    kit.userAction(async (c, s) => {
      const purpose = PURPOSES.find((p) => p === c.req.query("for")) ?? "contact";
      const recipient = (c.req.query("recipient") ?? "").trim();
      const [search, chosen] = await Promise.all([searchPeople(kit, c, s, c.req.query("q")), purpose === "request" && recipient ? findByEmail(kit, c, s, recipient) : undefined]);
      return c.html(h(PeopleResults, { purpose, search, chosen: chosen?.ok ? chosen.match : undefined }));
    }),
  );
  return app;
}
