import { describe, expect, test } from "bun:test";
import { checkDeposit, checkSend, depositInput, formKey, NOTE_MAX, sendInput } from "./money-forms.ts";

describe("money forms", () => {
  test("the key must be a UUID the server could have rendered", () => {
    const key = crypto.randomUUID();
    expect(formKey({ idempotency_key: key.toUpperCase() })).toBe(key);
    expect(formKey({ idempotency_key: "not-a-key" })).toBeUndefined();
    expect(formKey({})).toBeUndefined();
  });

  test("a deposit: dollars as text into cents, an optional note", () => {
    expect(checkDeposit(depositInput({ amount: " 12.34 ", note: "  salary " }))).toEqual({ ok: true, value: { amountCents: 1234, note: "salary" } });
    expect(checkDeposit(depositInput({ amount: "5" }))).toEqual({ ok: true, value: { amountCents: 500, note: null } });
    for (const amount of ["1.234", "1e3", "-5", "0", ""]) {
      const r = checkDeposit(depositInput({ amount }));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(Object.keys(r.errors.fields)).toEqual(["amount"]);
    }
    const long = checkDeposit(depositInput({ amount: "1", note: "x".repeat(NOTE_MAX + 1) }));
    expect(long.ok ? undefined : long.errors.fields.note).toBe(`Use at most ${NOTE_MAX} characters.`);
  });

  test("a transfer: a chosen recipient, an optional known category", () => {
    expect(checkSend(sendInput({ recipient: "Ada@Example.com", amount: "12.34", category: "food", note: "" }))).toEqual({
      ok: true,
      value: { recipientEmail: "ada@example.com", amountCents: 1234, category: "FOOD", note: null },
    });
    const none = checkSend(sendInput({ amount: "1", q: "" }));
    expect(none.ok ? undefined : none.errors.fields.recipient).toStartWith("Search for the person");
    const unpicked = checkSend(sendInput({ amount: "1", q: "ada" }));
    expect(unpicked.ok ? undefined : unpicked.errors.fields.recipient).toBe("Choose who you're paying from the list.");
    const badCategory = checkSend(sendInput({ amount: "1", recipient: "a@b.co", category: "CARS" }));
    expect(badCategory.ok ? undefined : badCategory.errors.fields).toEqual({ category: "Choose one of the categories, or none." });
  });
});
