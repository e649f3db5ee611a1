import { describe, expect, test } from "bun:test";
import { type DeliveryIn, deliveryView, endpointStatus, endpointView } from "./webhook-view.ts";

const delivery = (d: Partial<DeliveryIn>): DeliveryIn => ({
  id: "d-1",
  eventType: "transaction.completed",
  status: "SUCCEEDED",
  attempt: 1,
  responseStatus: 200,
  durationMs: 42,
  error: null,
  nextAttemptAt: null,
  lastAttemptAt: "2026-03-03T10:00:00Z",
  deliveredAt: "2026-03-03T10:00:00Z",
  createdAt: "2026-03-03T10:00:00Z",
  ...d,
});

describe("endpoints", () => {
  test("the state is said in words, with the reason an endpoint was disabled", () => {
    expect(endpointStatus({ active: true, disabledReason: null })).toEqual({ label: "Active", tone: "success" });
    expect(endpointStatus({ active: false, disabledReason: "GONE" }).detail).toContain("410 Gone");
    expect(endpointStatus({ active: false, disabledReason: "FAILING" }).detail).toContain("five days");
  });

  test("a subscription to everything reads as such; others list each event", () => {
    const base = { id: "e", url: "https://x.example", description: null, active: true, disabledReason: null, createdAt: "2026-03-03T10:00:00Z" };
    expect(endpointView({ ...base, events: ["*"] }, "UTC")).toMatchObject({ eventsSummary: "All events", events: [{ type: "*" }] });
    expect(endpointView({ ...base, events: ["transaction.completed"] }, "UTC")).toMatchObject({ eventsSummary: "1 event", events: [{ type: "transaction.completed", label: "Transaction completed" }] });
  });
});

describe("deliveries", () => {
  test("delivered: the response code, duration and attempts", () => {
    expect(deliveryView(delivery({}), "UTC")).toMatchObject({ status: { label: "Delivered", tone: "success" }, attempts: "1 attempt", response: "HTTP 200 in 42 ms", canRedeliver: true, inFlight: false });
  });

  test("a failed attempt waiting for its retry says when the next one is", () => {
    const v = deliveryView(delivery({ status: "PENDING", attempt: 2, responseStatus: 500, nextAttemptAt: "2026-03-03T10:05:00Z" }), "UTC");
    expect(v).toMatchObject({ status: { label: "Retrying" }, attempts: "2 attempts", response: "HTTP 500 in 42 ms", inFlight: true });
    expect(v.next).toContain("Next try Mar 3, 2026");
  });

  test("no answer at all names the error; being sent cannot be redelivered", () => {
    expect(deliveryView(delivery({ status: "FAILED", responseStatus: null, durationMs: null, error: "connection refused" }), "UTC").response).toBe("No answer: connection refused");
    expect(deliveryView(delivery({ status: "SENDING", responseStatus: null, lastAttemptAt: null }), "UTC")).toMatchObject({ status: { label: "Sending" }, canRedeliver: false, inFlight: true, response: "Not answered yet" });
    expect(deliveryView(delivery({ status: "PENDING", attempt: 0, responseStatus: null, lastAttemptAt: null }), "UTC").status.label).toBe("Waiting");
  });
});
