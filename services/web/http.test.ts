import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { buildWebApp, type WebConfig, type WebServiceContext } from "./http.ts";

// ------------------------------------------------------------------------------------------------
// The web app is tested through app.request(). Pages that need the auth API get a small real HTTP
// stand-in (Bun.serve) that speaks the auth API's contract; the end-to-end tests against the real
// auth service live in tests/.

const quietLog = { debug() {}, info() {}, warn() {}, error() {} };
const SITE = "http://localhost:8080";

/** Every API on a closed port (discard), so nothing here reaches a running platform. */
const closed = "http://127.0.0.1:9";
const NO_APIS = {
  AUTH_URL: closed,
  WALLET_URL: closed,
  TRANSACTIONS_URL: closed,
  KYC_URL: closed,
  ANALYTICS_URL: closed,
  NOTIFICATIONS_URL: closed,
  SOCIAL_URL: closed,
  WEBHOOK_URL: closed,
  ADMIN_URL: closed,
};

function makeApp(config: Partial<WebConfig> = {}) {
  const ctx: WebServiceContext = {
    config: { MINT_ENV: "test", PORT: 3000, ...NO_APIS, PUBLIC_BASE_URL: SITE, ...config },
    log: quietLog,
  };
  return buildWebApp(ctx);
}

const form = (fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded", origin: SITE, ...headers },
  body: new URLSearchParams(fields).toString(),
});

const htmx = { "hx-request": "true", accept: "text/html" };

/** Set-Cookie headers by cookie name. */
function cookies(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of res.headers.getSetCookie()) out[line.slice(0, line.indexOf("="))] = line;
  return out;
}

