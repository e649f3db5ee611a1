/**
 * The webhook endpoint form: the event catalogue as checkboxes, what the user typed checked before
 * a round trip, and the API's refusals placed next to the field they concern. Pure.
 */
import { consumption } from "../../../../proto-like-schemas/consumption.ts";
import { type FormErrors, type Problem, problemMessage } from "../page/problem.ts";

/** "Every event, including ones added later." */
export const ALL_EVENTS = "*";
/** What an endpoint can subscribe to: the webhook service's row of the consumption table. */
export const WEBHOOK_EVENT_TYPES: readonly string[] = consumption.webhook;

const MAX_URL = 2048;
const MAX_DESCRIPTION = 500;

const GROUP_NAME: Record<string, string> = {
  wallet: "Wallet",
  transaction: "Transactions",
  kyc: "Verification",
  social: "Requests and splits",
  analytics: "Budgets",
};

export interface EventOption {
  type: string;
  label: string;
}
export interface EventGroup {
  name: string;
  events: EventOption[];
}

/** "money_request_sent" → "Money request sent". */
const sentence = (words: string) => {
  const text = words.replaceAll("_", " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** "transaction.fraud_blocked" → "Transaction fraud blocked" (for lists that mix domains). */
export const eventLabel = (type: string): string => (type === ALL_EVENTS ? "All events" : sentence(type.replace(".", " ")));

/** The catalogue in groups by domain, in the table's order. */
export function eventGroups(types: readonly string[] = WEBHOOK_EVENT_TYPES): EventGroup[] {
  const groups = new Map<string, EventOption[]>();
  for (const type of types) {
    const [domain = "", name = type] = type.split(".", 2);
    const list = groups.get(domain) ?? [];
    list.push({ type, label: sentence(name) });
    groups.set(domain, list);
  }
  return [...groups].map(([domain, events]) => ({ name: GROUP_NAME[domain] ?? sentence(domain), events }));
}

export interface WebhookFormValues {
  url: string;
  events: string[];
  description: string;
}

export type WebhookFormResult = { ok: true; value: { url: string; events: string[]; description: string | null } } | { ok: false; errors: FormErrors };

/** The form as typed: events are the checked boxes (several values under one name). */
export function webhookFormValues(input: { url?: unknown; events?: unknown; description?: unknown }): WebhookFormValues {
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  const events = (Array.isArray(input.events) ? input.events : [input.events]).filter((e): e is string => typeof e === "string" && e !== "");
  return { url: text(input.url).trim(), events: [...new Set(events)], description: text(input.description).trim() };
}

/** Checks what a person can get wrong before the API has its say (it also checks where the URL leads). */
export function readWebhookForm(v: WebhookFormValues): WebhookFormResult {
  const fields: Record<string, string> = {};
  if (v.url === "") fields.url = "Enter the URL that should receive the events.";
  else if (v.url.length > MAX_URL) fields.url = `Use at most ${MAX_URL} characters.`;
  else if (!URL.canParse(v.url) || !/^https?:$/.test(new URL(v.url).protocol)) fields.url = "Enter a full URL, like https://example.com/webhooks/mint.";
  const unknown = v.events.filter((e) => e !== ALL_EVENTS && !WEBHOOK_EVENT_TYPES.includes(e));
  if (v.events.length === 0) fields.events = "Choose at least one event.";
  else if (unknown.length > 0) fields.events = `Unknown event: ${unknown[0]}.`;
  if (v.description.length > MAX_DESCRIPTION) fields.description = `Use at most ${MAX_DESCRIPTION} characters.`;
  if (Object.keys(fields).length > 0) return { ok: false, errors: { fields } };
  const events = v.events.includes(ALL_EVENTS) ? [ALL_EVENTS] : v.events;
  return { ok: true, value: { url: v.url, events, description: v.description || null } };
}

const FORM_FIELDS = new Set(["url", "events", "description"]);

/**
 * The API's refusal next to the field it names: a destination that may not be called is a 422
 * naming `url` with the reason; `events.3` is the events field.
 */
export function webhookProblemErrors(problem: Problem): FormErrors {
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const e of problem.errors ?? []) {
    const name = e.field.replace(/^body\./, "").split(".")[0] ?? "";
    if (FORM_FIELDS.has(name)) fields[name] ??= e.message;
    else rest.push(e.field ? `${e.field}: ${e.message}` : e.message);
  }
  if (Object.keys(fields).length === 0 && rest.length === 0) return { fields: {}, form: problemMessage(problem) };
  return rest.length ? { fields, form: rest.join(" ") } : { fields };
}
