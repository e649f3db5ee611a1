import type { Child, FC } from "hono/jsx";
import type { UserListEntry, UserPicture } from "../../../services/web/clients/admin.ts";
import { kycStatusWords, personName, ruleLabel, scoreWords, tierLabel, walletStatusWords } from "../../../services/web/domain/admin/words.ts";
import { typeLabel } from "../../../services/web/domain/transactions/transaction-view.ts";
import { Alert } from "../../components/alert.tsx";
import { Button } from "../../components/button.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { Icon } from "../../components/icons.tsx";
import { type ListResult, ListBody, Table } from "./list.tsx";
import { ActionForm, BackLink, Badge, ConfirmAction, DetailHead, Facts, FormPage, type FormState, Money, PendingNotice, Person, ReasonField, When } from "./parts.tsx";
import { PartyTransactions } from "./transaction-rows.tsx";

export interface UsersPageProps {
  q: string;
  result: ListResult<UserListEntry>;
  tz: string;
}

/** Search by e-mail prefix or name; the results page through with a cursor. */
export const UsersPage: FC<UsersPageProps> = ({ q, result, tz }) => (
  <div class="stack">
    <section class="card" aria-labelledby="user-search-title">
      <h2 id="user-search-title" class="card-title">
        Find a user
      </h2>
      <form class="adm-search" method="get" action="/app-admin/users" role="search" aria-label="Users">
        <div class="field adm-search-field">
          <label for="f-user-q" class="field-label">
            E-mail or name
          </label>
          <input id="f-user-q" name="q" type="search" class="input" value={q} maxlength={254} autocomplete="off" placeholder="ada@ or Lovelace" />
        </div>
        <Button size="sm">
          <Icon name="search" />
          Search
        </Button>
      </form>
    </section>
    <section class="card" aria-labelledby="user-results-title">
      <div class="card-head">
        <h2 id="user-results-title" class="card-title">
          {q ? `Users matching “${q}”` : "All users"}
        </h2>
      </div>
      <ListBody
        result={result}
        what="The user list"
        retryHref={`/app-admin/users${q ? `?q=${encodeURIComponent(q)}` : ""}`}
        empty={
          <EmptyState icon="users" title={q ? "Nobody matches" : "No users yet"} compact>
            {q ? "Search by the start of an e-mail address or of a word of the name." : null}
          </EmptyState>
        }
        pages="User pages"
        rows={(items) => (
          <Table columns={["User", "Role", "Wallet", { label: "Balance", num: true }, "Joined"]}>
            {items.map((u) => {
              const wallet = walletStatusWords(u.wallet?.status);
              return (
                <tr>
                  <td data-label="User">
                    <Person person={{ id: u.id, name: u.name, email: u.email }} />
                    {u.emailVerified ? null : <span class="adm-sub">E-mail not verified</span>}
                  </td>
                  <td data-label="Role">{u.role === "ADMIN" ? <Badge tone="info">Admin</Badge> : "User"}</td>
                  <td data-label="Wallet">
                    <Badge tone={wallet.tone}>{wallet.label}</Badge>
                  </td>
                  <td data-label="Balance" class="adm-num">
                    <Money cents={u.wallet?.balance} />
                  </td>
                  <td data-label="Joined">
                    <When iso={u.createdAt} tz={tz} />
                  </td>
                </tr>
              );
            })}
          </Table>
        )}
      />
    </section>
  </div>
);

export const FREEZE_DIALOG = "freeze-dialog";
export const ROLE_DIALOG = "role-dialog";

/** Freeze or unfreeze with the reason (the user is told their wallet is frozen, not why). */
export const FreezeForm: FC<{ userId: string; name: string; frozen: boolean; state: FormState; inDialog?: boolean }> = ({ userId, name, frozen, state, inDialog }) => {
  const action = frozen ? "unfreeze" : "freeze";
  return (
    <ActionForm
      id={`${action}-form`}
      action={`/app-admin/users/${userId}/${action}`}
      submit={frozen ? "Unfreeze wallet" : "Freeze wallet"}
      variant={frozen ? "primary" : "danger"}
      error={state.form}
      inDialog={inDialog}
      cancelHref={`/app-admin/users/${userId}`}
      note={
        frozen
          ? `${name} will be able to pay and be paid again. They are told their wallet is unfrozen.`
          : `Every payment in or out of ${name}'s wallet is refused until an admin unfreezes it. They are told their wallet is frozen; the reason stays internal.`
      }
    >
      <input type="hidden" name="subject" value={name} />
      <ReasonField id={`${action}-reason`} state={state} />
    </ActionForm>
  );
};