describe("without the auth API", () => {
  const app = makeApp();

  test("static assets come from the repository and node_modules with cache headers", async () => {
    const htmxJs = await app.request("/static/htmx.js");
    expect(htmxJs.status).toBe(200);
    expect(htmxJs.headers.get("content-type")).toStartWith("text/javascript");
    expect(htmxJs.headers.get("cache-control")).toContain("max-age=");
    expect(await htmxJs.text()).toContain("4.0.1");

    const sse = await app.request("/static/hx-sse.js");
    expect(sse.status).toBe(200);
    expect(await sse.text()).toContain("sse");

    const css = await app.request("/static/app.css");
    expect(css.headers.get("content-type")).toStartWith("text/css");
    const etag = css.headers.get("etag")!;
    const again = await app.request("/static/app.css", { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);

    const versioned = await app.request(`/static/app.css?v=${etag.replaceAll('"', "")}`);
    expect(versioned.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await app.request("/static/nothing.js")).status).toBe(404);
  });

  test("login page: form, links, assets, no inline script or style", async () => {
    const res = await app.request("/login");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toStartWith("<!doctype html>");
    expect(html).toContain("Welcome back");
    expect(html).toContain('href="/forgot-password"');
    expect(html).toContain('href="/register"');
    expect(html).toContain("Your money, your future.");
    expect(html).toContain("All systems operational");
    expect(html).toMatch(/<link rel="stylesheet" href="\/static\/app\.css\?v=[0-9a-f]+"/);
    for (const src of ["htmx.js", "hx-sse.js", "app.js"]) expect(html).toContain(`src="/static/${src}?v=`);
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/\son[a-z]+=/);
  });

  test("public pages render", async () => {
    expect(await (await app.request("/register")).text()).toContain("Create your account");
    expect(await (await app.request("/forgot-password")).text()).toContain("Forgot your password?");
    const invalid = await (await app.request("/reset-password")).text();
    expect(invalid).toContain("Invalid link");
    expect(invalid).toContain('href="/forgot-password"');
    const reset = await (await app.request("/reset-password?token=abc%22def")).text();
    expect(reset).toContain('name="token" value="abc&quot;def"');
  });

  test("anonymous users are sent to sign in", async () => {
    const res = await app.request("/wallet?x=1");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?next=%2Fwallet%3Fx%3D1");
    const dash = await app.request("/dashboard");
    expect(dash.headers.get("location")).toBe("/login");
    const viaHtmx = await app.request("/dashboard", { headers: htmx });
    expect(viaHtmx.status).toBe(204);
    expect(viaHtmx.headers.get("hx-redirect")).toBe("/login");
    expect((await app.request("/")).headers.get("location")).toBe("/dashboard");
    expect((await app.request("/app-admin")).headers.get("location")).toBe("/app-admin/dashboard");
    expect((await app.request("/app-admin/dashboard")).headers.get("location")).toBe("/login?next=%2Fapp-admin%2Fdashboard");
  });

  test("unknown routes: a page for browsers, a fragment for htmx, problem+json for APIs", async () => {
    const page = await app.request("/nowhere", { headers: { accept: "text/html" } });
    expect(page.status).toBe(404);
    const html = await page.text();
    expect(html).toContain("Page not found");
    expect(html).toStartWith("<!doctype html>");

    const fragment = await app.request("/nowhere", { headers: htmx });
    expect(fragment.status).toBe(404);
    const text = await fragment.text();
    expect(text).toContain('class="problem"');
    expect(text).not.toContain("<html");

    const json = await app.request("/nowhere", { headers: { accept: "application/json" } });
    expect(json.headers.get("content-type")).toStartWith("application/problem+json");
    expect(await json.json()).toMatchObject({ status: 404, code: "NOT_FOUND" });
  });

  test("CSRF: unsafe requests need this site's Origin or Sec-Fetch-Site: same-origin", async () => {
    const body = { email: "", password: "" };
    const noOrigin = await app.request("/login", { ...form(body), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(noOrigin.status).toBe(403);
    expect(noOrigin.headers.get("content-type")).toStartWith("application/problem+json");
    expect(await noOrigin.json()).toMatchObject({ status: 403, code: "PERMISSION_DENIED" });

    expect((await app.request("/login", form(body, { origin: "https://evil.example" }))).status).toBe(403);
    expect((await app.request("/logout", form({}, { origin: "null" }))).status).toBe(403);
    expect((await app.request("/login", form(body, { origin: "https://evil.example", ...htmx }))).status).toBe(403);

    // Allowed: the public origin, the service's own origin, or the browser's same-origin marker.
    expect((await app.request("/login", form(body))).status).toBe(422);
    expect((await app.request("http://127.0.0.1:3000/login", form(body, { origin: "http://127.0.0.1:3000" }))).status).toBe(422);
    const fetchSite = form(body, { "sec-fetch-site": "same-origin" });
    delete (fetchSite.headers as Record<string, string>).origin;
    expect((await app.request("/login", fetchSite)).status).toBe(422);
  });

  test("form errors are rendered next to their fields; htmx gets just the panel", async () => {
    const res = await app.request("/register", form({ name: "A", email: "not-an-email", password: "short", confirm_password: "nope" }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("<!doctype html>");
    expect(html).toMatch(/id="f-name"[^>]*aria-invalid="true"[^>]*aria-describedby="f-name-error"/);
    expect(html).toContain('<p class="field-error" id="f-name-error">Enter at least 2 characters.</p>');
    expect(html).toContain('<p class="field-error" id="f-email-error">Enter a valid e-mail address.</p>');
    expect(html).toContain('<p class="field-error" id="f-password-error">Use at least 8 characters.</p>');
    expect(html).toContain("Passwords don&#39;t match.");
    expect(html).toContain('value="not-an-email"');
    expect(html).not.toContain('value="short"'); // passwords are never echoed

    const fragment = await (await app.request("/register", form({ name: "Ada" }, htmx))).text();
    expect(fragment).toStartWith('<section id="register-panel"');
    expect(fragment).not.toContain("<html");
  });

  test("an unreachable auth service is an outage, not a sign-out", async () => {
    const res = await app.request("/dashboard", { headers: { cookie: "access_token=a.b.c; refresh_token=r1", accept: "text/html" } });
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("Mint is temporarily unavailable");
    expect(res.headers.getSetCookie()).toEqual([]);

    const login = await app.request("/login", form({ email: "ada@example.com", password: "pw" }));
    expect(login.status).toBe(503);
    expect(await login.text()).toContain("We couldn&#39;t reach Mint just now.");
  });
});

// ------------------------------------------------------------------------------------------------

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
const jwt = (sub: string, expInSeconds: number, n = 0) =>
  `${b64({ alg: "RS256", typ: "JWT" })}.${b64({ sub, n, exp: Math.floor(Date.now() / 1000) + expInSeconds })}.sig`;

type StandInUser = { id: string; email: string; name: string; email_verified: boolean; role: "USER" | "ADMIN"; password: string };

/** A stand-in for the auth service's public API: just enough state to drive the web flows. */
function startAuthStandIn() {
  const users: StandInUser[] = [
    { id: "u1", email: "ada@example.com", name: "Ada Lovelace", email_verified: false, role: "USER", password: "analytical1" },
    { id: "u2", email: "root@example.com", name: "Grace Hopper", email_verified: true, role: "ADMIN", password: "compiler1" },
  ];
  const access = new Map<string, string>(); // access token → user id
  const refresh = new Map<string, string>(); // live refresh token → user id
  const calls: { path: string; headers: Headers; body: Record<string, unknown> }[] = [];
  let counter = 0;

  const problem = (status: number, code: string, detail: string, errors?: { field: string; message: string }[]) =>
    Response.json({ type: "about:blank", title: code, status, detail, code, ...(errors ? { errors } : {}) }, {
      status,
      headers: { "content-type": "application/problem+json" },
    });
  const issue = (user: StandInUser, status = 200, ttl = 900) => {
    counter++;
    const a = jwt(user.id, ttl, counter);
    const r = `refresh-${user.id}-${counter}`;
    access.set(a, user.id);
    refresh.set(r, user.id);
    const { password: _, ...pub } = user;
    return Response.json({ access_token: a, refresh_token: r, token_type: "bearer", expires_in: ttl, user: pub }, { status });
  };
  const bearerUser = (req: Request) => {
    const token = req.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
    return users.find((u) => u.id === access.get(token));
  };

  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const path = new URL(req.url).pathname.replace("/api/v1/auth", "");
      const body = req.method === "POST" ? ((await req.json().catch(() => ({}))) as Record<string, unknown>) : {};
      calls.push({ path, headers: req.headers, body });
      switch (path) {
        case "/login": {
          const user = users.find((u) => u.email === body.email && u.password === body.password);
          return user ? issue(user) : problem(401, "UNAUTHENTICATED", "Invalid email or password");
        }
        case "/register": {
          if (users.some((u) => u.email === body.email)) return problem(409, "CONFLICT", "A user with this email already exists");
          if (body.name === "Reserved Name") return problem(400, "INVALID_ARGUMENT", "invalid", [{ field: "name", message: "That name is reserved" }]);
          const user: StandInUser = { id: `u${users.length + 1}`, email: String(body.email), name: String(body.name), email_verified: false, role: "USER", password: String(body.password) };
          users.push(user);
          return issue(user, 201);
        }
        case "/refresh": {
          const id = refresh.get(String(body.refresh_token));
          if (!id) return problem(401, "UNAUTHENTICATED", "Invalid refresh token");
          refresh.delete(String(body.refresh_token)); // rotation
          await Bun.sleep(20); // long enough for concurrent requests to overlap
          return issue(users.find((u) => u.id === id)!);
        }
        case "/me": {
          const user = bearerUser(req);
          if (!user) return problem(401, "UNAUTHENTICATED", "Not authenticated");
          const { password: _, ...pub } = user;
          return Response.json(pub);
        }
        case "/logout": {
          if (!bearerUser(req)) return problem(401, "UNAUTHENTICATED", "Not authenticated");
          refresh.delete(String(body.refresh_token));
          return Response.json({ message: "Logged out" });
        }
        case "/request-verify-email":
          return bearerUser(req) ? Response.json({ message: "Verification email sent" }) : problem(401, "UNAUTHENTICATED", "Not authenticated");
        case "/verify-email":
          return body.token === "good" ? Response.json({ message: "Email verified successfully" }) : problem(400, "INVALID_ARGUMENT", "Invalid or expired verification token");
        case "/forgot-password":
          return Response.json({ message: "If the email exists, a reset link has been sent" });
        case "/reset-password":
          if (body.token === "good" && typeof body.new_password === "string") return Response.json({ message: "Password reset successfully" });
          if (body.token === "weak") return problem(400, "INVALID_ARGUMENT", "invalid", [{ field: "new_password", message: "Choose a less common password" }]);
          return problem(400, "INVALID_ARGUMENT", "Invalid or expired reset token");
        default:
          return problem(404, "NOT_FOUND", "No route");
      }
    },
  });

  return {
    url: `http://127.0.0.1:${server.port}`,
    calls,
    refresh,
    /** Signs a user in directly, returning a Cookie header value. */
    session(email: string, ttl = 900) {
      const user = users.find((u) => u.email === email)!;
      counter++;
      const a = jwt(user.id, ttl, counter);
      const r = `refresh-${user.id}-${counter}`;
      access.set(a, user.id);
      refresh.set(r, user.id);
      return { cookie: `access_token=${a}; refresh_token=${r}`, access: a, refresh: r };
    },
    stop: () => server.stop(true),
  };
}

