/** Webhook endpoints and their deliveries as the settings page shows them. Pure. */
import type { WebhookDelivery, WebhookEndpoint } from "../../../../proto-like-schemas/webhook.ts";
import { dateTime } from "../transactions/days.ts";
import { ALL_EVENTS, eventLabel } from "./webhook-form.ts";

export type Tone = "neutral" | "pending" | "success" | "error";

/** An endpoint as the webhook API answers it (the fields the page reads). */
export type EndpointIn = Omit<WebhookEndpoint, "updatedAt">;

export interface EndpointView {
  id: string;
  url: string;
  description: string | null;
  status: { label: string; tone: Tone; detail?: string };
  /** "All events" or "3 events". */
  eventsSummary: string;
  /** Each subscribed type with its label. */
  events: { type: string; label: string }[];
  created: string;
}

export function endpointStatus(e: Pick<EndpointIn, "active" | "disabledReason">): EndpointView["status"] {
  if (e.active) return { label: "Active", tone: "success" };
  if (e.disabledReason === "GONE") return { label: "Disabled", tone: "error", detail: "Your receiver answered 410 Gone, so we stopped sending." };
  if (e.disabledReason === "FAILING") return { label: "Disabled", tone: "error", detail: "Deliveries failed for five days, so we stopped sending." };
  return { label: "Paused", tone: "neutral" };
}

export function endpointView(e: EndpointIn, tz: string): EndpointView {
  const all = e.events.includes(ALL_EVENTS);
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    status: endpointStatus(e),
    eventsSummary: all ? "All events" : `${e.events.length} event${e.events.length === 1 ? "" : "s"}`,
    events: all ? [{ type: ALL_EVENTS, label: "All events, including ones added later" }] : e.events.map((type) => ({ type, label: eventLabel(type) })),
    created: dateTime(new Date(e.createdAt), tz),
  };
}

/** A delivery as the webhook API answers it (the fields the page reads). */
export type DeliveryIn = Omit<WebhookDelivery, "eventId" | "responseBody">;

export interface DeliveryView {
  id: string;
  eventType: string;
  eventLabel: string;
  status: { label: string; tone: Tone };
  /** "1 attempt" / "3 attempts". */
  attempts: string;
  /** "HTTP 200 in 42 ms", "No answer: connection refused", "Not sent yet". */
  response: string;
  /** When it last happened (the latest attempt, else when it was queued). */
  time: string;
  /** "Next try Mar 3, 2026, 4:05 PM" while a retry is scheduled. */
  next?: string;
  /** Redeliver is offered unless an attempt is in progress. */
  canRedeliver: boolean;
  /** Still moving: the list refreshes itself while any is. */
  inFlight: boolean;
}

const STATUS: Record<DeliveryIn["status"], { label: string; tone: Tone }> = {
  PENDING: { label: "Waiting", tone: "pending" },
  SENDING: { label: "Sending", tone: "pending" },
  SUCCEEDED: { label: "Delivered", tone: "success" },
  FAILED: { label: "Failed", tone: "error" },
};

export function deliveryView(d: DeliveryIn, tz: string): DeliveryView {
  // `attempt` counts the attempts made so far; one that is being made counts.
  const attempted = d.lastAttemptAt !== null;
  const status = d.status === "PENDING" && d.attempt > 0 ? { label: "Retrying", tone: "pending" as const } : STATUS[d.status];
  const took = d.durationMs !== null ? ` in ${d.durationMs} ms` : "";
  const response = d.responseStatus !== null ? `HTTP ${d.responseStatus}${took}` : d.error ? `No answer: ${d.error}` : attempted ? "No answer" : "Not answered yet";
  const attempts = d.attempt;
  return {
    id: d.id,
    eventType: d.eventType,
    eventLabel: eventLabel(d.eventType),
    status,
    attempts: `${attempts} attempt${attempts === 1 ? "" : "s"}`,
    response,
    time: dateTime(new Date(d.lastAttemptAt ?? d.createdAt), tz),
    next: d.status === "PENDING" && d.nextAttemptAt && d.attempt > 0 ? `Next try ${dateTime(new Date(d.nextAttemptAt), tz)}` : undefined,
    canRedeliver: d.status !== "SENDING",
    inFlight: d.status === "PENDING" || d.status === "SENDING",
  };
}
