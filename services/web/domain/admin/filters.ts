/**
 * The console's list filters as they live in the URL (a filtered view is a link to share or come
 * back to), checked here so each bad value gets its message next to its field.
 */
import { parseFilters, type ApiFilters, type FilterValues } from "../transactions/transaction-filters.ts";
import { parseUserHandle, type UserHandle } from "./forms.ts";

export const TXN_FILTER_KEYS = ["user", "q", "type", "status", "from", "to", "min", "max"] as const;
export type TxnFilterKey = (typeof TXN_FILTER_KEYS)[number];

export interface AdminTxnFilters {
  values: Partial<Record<TxnFilterKey, string>>;
  errors: Partial<Record<TxnFilterKey, string>>;
  /** Set only when every value is valid (the user still to be looked up when given by e-mail). */
  api: Omit<ApiFilters, "direction"> | null;
  user: UserHandle | undefined;
  active: boolean;
}

/**
 * The admin transaction list's filters: the user's own list's (text, type, status, dates in the
 * admin's zone, dollar amounts) plus the user, by e-mail or id. Direction means nothing here.
 */
export function parseTxnFilters(query: URLSearchParams, tz: string): AdminTxnFilters {
  const withoutDirection = new URLSearchParams(query);
  withoutDirection.delete("direction");
  const base = parseFilters(withoutDirection, tz);
  const values: AdminTxnFilters["values"] = {};
  for (const key of TXN_FILTER_KEYS) {
    const v = key === "user" ? query.get("user")?.trim() : base.values[key as keyof FilterValues];
    if (v) values[key] = v;
  }
  const errors: AdminTxnFilters["errors"] = { ...base.errors };
  delete (errors as Record<string, string>).direction;
  const user = parseUserHandle(values.user);
  if (!user.ok) errors.user = user.message;
  const ok = Object.keys(errors).length === 0;
  const { direction: _ignored, ...api } = base.api ?? {};
  return { values, errors, api: ok ? api : null, user: user.ok ? user.handle : undefined, active: Object.keys(values).length > 0 };
}

export const AUDIT_FILTER_KEYS = ["actor", "type", "target", "from", "to"] as const;
export type AuditFilterKey = (typeof AUDIT_FILTER_KEYS)[number];

export interface AuditFilters {
  values: Partial<Record<AuditFilterKey, string>>;
  errors: Partial<Record<AuditFilterKey, string>>;
  /** Dates as instants of the admin's zone (the API's `from`/`to`, both inclusive); null with errors. */
  api: { type?: string; from?: string; to?: string } | null;
  actor: UserHandle | undefined;
  target: UserHandle | undefined;
  active: boolean;
}

const EVENT_TYPE = /^[a-z]+\.[a-z_]+$/;

export function parseAuditFilters(query: URLSearchParams, tz: string): AuditFilters {
  const values: AuditFilters["values"] = {};
  for (const key of AUDIT_FILTER_KEYS) {
    const v = query.get(key)?.trim();
    if (v) values[key] = v;
  }
  const errors: AuditFilters["errors"] = {};
  const api: NonNullable<AuditFilters["api"]> = {};
  const actor = parseUserHandle(values.actor);
  if (!actor.ok) errors.actor = actor.message;
  const target = parseUserHandle(values.target);
  if (!target.ok) errors.target = target.message;
  if (values.type !== undefined) {
    if (EVENT_TYPE.test(values.type) && values.type.length <= 64) api.type = values.type;
    else errors.type = "Choose an event type from the list.";
  }
  // The dates read as the transaction list reads them: days of the admin's zone, both inclusive.
  const days = parseFilters(new URLSearchParams(Object.entries({ from: values.from ?? "", to: values.to ?? "" })), tz);
  if (days.errors.from) errors.from = days.errors.from;
  if (days.errors.to) errors.to = days.errors.to;
  if (days.api?.from) api.from = days.api.from;
  if (days.api?.to) api.to = days.api.to;
  return {
    values,
    errors,
    api: Object.keys(errors).length === 0 ? api : null,
    actor: actor.ok ? actor.handle : undefined,
    target: target.ok ? target.handle : undefined,
    active: Object.keys(values).length > 0,
  };
}

/** "?a=1&b=2" of the given values (empty ones left out), plus extras such as a cursor. */
export function queryOf(values: Record<string, string | undefined>, extra: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...values, ...extra })) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : "";
}
