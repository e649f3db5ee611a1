import { describe, expect, test } from "bun:test";
import { checkRequest, requestInput } from "./request-form.ts";

describe("the request-money form", () => {
  test("a chosen person, an amount in dollars and a note", () => {
    expect(checkRequest(requestInput({ q: "ann", recipient: " Ann@Example.com ", amount: "12.34", note: "  Pizza " }))).toEqual({
      ok: true,
      value: { recipientEmail: "ann@example.com", amountCents: 1_234, note: "Pizza" },
    });
    expect(checkRequest(requestInput({ recipient: "a@b.co", amount: "5", note: "" }))).toEqual({ ok: true, value: { recipientEmail: "a@b.co", amountCents: 500, note: null } });
  });

  test("amounts refused as text: too many decimals, exponents, signs, zero, empty", () => {
    for (const amount of ["1.234", "1e3", "-5", "0", ""]) {
      const r = checkRequest(requestInput({ recipient: "a@b.co", amount }));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.fields.amount).toEqual(expect.any(String));
    }
  });

  test("nobody chosen: search first, or choose from the list", () => {
    const none = checkRequest(requestInput({ amount: "5" }));
    expect(none.ok === false && none.errors.fields.recipient).toBe("Search for the person by their e-mail (at least 3 characters), then choose them.");
    const searched = checkRequest(requestInput({ q: "ann", amount: "5" }));
    expect(searched.ok === false && searched.errors.fields.recipient).toBe("Choose who you're asking from the list.");
  });

  test("a note of at most 255 characters", () => {
    expect(checkRequest(requestInput({ recipient: "a@b.co", amount: "5", note: "x".repeat(255) })).ok).toBe(true);
    const long = checkRequest(requestInput({ recipient: "a@b.co", amount: "5", note: "x".repeat(256) }));
    expect(long.ok === false && long.errors.fields.note).toBe("Use at most 255 characters.");
  });
});
