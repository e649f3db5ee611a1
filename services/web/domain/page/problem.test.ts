import { describe, expect, test } from "bun:test";
import { hasErrors, parseRetryAfter, problemMessage, problemToFormErrors, toProblem } from "./problem.ts";

describe("toProblem", () => {
  test("keeps the problem fields", () => {
    const p = toProblem(400, {
      type: "about:blank",
      title: "Bad Request",
      status: 400,
      detail: "Request has invalid fields: email",
      code: "INVALID_ARGUMENT",
      errors: [{ field: "email", message: "Invalid email" }, { nonsense: true }],
    });
    expect(p).toEqual({
      status: 400,
      type: "about:blank",
      title: "Bad Request",
      detail: "Request has invalid fields: email",
      code: "INVALID_ARGUMENT",
      errors: [{ field: "email", message: "Invalid email" }],
    });
  });

  test("keeps a problem's extension members, such as the fields of a limit breach", () => {
    const p = toProblem(422, { status: 422, code: "LIMIT_EXCEEDED", detail: "over", instance: "/x", requestId: "r1", window: "DAILY", limit: 10_000, used: 9_000, remaining: 1_000, resetsAt: "2030-01-02T00:00:00.000Z" });
    expect(p.extensions).toEqual({ window: "DAILY", limit: 10_000, used: 9_000, remaining: 1_000, resetsAt: "2030-01-02T00:00:00.000Z" });
    expect(toProblem(400, { status: 400, detail: "x" }).extensions).toBeUndefined();
  });

  test("survives non-problem bodies", () => {
    expect(toProblem(502, "<html>bad gateway</html>")).toEqual({ status: 502 } as never);
    expect(toProblem(500, null).status).toBe(500);
  });

  test("reads Retry-After", () => {
    expect(toProblem(429, { code: "RATE_LIMITED" }, "12").retryAfterSeconds).toBe(12);
  });
});

test("parseRetryAfter", () => {
  expect(parseRetryAfter("30")).toBe(30);
  expect(parseRetryAfter(undefined)).toBeUndefined();
  expect(parseRetryAfter("soon")).toBeUndefined();
  const now = Date.parse("2025-01-01T00:00:00Z");
  expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:20 GMT", now)).toBe(20);
});

describe("problemMessage", () => {
  test("rate limited", () => {
    expect(problemMessage({ status: 429, retryAfterSeconds: 5 })).toBe("Too many attempts. Please wait 5 seconds and try again.");
    expect(problemMessage({ status: 429, retryAfterSeconds: 1 })).toBe("Too many attempts. Please wait 1 second and try again.");
    expect(problemMessage({ status: 429 })).toBe("Too many attempts. Please wait a moment and try again.");
  });
  test("server trouble never leaks internals", () => {
    expect(problemMessage({ status: 500, detail: "TypeError at line 3" })).toBe("We couldn't reach Mint just now. Please try again in a moment.");
    expect(problemMessage({ status: 0 })).toContain("couldn't reach");
  });
  test("client errors use detail, then title", () => {
    expect(problemMessage({ status: 401, detail: "Invalid email or password", title: "Unauthorized" })).toBe("Invalid email or password");
    expect(problemMessage({ status: 403, title: "Forbidden" })).toBe("Forbidden");
    expect(problemMessage({ status: 400 })).toBe("Something went wrong. Please try again.");
  });
});

describe("problemToFormErrors", () => {
  const fields = ["name", "email", "password"] as const;

  test("puts messages next to matching fields, first one wins", () => {
    const e = problemToFormErrors(
      {
        status: 400,
        detail: "invalid",
        errors: [
          { field: "email", message: "Enter a valid e-mail" },
          { field: "password", message: "Too short" },
          { field: "password", message: "Needs a digit" },
        ],
      },
      { fields },
    );
    expect(e).toEqual({ fields: { email: "Enter a valid e-mail", password: "Too short" } });
    expect(hasErrors(e)).toBe(true);
  });

  test("maps aliases and dotted paths", () => {
    const e = problemToFormErrors(
      { status: 400, errors: [{ field: "new_password", message: "Needs a digit" }, { field: "body.email", message: "Bad" }] },
      { fields, aliases: { new_password: "password" } },
    );
    expect(e.fields).toEqual({ password: "Needs a digit", email: "Bad" });
    expect(e.form).toBeUndefined();
  });

  test("unknown fields become the form message", () => {
    const e = problemToFormErrors({ status: 400, errors: [{ field: "captcha", message: "Solve the puzzle" }] }, { fields });
    expect(e).toEqual({ fields: {}, form: "Solve the puzzle" });
  });

  test("no field errors: form message from the problem", () => {
    expect(problemToFormErrors({ status: 401, detail: "Invalid email or password" }, { fields })).toEqual({
      fields: {},
      form: "Invalid email or password",
    });
  });
});
