import { afterAll, beforeAll, expect, test } from "bun:test";
import { startService } from "../../../tests/harness/services.ts";
import { service } from "../main.ts";

let web: Awaited<ReturnType<typeof service.start>>;
beforeAll(async () => {
  web = await startService(service, { PUBLIC_BASE_URL: "http://localhost:8080" });
});
afterAll(() => web?.stop());

const post = (headers: Record<string, string>) =>
  fetch(`${web.url}/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: web.url, ...headers },
    body: "email=ada%00%40example.com&password=x",
  });

test("a form the runtime refuses (a NUL in a field) is a page naming the field for a browser", async () => {
  const res = await post({ accept: "text/html" });
  expect(res.status).toBe(400);
  expect(res.headers.get("content-type")).toContain("text/html");
  const html = await res.text();
  expect(html).toContain("We couldn&#39;t accept what you sent");
  expect(html).toContain("“email” must not contain control characters");
});

test("htmx gets a fragment, an API client the problem document", async () => {
  const htmx = await post({ accept: "text/html", "hx-request": "true" });
  expect(htmx.status).toBe(400);
  expect(await htmx.text()).toContain('role="alert"');
  const api = await post({ accept: "application/json" });
  expect(api.status).toBe(400);
  expect(api.headers.get("content-type")).toContain("application/problem+json");
});