/** Change the role; a promotion to admin waits for a second admin. */
export const RoleForm: FC<{ userId: string; name: string; role: "USER" | "ADMIN"; state: FormState; inDialog?: boolean; self: boolean }> = ({ userId, name, role, state, inDialog, self }) => {
  const target = role === "ADMIN" ? "USER" : "ADMIN";
  return (
    <ActionForm
      id="role-form"
      action={`/app-admin/users/${userId}/role`}
      submit={target === "ADMIN" ? "Ask to promote to admin" : "Demote to user"}
      variant={target === "ADMIN" ? "primary" : "danger"}
      error={state.form}
      inDialog={inDialog}
      cancelHref={`/app-admin/users/${userId}`}
      note={
        target === "ADMIN"
          ? `${name} becomes an admin only when a second admin approves it on Approvals (dual control).`
          : self
            ? "This is your own account: the admin service refuses a change of your own role."
            : `${name} loses access to the console at once. The last admin cannot be demoted.`
      }
    >
      <input type="hidden" name="role" value={target} />
      <input type="hidden" name="subject" value={name} />
      <ReasonField id="role-reason" state={state} />
    </ActionForm>
  );
};

export const FreezeFormPage: FC<{ userId: string; name: string; frozen: boolean; state: FormState }> = (p) => (
  <FormPage title={p.frozen ? `Unfreeze ${p.name}'s wallet` : `Freeze ${p.name}'s wallet`} back={{ href: `/app-admin/users/${p.userId}`, label: `Back to ${p.name}` }}>
    <FreezeForm {...p} />
  </FormPage>
);

export const RoleFormPage: FC<{ userId: string; name: string; role: "USER" | "ADMIN"; state: FormState; self: boolean }> = (p) => (
  <FormPage title={p.role === "ADMIN" ? `Demote ${p.name} to user` : `Promote ${p.name} to admin`} back={{ href: `/app-admin/users/${p.userId}`, label: `Back to ${p.name}` }}>
    <RoleForm {...p} />
  </FormPage>
);

