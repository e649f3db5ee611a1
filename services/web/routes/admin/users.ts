import { Hono } from "hono";
import type { FormState } from "@mint/views/pages/admin/parts.tsx";
import { FreezeForm, FreezeFormPage, RoleForm, RoleFormPage, UserPicturePage, UsersPage } from "@mint/views/pages/admin/users.tsx";
import { isUuid } from "../../../../shared/ids.ts";
import type { C, WebEnv } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { view as h } from "../../app/render.tsx";
import { notFound, readForm } from "../../app/respond.ts";
import type { SignedIn } from "../../app/session.ts";
import { requiredText } from "../../domain/admin/forms.ts";
import { pendingToast, personName } from "../../domain/admin/words.ts";
import { adminZone, doneGoTo, formAgain, refusalStatus, refusedForm, rowsOf, subjectName, unavailablePage } from "./common.ts";

const ACTIVE = "/app-admin/users";
const PAGE_SIZE = 20;

/**
 * /app-admin/users: search by e-mail prefix or name, a user's whole picture, and the actions on a
 * user (freeze, unfreeze, role), each with the reason the audit log keeps.
 */
export function usersPage(kit: Kit) {
  const app = new Hono<WebEnv>();
  const admin = kit.clients.admin;

  app.get(
    "/",
    kit.adminPage(ACTIVE, async (c, s) => {
      const q = (c.req.query("q") ?? "").trim().slice(0, 254);
      const cursor = c.req.query("cursor") || undefined;
      const r = await admin.users(c.get("meta"), s.accessToken, { q: q || undefined, cursor, limit: PAGE_SIZE });
      const base = `/app-admin/users${q ? `?q=${encodeURIComponent(q)}` : ""}`;
      const link = (next?: string) => (next ? `/app-admin/users?${new URLSearchParams({ ...(q ? { q } : {}), cursor: next })}` : base);
      // A cursor the API does not take reads as the end of the list, with the way back to its start.
      if (!r.ok && r.status === 400) return h(UsersPage, { q, result: { kind: "rows", items: [], next: null, first: base }, tz: adminZone(c) });
      return h(UsersPage, { q, result: r.ok ? rowsOf(r.data, cursor, link) : { kind: "unavailable" }, tz: adminZone(c) });
    }),
  );

  /** The user (for a form page's title and state), or the answer to give instead. */
  async function loadUser(c: C, s: SignedIn, id: string) {
    if (!isUuid(id)) return { ok: false as const, response: notFound(c) };
    const r = await admin.user(c.get("meta"), s.accessToken, id);
    if (r.ok) return { ok: true as const, p: r.data };
    return { ok: false as const, response: unavailablePage(c, r, "User unavailable") };
  }

  app.get(
    "/:id",
    kit.adminPage(ACTIVE, async (c, s) => {
      const u = await loadUser(c, s, c.req.param("id") ?? "");
      if (!u.ok) return u.response;
      return h(UserPicturePage, { p: u.p, viewerId: s.user.id, tz: adminZone(c) });
    }),
  );

  for (const action of ["freeze", "unfreeze"] as const) {
    const frozen = action === "unfreeze";
    app.get(
      `/:id/${action}`,
      kit.adminPage(ACTIVE, async (c, s) => {
        const u = await loadUser(c, s, c.req.param("id") ?? "");
        if (!u.ok) return u.response;
        return h(FreezeFormPage, { userId: u.p.user.id, name: personName(u.p.user), frozen, state: { values: {}, errors: {} } });
      }),
    );
    app.post(
      `/:id/${action}`,
      kit.adminPage(ACTIVE, async (c, s) => {
        const id = c.req.param("id") ?? "";
        if (!isUuid(id)) return notFound(c);
        const form = await readForm(c);
        const inDialog = form.in_dialog === "1";
        const name = subjectName(form.subject, "this user");
        const again = (status: number, state: FormState) =>
          formAgain(c, status as 422, h(FreezeForm, { userId: id, name, frozen, state, inDialog }), () => h(FreezeFormPage, { userId: id, name, frozen, state }));
        const reason = requiredText(form.reason, "reason");
        if (!reason.ok) return again(422, { values: form, errors: { reason: reason.message } });
        const call = action === "freeze" ? admin.freeze : admin.unfreeze;
        const r = await call(c.get("meta"), s.accessToken, id, reason.value);
        if (!r.ok) return again(refusalStatus(r.problem), refusedForm(r.problem, form, "reason"));
        const message =
          action === "freeze"
            ? "Wallet frozen: every payment in or out is refused until it is unfrozen. The user was told."
            : "Wallet unfrozen: payments in and out are allowed again. The user was told.";
        return doneGoTo(kit, c, `/app-admin/users/${id}`, { kind: "success", message });
      }),
    );
  }

  app.get(
    "/:id/role",
    kit.adminPage(ACTIVE, async (c, s) => {
      const u = await loadUser(c, s, c.req.param("id") ?? "");
      if (!u.ok) return u.response;
      return h(RoleFormPage, { userId: u.p.user.id, name: personName(u.p.user), role: u.p.user.role, state: { values: {}, errors: {} }, self: u.p.user.id === s.user.id });
    }),
  );
  app.post(
    "/:id/role",
    kit.adminPage(ACTIVE, async (c, s) => {
      const id = c.req.param("id") ?? "";
      if (!isUuid(id)) return notFound(c);
      const form = await readForm(c);
      const inDialog = form.in_dialog === "1";
      const target = form.role === "ADMIN" ? "ADMIN" : form.role === "USER" ? "USER" : null;
      // The form names the role it asks for; the one it changes from is the other.
      const current = target === "ADMIN" ? "USER" : "ADMIN";
      const name = subjectName(form.subject, "this user");
      const self = id === s.user.id;
      const again = (status: number, state: FormState) =>
        formAgain(c, status as 422, h(RoleForm, { userId: id, name, role: current, state, inDialog, self }), () => h(RoleFormPage, { userId: id, name, role: current, state, self }));
      if (!target) return again(422, { values: form, errors: {}, form: "Choose the role to give." });
      const reason = requiredText(form.reason, "reason");
      if (!reason.ok) return again(422, { values: form, errors: { reason: reason.message } });
      const r = await admin.setRole(c.get("meta"), s.accessToken, id, target, reason.value);
      if (!r.ok) return again(refusalStatus(r.problem), refusedForm(r.problem, form, "reason"));
      if (r.pending) return doneGoTo(kit, c, `/app-admin/users/${id}`, { kind: "info", message: pendingToast(r.action) });
      const who = personName(r.data.user);
      const message = !r.data.changed ? `Nothing changed: ${who} already had that role.` : target === "USER" ? `${who} is now a user: they no longer have access to the console.` : `${who} is now an admin.`;
      return doneGoTo(kit, c, `/app-admin/users/${id}`, { kind: r.data.changed ? "success" : "info", message });
    }),
  );

  return app;
}
