import { describe, expect, test } from "bun:test";
import { parseAuditFilters, parseTxnFilters, queryOf } from "./filters.ts";
import { exactEmail, optionalNotes, parseUserHandle, requiredText, ticked } from "./forms.ts";
import { describeChange, limitsApiErrors, limitsToForm, parseLimitsForm, type TierTable } from "./limits-form.ts";
import { actionTitle, approvedToast, canDecide, personName, prettyJson, waitingText, walletStatusWords, type ActionLike } from "./words.ts";

const table: TierTable = {
  UNVERIFIED: { perTransactionCents: 5_000, dailyCents: 10_000, monthlyCents: 20_000, depositPerTransactionCents: 5_000, depositDailyCents: 10_000 },
  BASIC: { perTransactionCents: 50_000, dailyCents: 200_000, monthlyCents: 1_000_000, depositPerTransactionCents: 50_000, depositDailyCents: 200_000 },
  VERIFIED: { perTransactionCents: 1_000_000, dailyCents: 5_000_000, monthlyCents: 20_000_000, depositPerTransactionCents: 1_000_000, depositDailyCents: 5_000_000 },
};

describe("limits form", () => {
  test("shows the table in dollars and sends only what changed, in cents", () => {
    const form = limitsToForm(table);
    expect(form["BASIC.perTransactionCents"]).toBe("500.00");
    expect(parseLimitsForm(form, table)).toEqual({ values: form, errors: {}, change: {} });
    const changed = parseLimitsForm({ ...form, "BASIC.perTransactionCents": "750", "VERIFIED.depositDailyCents": "$60,000.10" }, table);
    expect(changed.errors).toEqual({});
    expect(changed.change).toEqual({ BASIC: { perTransactionCents: 75_000 }, VERIFIED: { depositDailyCents: 6_000_010 } });
    expect(describeChange(changed.change!, table, (t) => t, (c) => `${c}c`)).toBe("BASIC: one transfer 50000c → 75000c; VERIFIED: deposits per day 5000000c → 6000010c");
  });

  test("messages next to the fields: amounts, blanks, and per-transaction ≤ daily ≤ monthly per tier", () => {
    const form = limitsToForm(table);
    const bad = parseLimitsForm(
      { ...form, "BASIC.perTransactionCents": "3000", "BASIC.monthlyCents": "1500", "UNVERIFIED.dailyCents": "", "VERIFIED.depositPerTransactionCents": "0.001", "VERIFIED.perTransactionCents": "-5" },
      table,
    );
    expect(bad.change).toBeNull();
    expect(bad.errors).toEqual({
      "BASIC.dailyCents": "One transfer can't be more than a day of transfers.",
      "BASIC.monthlyCents": "A day of transfers can't be more than a month of transfers.",
      "UNVERIFIED.dailyCents": "Enter a limit in dollars.",
      "VERIFIED.depositPerTransactionCents": "Use at most two decimal places (cents).",
      "VERIFIED.perTransactionCents": "Enter an amount greater than zero.",
    });
    // What was typed comes back as typed.
    expect(bad.values["BASIC.monthlyCents"]).toBe("1500");
  });

  test("the API's field errors land on the form's fields", () => {
    const mapped = limitsApiErrors({ status: 400, errors: [{ field: "tiers.BASIC.dailyCents", message: "must be at least 1 cent" }, { field: "reason", message: "is required" }] });
    expect(mapped).toEqual({ fields: { "BASIC.dailyCents": "must be at least 1 cent" }, form: ["reason is required"] });
  });
});

describe("forms", () => {
  test("a reason is required, trimmed and at most 500 characters; notes may be empty", () => {
    expect(requiredText("  chargeback  ", "reason")).toEqual({ ok: true, value: "chargeback" });
    expect(requiredText("   ", "reason").ok).toBe(false);
    expect(requiredText("x".repeat(501), "reason")).toEqual({ ok: false, message: "Use at most 500 characters (this has 501)." });
    expect(optionalNotes("")).toEqual({ ok: true, value: undefined });
    expect(optionalNotes(" fine ")).toEqual({ ok: true, value: "fine" });
    expect(ticked({ force: "on" }, "force")).toBe(true);
    expect(ticked({}, "force")).toBe(false);
  });

  test("a user is named by e-mail or id", () => {
    const id = crypto.randomUUID();
    expect(parseUserHandle(id.toUpperCase())).toEqual({ ok: true, handle: { kind: "id", id } });
    expect(parseUserHandle(" Ada@Example.com ")).toEqual({ ok: true, handle: { kind: "email", email: "ada@example.com" } });
    expect(parseUserHandle("")).toEqual({ ok: true, handle: undefined });
    expect(parseUserHandle("ada").ok).toBe(false);
    expect(exactEmail([{ email: "ada@example.com.au" }, { email: "ada@example.com" }], "ADA@example.com")).toEqual({ email: "ada@example.com" });
  });
});

