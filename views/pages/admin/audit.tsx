import type { FC } from "hono/jsx";
import type { AuditEntryView, AuditVerifyReport } from "../../../services/web/clients/admin.ts";
import type { AuditFilters } from "../../../services/web/domain/admin/filters.ts";
import { personName, prettyJson } from "../../../services/web/domain/admin/words.ts";
import { Alert } from "../../components/alert.tsx";
import { Button } from "../../components/button.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { Unavailable } from "../../components/unavailable.tsx";
import { AdminFilter, FiltersCard } from "./filters.tsx";
import { type ListResult, ListBody } from "./list.tsx";
import { Badge, TraceLink, When } from "./parts.tsx";

const CHAIN_REASON: Record<string, string> = {
  SEQUENCE_GAP: "a row is missing (the sequence skips)",
  LINK_BROKEN: "the row does not point at the hash of the row before it",
  HASH_MISMATCH: "the row's contents no longer match its hash (it was altered)",
  UNREADABLE: "the row could not be read",
};

export type VerifyState = { kind: "none" } | { kind: "report"; report: AuditVerifyReport } | { kind: "unavailable"; message: string };

/** The chain check and its result: intact up to the head, or the first broken row. */
export const AuditVerify: FC<{ state: VerifyState; query: string; tz: string }> = ({ state, query, tz }) => (
  <section id="audit-verify" class="card" aria-labelledby="verify-title">
    <div class="card-head adm-wrap">
      <div>
        <h2 id="verify-title" class="card-title">
          Chain verification
        </h2>
        <p class="adm-sub">Each entry carries the hash of the one before it: a removed, altered or re-hashed row breaks the chain.</p>
      </div>
      <form method="get" action="/app-admin/audit" hx-get="/app-admin/audit/parts/verify" hx-target="#audit-verify" hx-swap="outerHTML">
        {Array.from(new URLSearchParams(query)).map(([k, v]) => (
          <input type="hidden" name={k} value={v} />
        ))}
        <input type="hidden" name="verify" value="1" />
        <Button size="sm" variant="secondary">
          Verify the chain
        </Button>
      </form>
    </div>
    <div aria-live="polite">
      {state.kind === "report" ? (
        state.report.ok ? (
          <Alert tone="success" title="The chain is intact">
            <p>
              {state.report.checkedRows.toLocaleString("en-US")} entries checked{state.report.head ? `, up to #${state.report.head.seq}` : ""}. Verified <When iso={state.report.verifiedAt} tz={tz} />.
            </p>
            {state.report.head ? <p class="adm-mono adm-hash">Head hash {state.report.head.hash}</p> : null}
          </Alert>
        ) : (
          <Alert tone="error" title={state.report.firstBroken ? `The chain is broken at entry #${state.report.firstBroken.seq}` : "The chain is broken"}>
            {state.report.firstBroken ? (
              <p>
                Entry #{state.report.firstBroken.seq} (event {state.report.firstBroken.eventId}): {CHAIN_REASON[state.report.firstBroken.reason] ?? state.report.firstBroken.reason}. {state.report.firstBroken.detail}
              </p>
            ) : null}
            <p>
              {state.report.checkedRows.toLocaleString("en-US")} entries before it are intact. Verified <When iso={state.report.verifiedAt} tz={tz} />.
            </p>
          </Alert>
        )
      ) : state.kind === "unavailable" ? (
        <Unavailable what="The chain verification" />
      ) : null}
    </div>
  </section>
);

const Entry: FC<{ e: AuditEntryView; tz: string }> = ({ e, tz }) => (
  <li class="adm-audit-entry">
    <div class="adm-audit-head">
      <span class="adm-mono adm-audit-type">{e.type}</span>
      <span class="adm-sub">
        #{e.seq} · <When iso={e.recordedAt} tz={tz} /> · from {e.producer}
      </span>
    </div>
    <p class="adm-audit-who">
      <span>
        By {e.actor ? (e.actor.name || e.actor.email ? <a href={`/app-admin/users/${e.actor.id}`}>{personName(e.actor)}</a> : <span class="adm-mono">{e.actor.id}</span>) : "the system"}
      </span>
      {e.subjects.length > 0 ? (
        <span>
          {" "}
          · concerning{" "}
          {e.subjects.map((s, i) => (
            <>
              {i > 0 ? ", " : ""}
              <a href={`/app-admin/users/${s.id}`}>{personName(s)}</a>
            </>
          ))}
        </span>
      ) : null}{" "}
      · <TraceLink traceId={e.traceId} url={e.traceUrl} />
    </p>
    <details class="adm-payload">
      <summary>
        Payload<span class="sr-only"> of {e.type} #{e.seq}</span>
      </summary>
      <pre class="adm-pre">{prettyJson(e.payload)}</pre>
    </details>
  </li>
);

export type AuditResult = ListResult<AuditEntryView>;

export const AuditPage: FC<{ filters: AuditFilters; types: string[]; result: AuditResult; verify: VerifyState; query: string; tz: string }> = ({ filters, types, result, verify, query, tz }) => {
  const v = filters.values;
  const e = filters.errors;
  const domains = [...new Set(types.map((t) => t.split(".")[0]!))];
  return (
    <div class="stack">
      <AuditVerify state={verify} query={query} tz={tz} />
      <FiltersCard titleId="audit-filter-title" action="/app-admin/audit" label="Filter the audit log" active={filters.active}>
        <AdminFilter name="actor" label="Actor (e-mail or id)" value={v.actor} error={e.actor} />
        <AdminFilter name="type" label="Event type" error={e.type}>
          <option value="">All types</option>
          {domains.map((d) => (
            <optgroup label={d}>
              {types
                .filter((t) => t.startsWith(`${d}.`))
                .map((t) => (
                  <option value={t} selected={v.type === t}>
                    {t}
                  </option>
                ))}
            </optgroup>
          ))}
        </AdminFilter>
        <AdminFilter name="target" label="Target user (e-mail or id)" value={v.target} error={e.target} />
        <AdminFilter name="from" label="From date" type="date" value={v.from} error={e.from} />
        <AdminFilter name="to" label="To date" type="date" value={v.to} error={e.to} />
      </FiltersCard>
      <section class="card" aria-labelledby="audit-title">
        <div class="card-head">
          <h2 id="audit-title" class="card-title">
            {filters.active ? "Matching entries" : "Latest entries"}
          </h2>
          <Badge tone="muted">Newest first</Badge>
        </div>
        <ListBody
          result={result}
          what="The audit log"
          retryHref="/app-admin/audit"
          empty={<EmptyState icon="listCheck" title="No entries match" compact />}
          pages="Audit pages"
          rows={(entries) => (
            <ol class="adm-audit">
              {entries.map((entry) => (
                <Entry e={entry} tz={tz} />
              ))}
            </ol>
          )}
        />
      </section>
    </div>
  );
};
