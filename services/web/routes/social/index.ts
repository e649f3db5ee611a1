import { Hono } from "hono";
import { PeopleResults, type SearchPurpose } from "@mint/views/pages/social/people.tsx";
import type { WebEnv } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { view as h } from "../../app/render.tsx";
import { isHtmx, redirect, withParam } from "../../app/respond.ts";
import { findByEmail, searchPeople } from "./common.ts";
import { contactRoutes } from "./contacts.ts";
import { socialTabs } from "./page.ts";
import { requestRoutes } from "./requests.ts";
import { splitRoutes } from "./splits.ts";

const PURPOSES: readonly SearchPurpose[] = ["contact", "request", "split"];
const FORM_PAGES: Record<SearchPurpose, string> = { contact: "/social/contacts/new", request: "/social/requests/new", split: "/social/splits/new" };

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
      // Asked for as a page (a link, a reload): the form it belongs to, with the search done.
      if (!isHtmx(c)) return redirect(c, withParam(FORM_PAGES[purpose], "q", c.req.query("q") ?? ""));
      const recipient = (c.req.query("recipient") ?? "").trim();
      const [search, chosen] = await Promise.all([searchPeople(kit, c, s, c.req.query("q")), purpose === "request" && recipient ? findByEmail(kit, c, s, recipient) : undefined]);
      return c.html(h(PeopleResults, { purpose, search, chosen: chosen?.ok ? chosen.match : undefined }));
    }),
  );
  return app;
}