describe("filters", () => {
  test("transactions: the user's list's filters plus the user; bad values get messages", () => {
    const ok = parseTxnFilters(new URLSearchParams("user=ada@example.com&status=COMPLETED&min=10&max=12.50&from=2026-03-01&to=2026-03-01&direction=sent"), "UTC");
    expect(ok.errors).toEqual({});
    expect(ok.user).toEqual({ kind: "email", email: "ada@example.com" });
    expect(ok.api).toEqual({ status: "COMPLETED", minAmount: 1_000, maxAmount: 1_250, from: "2026-03-01T00:00:00.000Z", to: "2026-03-01T23:59:59.999Z" });
    expect(ok.values).toEqual({ user: "ada@example.com", status: "COMPLETED", min: "10", max: "12.50", from: "2026-03-01", to: "2026-03-01" });
    const bad = parseTxnFilters(new URLSearchParams("user=ada&min=abc&type=GIFT"), "UTC");
    expect(bad.api).toBeNull();
    expect(Object.keys(bad.errors).sort()).toEqual(["min", "type", "user"]);
  });

  test("audit: actor and target by e-mail or id, an event type, days in the admin's zone", () => {
    const f = parseAuditFilters(new URLSearchParams("type=admin.user_frozen&from=2026-03-03&to=2026-03-03&target=bob@example.com"), "America/New_York");
    expect(f.api).toEqual({ type: "admin.user_frozen", from: "2026-03-03T05:00:00.000Z", to: "2026-03-04T04:59:59.999Z" });
    expect(f.target).toEqual({ kind: "email", email: "bob@example.com" });
    const bad = parseAuditFilters(new URLSearchParams("type=DROP TABLE&from=2026-02-30"), "UTC");
    expect(bad.errors).toEqual({ type: "Choose an event type from the list.", from: "Enter a date like 2026-03-31." });
    expect(queryOf({ a: "1", b: "", c: undefined }, { cursor: "9" })).toBe("?a=1&cursor=9");
  });
});

describe("words", () => {
  const action = (over: Partial<ActionLike> = {}): ActionLike => ({
    kind: "REVERSE",
    status: "PENDING",
    amountCents: 150_000,
    params: { force: false },
    targetUsers: [
      { id: "a", name: "Ada Lovelace", email: "ada@example.com" },
      { id: "b", name: null, email: "bob@example.com" },
    ],
    requestedBy: { id: "admin-1", name: "Ops", email: "ops@example.com" },
    error: null,
    lastError: null,
    ...over,
  });

  test("names, waiting times and wallet statuses in words", () => {
    expect(personName({ id: "x", name: "  ", email: null })).toBe("Unknown user");
    expect(waitingText(30)).toBe("less than a minute");
    expect(waitingText(61 * 60)).toBe("1 h 1 min");
    expect(waitingText(50 * 3600)).toBe("2 days 2 h");
    expect(walletStatusWords("FROZEN")).toMatchObject({ label: "Frozen", tone: "danger" });
  });

  test("dual-control actions: what they are, who may decide, what an approval did", () => {
    expect(actionTitle(action())).toBe("Reverse the $1,500.00 transfer from Ada Lovelace to bob@example.com");
    expect(actionTitle(action({ kind: "PROMOTE", amountCents: null, targetUsers: [{ id: "g", name: "Gus", email: "g@x.io" }] }))).toBe("Promote Gus to admin");
    expect(canDecide(action(), "admin-1")).toBe(false);
    expect(canDecide(action(), "admin-2")).toBe(true);
    expect(canDecide(action({ status: "EXECUTED" }), "admin-2")).toBe(false);
    expect(approvedToast(action({ status: "EXECUTED" }))).toEqual({ kind: "success", message: "Approved: the reversal ran (Reverse the $1,500.00 transfer from Ada Lovelace to bob@example.com)." });
    expect(approvedToast(action({ status: "FAILED", error: { code: "INSUFFICIENT_FUNDS", message: "the payee no longer holds the money" } })).message).toBe(
      "Approved, but the reversal was refused: the payee no longer holds the money. Nothing changed.",
    );
  });

  test("payloads are pretty-printed", () => {
    expect(prettyJson({ a: 1, b: ["<x>"] })).toBe('{\n  "a": 1,\n  "b": [\n    "<x>"\n  ]\n}');
    expect(prettyJson(undefined)).toBe("(none)");
  });
});