describe("with an auth API stand-in", () => {
  let auth: ReturnType<typeof startAuthStandIn>;
  let app: ReturnType<typeof makeApp>;
  beforeAll(() => {
    auth = startAuthStandIn();
    app = makeApp({ AUTH_URL: auth.url });
  });
  afterAll(() => auth.stop());

  test("sign in sets the session cookies and goes home by role; bad credentials stay on the form", async () => {
    // The runtime passes { server } as env; the gateway (a trusted local peer) forwards the client.
    const viaGateway = { server: { requestIP: () => ({ address: "127.0.0.1" }) } };
    const ok = await app.request(
      "/login",
      form({ email: "ada@example.com", password: "analytical1" }, { "x-request-id": "req-login-1", "x-forwarded-for": "198.51.100.7" }),
      viaGateway,
    );
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/dashboard");
    const set = cookies(ok);
    for (const name of ["access_token", "refresh_token"]) {
      expect(set[name]).toContain("HttpOnly");
      expect(set[name]).toContain("SameSite=Lax");
      expect(set[name]).toContain("Path=/");
      expect(set[name]).not.toContain("Secure"); // MINT_ENV=test
    }
    expect(set.access_token).toContain("Max-Age=900");
    expect(set.refresh_token).toContain("Max-Age=2592000");
    const call = auth.calls.findLast((c) => c.path === "/login")!;
    expect(call.headers.get("x-request-id")).toBe("req-login-1");
    expect(call.headers.get("x-forwarded-for")).toBe("198.51.100.7");

    const admin = await app.request("/login", form({ email: "root@example.com", password: "compiler1" }, htmx));
    expect(admin.headers.get("hx-redirect")).toBe("/app-admin/dashboard");

    const next = await app.request("/login", form({ email: "ada@example.com", password: "analytical1", next: "/wallet" }));
    expect(next.headers.get("location")).toBe("/wallet");
    const evil = await app.request("/login", form({ email: "ada@example.com", password: "analytical1", next: "//evil.example" }));
    expect(evil.headers.get("location")).toBe("/dashboard");

    const bad = await app.request("/login", form({ email: "ada@example.com", password: "wrong-pass1" }, htmx));
    expect(bad.status).toBe(401);
    const html = await bad.text();
    expect(html).toContain("Invalid email or password.");
    expect(html).toContain('value="ada@example.com"');
    expect(bad.headers.getSetCookie()).toEqual([]);
  });

  test("signed-in shell: greeting, navigation, user card, verification banner; role routing", async () => {
    const ada = auth.session("ada@example.com");
    const res = await app.request("/dashboard", { headers: { cookie: `${ada.cookie}; mint_tz=UTC` } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/Good (morning|afternoon|evening), Ada/);
    for (const href of ["/dashboard", "/wallet", "/transactions", "/analytics", "/social", "/notifications", "/kyc"]) expect(html).toContain(`href="${href}"`);
    expect(html).toContain('class="nav-link is-active" aria-current="page"><svg');
    expect(html).toContain("Overview of your finances");
    expect(html).toContain(">AL</span>");
    expect(html).toContain("ada@example.com");
    expect(html).toContain('action="/logout"');
    expect(html).toContain("Please verify your email address.");
    expect(html).toContain('hx-post="/resend-verification"');
    // The wallet API is closed here: the card says so, and Deposit and Send are disabled with why.
    expect(html).toContain("Your balance is unavailable right now");
    expect(html).toContain("deposits and transfers are paused");
    // Every other API is closed too: each part says what is missing, and the page still renders.
    expect(html).toContain("This month&#39;s spending is unavailable right now");
    expect(html).toContain("Your recent activity is unavailable right now");

    const wallet = await (await app.request("/wallet", { headers: { cookie: ada.cookie } })).text();
    expect(wallet).toContain("Manage your balance");
    for (const part of ["Your balance is", "Your transaction counts are", "Your balance history is", "Your limits are"]) expect(wallet).toContain(`${part} unavailable right now`);
    const dismissed = await (await app.request("/wallet", { headers: { cookie: `${ada.cookie}; mint_hide_verify_banner=1` } })).text();
    expect(dismissed).not.toContain("Please verify your email address.");

    expect((await app.request("/app-admin/dashboard", { headers: { cookie: ada.cookie } })).headers.get("location")).toBe("/dashboard");
    expect((await app.request("/login", { headers: { cookie: ada.cookie } })).headers.get("location")).toBe("/dashboard");

    const root = auth.session("root@example.com");
    expect((await app.request("/dashboard", { headers: { cookie: root.cookie } })).headers.get("location")).toBe("/app-admin/dashboard");
    expect((await app.request("/register", { headers: { cookie: root.cookie } })).headers.get("location")).toBe("/app-admin/dashboard");
    const console = await (await app.request("/app-admin/dashboard", { headers: { cookie: root.cookie } })).text();
    expect(console).toContain("Mint <span class=\"brand-suffix\">Admin</span>");
    // The admin API is closed here: the dashboard says its figures are unavailable rather than failing.
    expect(console).toContain("The platform figures are unavailable right now");
    expect(console).toContain("Log out");
    for (const href of ["/app-admin/users", "/app-admin/kyc", "/app-admin/fraud", "/app-admin/transactions", "/app-admin/approvals", "/app-admin/audit", "/app-admin/system"]) expect(console).toContain(`href="${href}"`);
  });

  test("an expired access token is refreshed transparently, once for concurrent requests", async () => {
    const ada = auth.session("ada@example.com", -60);
    const before = auth.calls.filter((c) => c.path === "/refresh").length;
    const [a, b] = await Promise.all([
      app.request("/dashboard", { headers: { cookie: ada.cookie } }),
      app.request("/wallet", { headers: { cookie: ada.cookie } }),
    ]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(auth.calls.filter((c) => c.path === "/refresh").length).toBe(before + 1);
    const set = cookies(a);
    expect(set.access_token).toContain("Max-Age=900");
    expect(set.refresh_token).not.toContain(ada.refresh);
    expect(cookies(b).refresh_token).toBe(set.refresh_token!);
    expect(auth.refresh.has(ada.refresh)).toBe(false);
  });

  test("a rejected refresh clears the session and asks to sign in again", async () => {
    const stale = `access_token=${jwt("u1", -60)}; refresh_token=refresh-revoked`;
    const res = await app.request("/transactions", { headers: { cookie: stale } });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?next=%2Ftransactions&notice=expired");
    const set = cookies(res);
    expect(set.access_token).toContain("Max-Age=0");
    expect(set.refresh_token).toContain("Max-Age=0");
    const login = await (await app.request("/login?notice=expired")).text();
    expect(login).toContain("Your session has expired. Please sign in again.");

    const viaHtmx = await app.request("/dashboard", { headers: { cookie: stale, ...htmx } });
    expect(viaHtmx.headers.get("hx-redirect")).toBe("/login?notice=expired");
  });

  test("register: conflicts and API field errors land on the fields; success signs in", async () => {
    const base = { name: "Ada Again", email: "ada@example.com", password: "analytical1", confirm_password: "analytical1" };
    const conflict = await (await app.request("/register", form(base))).text();
    expect(conflict).toContain('id="f-email-error">An account with this email already exists.');

    const reserved = await (await app.request("/register", form({ ...base, name: "Reserved Name", email: "new@example.com" }))).text();
    expect(reserved).toContain('id="f-name-error">That name is reserved</p>');

    const ok = await app.request("/register", form({ ...base, email: "babbage@example.com" }, htmx));
    expect(ok.headers.get("hx-redirect")).toBe("/dashboard");
    expect(Object.keys(cookies(ok)).sort()).toEqual(["access_token", "refresh_token"]);
  });

  test("password reset and e-mail verification flows", async () => {
    const sent = await (await app.request("/forgot-password", form({ email: "nobody@example.com" }, htmx))).text();
    expect(sent).toContain("If an account exists, we&#39;ve sent a reset link.");

    const pw = { password: "newpassword1", confirm_password: "newpassword1" };
    const done = await (await app.request("/reset-password", form({ token: "good", ...pw }))).text();
    expect(done).toContain("Your password has been reset.");
    expect(done).toContain('href="/login"');
    expect(auth.calls.findLast((c) => c.path === "/reset-password")!.body).toEqual({ token: "good", new_password: "newpassword1" });

    const weak = await (await app.request("/reset-password", form({ token: "weak", ...pw }, htmx))).text();
    expect(weak).toContain('id="f-password-error">Choose a less common password</p>');
    const expired = await (await app.request("/reset-password", form({ token: "old", ...pw }))).text();
    expect(expired).toContain("This reset link is invalid or has expired.");
    const noToken = await (await app.request("/reset-password", form(pw))).text();
    expect(noToken).toContain("Invalid link");

    const verified = await app.request("/verify-email?token=good");
    expect(verified.status).toBe(200);
    const vHtml = await verified.text();
    expect(vHtml).toContain("Email verified");
    expect(vHtml).toContain('href="/login"');
    const failed = await (await app.request("/verify-email?token=nope")).text();
    expect(failed).toContain("Verification failed — the link is invalid or has expired.");
    expect(failed).not.toContain('action="/resend-verification"');
    const ada = auth.session("ada@example.com");
    const failedSignedIn = await (await app.request("/verify-email?token=nope", { headers: { cookie: ada.cookie } })).text();
    expect(failedSignedIn).toContain('action="/resend-verification"');
  });

  test("resend verification and sign out", async () => {
    const ada = auth.session("ada@example.com");
    const toast = await app.request("/resend-verification", form({}, { cookie: ada.cookie, ...htmx }));
    expect(toast.status).toBe(200);
    expect(await toast.text()).toContain("Verification email sent");
    const plain = await app.request("/resend-verification", form({ return_to: "/wallet" }, { cookie: ada.cookie }));
    expect(plain.headers.get("location")).toBe("/wallet");
    // The outcome travels to the next page in a one-time cookie (post/redirect/get), shown once.
    const flash = cookies(plain).mint_flash!.split(";")[0]!;
    const next = await app.request("/wallet", { headers: { cookie: `${ada.cookie}; ${flash}` } });
    expect(await next.text()).toContain("Verification email sent");
    expect(cookies(next).mint_flash).toContain("Max-Age=0");

    const out = await app.request("/logout", form({}, { cookie: ada.cookie }));
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe("/login?notice=signed-out");
    expect(cookies(out).access_token).toContain("Max-Age=0");
    const call = auth.calls.findLast((c) => c.path === "/logout")!;
    expect(call.headers.get("authorization")).toBe(`Bearer ${ada.access}`);
    expect(call.body).toEqual({ refresh_token: ada.refresh });
    expect(auth.refresh.has(ada.refresh)).toBe(false);
  });
});
