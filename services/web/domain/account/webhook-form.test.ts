import { describe, expect, test } from "bun:test";
import { eventGroups, eventLabel, readWebhookForm, WEBHOOK_EVENT_TYPES, webhookFormValues, webhookProblemErrors } from "./webhook-form.ts";

describe("the event catalogue", () => {
  test("every subscribable type appears once, grouped by domain, with a label in words", () => {
    const groups = eventGroups();
    expect(groups.flatMap((g) => g.events.map((e) => e.type)).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    expect(groups.map((g) => g.name)).toEqual(["Wallet", "Transactions", "Verification", "Requests and splits", "Budgets"]);
    expect(groups[1]!.events.find((e) => e.type === "transaction.fraud_blocked")?.label).toBe("Fraud blocked");
    expect(eventLabel("social.money_request_sent")).toBe("Social money request sent");
    expect(eventLabel("*")).toBe("All events");
  });
});

describe("the endpoint form", () => {
  const ok = { url: "https://example.com/hooks", events: ["transaction.completed"], description: "" };

  test("ticked boxes arrive as one or several values; blanks and repeats are dropped", () => {
    expect(webhookFormValues({ url: " https://a.example/x ", events: "transaction.completed", description: " note " })).toEqual({ url: "https://a.example/x", events: ["transaction.completed"], description: "note" });
    expect(webhookFormValues({ events: ["a", "", "a", "b"] }).events).toEqual(["a", "b"]);
    expect(webhookFormValues({}).events).toEqual([]);
  });

  test("a valid form gives what the API takes; 'all events' wins over single ones", () => {
    expect(readWebhookForm(ok)).toEqual({ ok: true, value: { url: ok.url, events: ["transaction.completed"], description: null } });
    expect(readWebhookForm({ ...ok, events: ["*", "transaction.completed"] })).toMatchObject({ ok: true, value: { events: ["*"] } });
  });

  test("each mistake is named on its field", () => {
    const errors = (v: Partial<typeof ok>) => {
      const r = readWebhookForm({ ...ok, ...v });
      return r.ok ? {} : r.errors.fields;
    };
    expect(errors({ url: "" })).toEqual({ url: "Enter the URL that should receive the events." });
    expect(errors({ url: "example.com/hooks" }).url).toContain("Enter a full URL");
    expect(errors({ url: "ftp://example.com/x" }).url).toContain("Enter a full URL");
    expect(errors({ url: `https://example.com/${"a".repeat(2100)}` }).url).toContain("at most 2048");
    expect(errors({ events: [] })).toEqual({ events: "Choose at least one event." });
    expect(errors({ events: ["transaction.teleported"] })).toEqual({ events: "Unknown event: transaction.teleported." });
    expect(errors({ description: "d".repeat(501) }).description).toContain("at most 500");
  });

  test("the API's refusal lands next to the field it names", () => {
    const ssrf = { status: 422, detail: "URL refused", errors: [{ field: "url", message: "resolves to a link-local or cloud-metadata address, which is never allowed" }] };
    expect(webhookProblemErrors(ssrf)).toEqual({ fields: { url: "resolves to a link-local or cloud-metadata address, which is never allowed" } });
    expect(webhookProblemErrors({ status: 400, errors: [{ field: "events.2", message: "Unknown event type" }] })).toEqual({ fields: { events: "Unknown event type" } });
    expect(webhookProblemErrors({ status: 409, detail: "You already have 20 endpoints" })).toEqual({ fields: {}, form: "You already have 20 endpoints" });
    expect(webhookProblemErrors({ status: 503, detail: "down" }).form).toContain("couldn't reach Mint");
  });
});