/** Everything about one user, from each service that owns a part of it. */
export const UserPicturePage: FC<{ p: UserPicture; viewerId: string; tz: string }> = ({ p, viewerId, tz }) => {
  const name = personName({ id: p.user.id, name: p.user.name, email: p.user.email });
  const wallet = walletStatusWords(p.wallet?.status);
  const frozen = p.wallet?.status === "FROZEN";
  const kyc = kycStatusWords(p.kyc.status, p.kyc.submittedAt);
  const self = p.user.id === viewerId;
  return (
    <div class="stack">
      <BackLink href="/app-admin/users" label="All users" />
      {p.pendingAction ? <PendingNotice action={p.pendingAction} viewerId={viewerId} tz={tz} /> : null}
      <section class="card adm-profile" aria-labelledby="user-name">
        <DetailHead
          titleId="user-name"
          title={name}
          email={p.user.email}
          badges={
            <>
              {p.user.role === "ADMIN" ? <Badge tone="info">Admin</Badge> : <Badge tone="muted">User</Badge>}
              {p.user.emailVerified ? <Badge tone="success">E-mail verified</Badge> : <Badge tone="warning">E-mail not verified</Badge>}
              {p.user.isActive ? null : <Badge tone="danger">Account disabled</Badge>}
              <Badge tone={wallet.tone}>Wallet {wallet.label.toLowerCase()}</Badge>
              {p.sanction ? <Badge tone="danger">On the sanctions list</Badge> : null}
            </>
          }
          actions={
          <div class="adm-profile-actions">
            {p.wallet ? (
              <ConfirmAction
                dialogId={FREEZE_DIALOG}
                href={`/app-admin/users/${p.user.id}/${frozen ? "unfreeze" : "freeze"}`}
                label={frozen ? "Unfreeze wallet" : "Freeze wallet"}
                variant={frozen ? "primary" : "secondary"}
                title={frozen ? `Unfreeze ${name}'s wallet` : `Freeze ${name}'s wallet`}
              >
                <FreezeForm userId={p.user.id} name={name} frozen={frozen} state={{ values: {}, errors: {} }} inDialog />
              </ConfirmAction>
            ) : null}
            {/* A role change already waiting for a second admin is shown above, not asked again. */}
            {p.pendingAction ? null : (
              <ConfirmAction
                dialogId={ROLE_DIALOG}
                href={`/app-admin/users/${p.user.id}/role`}
                label={p.user.role === "ADMIN" ? "Demote to user" : "Promote to admin"}
                title={p.user.role === "ADMIN" ? `Demote ${name} to user` : `Promote ${name} to admin`}
              >
                <RoleForm userId={p.user.id} name={name} role={p.user.role} state={{ values: {}, errors: {} }} inDialog self={self} />
              </ConfirmAction>
            )}
          </div>
          }
        />
        <Facts rows={[["User id", <span class="adm-mono">{p.user.id}</span>]]} />
      </section>

      <div class="adm-grid-2">
        <section class="card" aria-labelledby="wallet-title">
          <h2 id="wallet-title" class="card-title">
            Wallet
          </h2>
          {p.wallet ? (
            <>
              <p class="adm-status-line">
                <Badge tone={wallet.tone}>{wallet.label}</Badge> <span>{wallet.text}</span>
              </p>
              <Facts
                rows={[
                  ["Balance", <Money cents={p.wallet.balance} />],
                  ["Held for review", <Money cents={p.wallet.heldAmount} />],
                  ["Available", <Money cents={p.wallet.availableBalance} />],
                  ...(p.wallet.owedAmount > 0 ? ([["Owed (after a forced reversal)", <Money cents={p.wallet.owedAmount} />]] as [string, Child][]) : []),
                  ["Last change", <When iso={p.wallet.updatedAt} tz={tz} />],
                ]}
              />
              {p.holds.length > 0 ? (
                <>
                  <h3 class="adm-h3">Holds</h3>
                  <ul class="adm-list">
                    {p.holds.map((h) => (
                      <li>
                        <a href={`/app-admin/transactions/${h.transactionId}`}>
                          <Money cents={h.amount} /> {h.direction === "OUT" ? "to" : "from"} {personName(h.counterparty)}
                        </a>{" "}
                        <span class="adm-sub">
                          since <When iso={h.createdAt} tz={tz} />
                        </span>
                      </li>
                    ))}
                  </ul>
                </>
              ) : (
                <p class="adm-sub">No funds held.</p>
              )}
            </>
          ) : (
            <p class="muted">{wallet.text}</p>
          )}
        </section>

        <section class="card" aria-labelledby="kyc-title">
          <h2 id="kyc-title" class="card-title">
            Identity verification
          </h2>
          <p class="adm-status-line">
            <Badge tone={p.kyc.tier === "VERIFIED" ? "success" : p.kyc.tier === "BASIC" ? "info" : "muted"}>Tier: {tierLabel(p.kyc.tier)}</Badge> <Badge tone={kyc.tone}>{kyc.label}</Badge>
          </p>
          <Facts
            rows={[
              ["Submitted", <When iso={p.kyc.submittedAt} tz={tz} />],
              ["Reviewed", p.kyc.reviewedAt ? <span><When iso={p.kyc.reviewedAt} tz={tz} /> by {personName(p.kyc.reviewedBy)}</span> : <span class="muted">—</span>],
              ...(p.kyc.rejectionReason ? ([["Rejected because", p.kyc.rejectionReason]] as [string, string][]) : []),
              ["Documents", String(p.kyc.documents.length)],
              ["Limit per transfer", <Money cents={p.limits.perTransactionCents} />],
              ["Daily / monthly", <span><Money cents={p.limits.dailyCents} /> / <Money cents={p.limits.monthlyCents} /></span>],
            ]}
          />
          {p.kyc.status === "PENDING_REVIEW" || p.kyc.documents.length > 0 ? (
            <p>
              <a class="card-link" href={`/app-admin/kyc/${p.user.id}`}>
                {p.kyc.status === "PENDING_REVIEW" ? "Review the submission" : "See the documents"}
                <Icon name="chevronRight" />
              </a>
            </p>
          ) : null}
        </section>
      </div>

      {p.openFraudCases.length > 0 || p.sanction ? (
        <section class="card" aria-labelledby="risk-title">
          <h2 id="risk-title" class="card-title">
            Fraud
          </h2>
          {p.sanction ? (
            <Alert tone="error" title="On the sanctions list">
              <p>
                {p.sanction.reason} — listed by {personName(p.sanction.addedBy)} on <When iso={p.sanction.addedAt} tz={tz} />. Transfers to this user are blocked.
              </p>
            </Alert>
          ) : null}
          {p.openFraudCases.length > 0 ? (
            <ul class="adm-list">
              {p.openFraudCases.map((f) => (
                <li>
                  <a href={`/app-admin/fraud/cases/${f.caseId}`}>
                    <Money cents={f.amount} /> to {personName(f.recipient)}
                  </a>{" "}
                  <Badge tone={scoreWords(f.score).tone}>Score {scoreWords(f.score).label}</Badge> <span class="adm-sub">{f.rulesFired.map((r) => ruleLabel(r.rule)).join(", ")}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}

      <section class="card" aria-labelledby="recent-title">
        <div class="card-head">
          <h2 id="recent-title" class="card-title">
            Recent transactions
          </h2>
          <a class="card-link" href={`/app-admin/transactions?user=${p.user.id}`}>
            All of them
            <Icon name="chevronRight" />
          </a>
        </div>
        {p.recentTransactions.length === 0 ? (
          <p class="muted">No transactions yet.</p>
        ) : (
          <PartyTransactions items={p.recentTransactions} tz={tz} deposit="—" note={(t) => (t.type !== "TOPUP" ? `${typeLabel(t.type)} · ${t.direction === "OUT" ? "sent" : "received"}` : t.description?.trim() ? typeLabel(t.type) : null)} />
        )}
      </section>
    </div>
  );
};
