import { createRoute, z } from "@hono/zod-openapi";
import { describe, expect, test } from "bun:test";
import { bodyLimit } from "hono/body-limit";
import { AppError } from "../errors.ts";
import { createLogger } from "../log.ts";
import { buildRootApp, createRouter } from "./app.ts";
import { formProblems, jsonTextProblems, pathProblems, textProblem } from "./text-guard.ts";

describe("the rule for text", () => {
  test("refuses C0 controls but TAB, LF and CR, DEL, and unpaired surrogates", () => {
    for (const bad of ["\u0000", "a\u0001", "\u0008", "\u000b", "\u000c", "\u001b[31m", "\u001f", "x\u007f"]) expect(textProblem(bad)).toContain("control characters");
    expect(textProblem("a\u0000b")).toBe("must not contain control characters (found U+0000)");
    for (const bad of ["\ud800", "a\udc00", "\udc00\ud800", "\ud83d"]) expect(textProblem(bad)).toBe("must not contain unpaired UTF-16 surrogates");
    for (const good of ["", "plain", "tab\there", "two\nlines\r\n", "café ☕ 😀 \u0080\u009f", "\ud83d\ude00"]) expect(textProblem(good)).toBeUndefined();
  });

  test("JSON: every string value and key at any depth, named by its path", () => {
    expect(jsonTextProblems(JSON.stringify({ description: "a\u0000" }))).toEqual([{ field: "description", message: "must not contain control characters (found U+0000)" }]);
    expect(jsonTextProblems(JSON.stringify({ title: "ok", participants: [{ name: "a" }, { name: "\ud800" }] }))).toEqual([{ field: "participants.1.name", message: "must not contain unpaired UTF-16 surrogates" }]);
    expect(jsonTextProblems(JSON.stringify({ a: { "b\u0007": 1 } }))).toEqual([{ field: "a.b\\u0007", message: "name must not contain control characters (found U+0007)" }]);
    expect(jsonTextProblems(JSON.stringify(["\u007f"]))).toEqual([{ field: "0", message: "must not contain control characters (found U+007F)" }]);
    expect(jsonTextProblems(JSON.stringify("\b"))).toEqual([{ field: "(root)", message: "must not contain control characters (found U+0008)" }]);
  });

  test("JSON: look-alikes pass (an escaped backslash before u0000, a surrogate pair, TAB), malformed text is left to the route", () => {
    expect(jsonTextProblems(JSON.stringify({ a: "\\u0000 and \\b", b: "\ud83d\ude00", c: "\t\n" }))).toEqual([]);
    expect(jsonTextProblems('{"a":"\\ud83d\\ude00"}')).toEqual([]);
    expect(jsonTextProblems('{"a":"\\u0000"')).toEqual([]);
  });

  test("JSON: nesting 100,000 deep is walked without running out of stack", () => {
    const depth = 100_000;
    expect(jsonTextProblems(`${"[".repeat(depth)}"\\u0000"${"]".repeat(depth)}`)).toEqual([{ field: Array(depth).fill("0").join("."), message: "must not contain control characters (found U+0000)" }]);
  });

  test("query strings and form bodies: names and values, percent- and plus-decoded; bytes that are not UTF-8 are refused", () => {
    expect(formProblems("q=%00&limit=5", "query.")).toEqual([{ field: "query.q", message: "must not contain control characters (found U+0000)" }]);
    expect(formProblems("email=a%ED%A0%80", "query.")).toEqual([{ field: "query.email", message: "is not valid UTF-8" }]);
    expect(formProblems("q=%FF", "")).toEqual([{ field: "q", message: "is not valid UTF-8" }]);
    expect(formProblems("a%01b=1", "query.")).toEqual([{ field: "query.a\\u0001b", message: "name must not contain control characters (found U+0001)" }]);
    expect(formProblems("a%FF=1", "query.")).toEqual([{ field: "query", message: "has a parameter name that is not valid UTF-8" }]);
    expect(formProblems("q=caf%C3%A9+au+lait&p=100%&r=%2B&&s", "query.")).toEqual([]);
  });

  test("path segments are decoded one by one", () => {
    expect(pathProblems("/api/v1/social/contacts/%00")).toEqual([{ field: "path", message: "must not contain control characters (found U+0000)" }]);
    expect(pathProblems("/a/%ED%A0%80")).toEqual([{ field: "path", message: "is not valid UTF-8" }]);
    expect(pathProblems("/a/caf%C3%A9/%2F/100%")).toEqual([]);
  });
});

/** A root app as every service serves it, around routes that record what their handlers were given. */
function testApp() {
  const seen: unknown[] = [];
  const routes = createRouter();
  routes.openapi(
    createRoute({ method: "post", path: "/things", request: { body: { content: { "application/json": { schema: z.object({ name: z.string(), tags: z.array(z.string()).optional() }) } }, required: true } }, responses: { 201: { description: "Created" } } }),
    async (c) => {
      seen.push(c.req.valid("json"));
      return c.json({ ok: true }, 201);
    },
  );
  routes.get("/things/:id", (c) => {
    seen.push({ id: c.req.param("id"), q: c.req.query("q") });
    return c.json({ ok: true });
  });
  routes.post("/form", async (c) => {
    const body = await c.req.parseBody();
    seen.push(Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === "string" ? v : `file:${v.size}`])));
    return c.json({ ok: true });
  });
  routes.post(
    "/small",
    bodyLimit({
      maxSize: 16,
      onError: () => {
        throw new AppError("INVALID_ARGUMENT", "too large", { status: 413 });
      },
    }),
    async (c) => {
      seen.push(new TextDecoder().decode(await c.req.arrayBuffer()));
      return c.json({ ok: true });
    },
  );
  const app = buildRootApp({
    service: "test",
    log: createLogger("test", "error"),
    trustedProxies: [],
    bodyLimitBytes: 1 << 20,
    acceptedContentTypes: ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"],
    readiness: async () => ({ ok: true, checks: {} }),
    serviceApp: routes,
  });
  const send = async (path: string, init: RequestInit = {}) => {
    const res = await app.fetch(new Request(`http://test${path}`, init));
    return { status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as any };
  };
  const postJson = (text: string | Uint8Array) => send("/things", { method: "POST", headers: { "content-type": "application/json" }, body: text });
  return { seen, send, postJson };
}

describe("the guard in front of every route", () => {
  test("a JSON body with a NUL or a lone surrogate is refused with 400 naming the field, and the handler never runs", async () => {
    const { seen, postJson } = testApp();
    const nul = await postJson(JSON.stringify({ name: "a\u0000b" }));
    expect(nul.status).toBe(400);
    expect(nul.type).toBe("application/problem+json");
    expect(nul.body).toMatchObject({ code: "INVALID_ARGUMENT", errors: [{ field: "name", message: "must not contain control characters (found U+0000)" }] });
    const surrogate = await postJson('{"name":"ok","tags":["x","\\ud800"]}');
    expect(surrogate.status).toBe(400);
    expect(surrogate.body.errors).toEqual([{ field: "tags.1", message: "must not contain unpaired UTF-16 surrogates" }]);
    expect(seen).toEqual([]);
  });

  test("a body that is not UTF-8 is refused rather than read with replacement characters", async () => {
    const { seen, postJson } = testApp();
    const res = await postJson(new Uint8Array([...new TextEncoder().encode('{"name":"'), 0xed, 0xa0, 0x80, ...new TextEncoder().encode('"}')]));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: "(root)", message: "is not valid UTF-8" }]);
    expect(seen).toEqual([]);
  });

  test("good text passes untouched, and the validator still reads the body", async () => {
    const { seen, postJson } = testApp();
    const name = "Zoë\ttab ☕ \ud83d\ude00 \\u0000";
    expect((await postJson(JSON.stringify({ name, tags: ["a\nb"] }))).status).toBe(201);
    expect((await postJson('{"name":"\\ud83d\\ude00"}')).status).toBe(201);
    expect(seen).toEqual([{ name, tags: ["a\nb"] }, { name: "\ud83d\ude00" }]);
  });

  test("malformed JSON is still the route's 400", async () => {
    const { postJson } = testApp();
    const res = await postJson('{"name":"\\u0000"');
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe("Malformed JSON in request body");
  });

  test("path segments and query parameters", async () => {
    const { seen, send } = testApp();
    const path = await send("/things/%00");
    expect(path.status).toBe(400);
    expect(path.body.errors).toEqual([{ field: "path", message: "must not contain control characters (found U+0000)" }]);
    const query = await send("/things/1?q=%1B");
    expect(query.status).toBe(400);
    expect(query.body.errors).toEqual([{ field: "query.q", message: "must not contain control characters (found U+001B)" }]);
    expect((await send("/things/caf%C3%A9?q=a%20b")).status).toBe(200);
    expect(seen).toEqual([{ id: "café", q: "a b" }]);
  });

  test("form bodies: url-encoded fields and multipart text fields are checked, file contents are not", async () => {
    const { seen, send } = testApp();
    const encoded = await send("/form", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "email=a%00b&name=x" });
    expect(encoded.status).toBe(400);
    expect(encoded.body.errors).toEqual([{ field: "email", message: "must not contain control characters (found U+0000)" }]);

    const badText = new FormData();
    badText.append("note", "x\u0000");
    const multipart = await send("/form", { method: "POST", body: badText });
    expect(multipart.status).toBe(400);
    expect(multipart.body.errors).toEqual([{ field: "note", message: "must not contain control characters (found U+0000)" }]);

    const withFile = new FormData();
    withFile.append("note", "fine");
    withFile.append("file", new File([new Uint8Array([0, 1, 2, 0xff, 0x7f])], "scan.pdf", { type: "application/pdf" }));
    expect((await send("/form", { method: "POST", body: withFile })).status).toBe(200);
    expect((await send("/form", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "email=a%40b.example&name=Zo%C3%AB" })).status).toBe(200);
    expect(seen).toEqual([{ note: "fine", file: "file:5" }, { email: "a@b.example", name: "Zoë" }]);
  });

  test("a route's own body limit still applies to a chunked body after the guard has read it", async () => {
    const { seen, send } = testApp();
    const chunked = (text: string) =>
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(text));
          controller.close();
        },
      });
    expect((await send("/small", { method: "POST", headers: { "content-type": "application/json" }, body: chunked('{"a":"small"}') })).status).toBe(200);
    expect((await send("/small", { method: "POST", headers: { "content-type": "application/json" }, body: chunked('{"a":"far too large for it"}') })).status).toBe(413);
    expect(seen).toEqual(['{"a":"small"}']);
  });
});
