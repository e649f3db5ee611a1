import type { Child, FC } from "hono/jsx";
import type { AdminTransaction, UserTransaction } from "../../../services/web/clients/admin.ts";
import { statusBadge, typeLabel } from "../../../services/web/domain/transactions/transaction-view.ts";
import { Table } from "./list.tsx";
import { Badge, Money, Person, When } from "./parts.tsx";

/** The first cells of a transaction's row: when, and what (linking to it in full, with `note` under it). */
export const WhenAndWhat: FC<{ t: AdminTransaction; tz: string; note?: Child }> = ({ t, tz, note }) => (
  <>
    <td data-label="When">
      <When iso={t.createdAt} tz={tz} />
    </td>
    <td data-label="What">
      <a href={`/app-admin/transactions/${t.id}`}>{t.description?.trim() || typeLabel(t.type)}</a>
      {note ? <span class="adm-sub">{note}</span> : null}
    </td>
  </>
);

/** The last cell of a transaction's row: its status. */
export const StatusCell: FC<{ t: AdminTransaction }> = ({ t }) => {
  const status = statusBadge(t);
  return (
    <td data-label="Status">
      <Badge tone={status.tone}>{status.label}</Badge>
    </td>
  );
};

/**
 * One user's transactions as they saw them: the other party, and the amount signed by its
 * direction. `deposit` names the other party of a deposit; `note` is the line under a row's title.
 */
export const PartyTransactions: FC<{ items: UserTransaction[]; tz: string; deposit: string; note: (t: UserTransaction) => string | null; currentId?: string }> = ({ items, tz, deposit, note, currentId }) => (
  <Table columns={["When", "What", "Other party", { label: "Amount", num: true }, "Status"]}>
    {items.map((t) => (
      <tr class={t.id === currentId ? "adm-row-current" : undefined}>
        <WhenAndWhat t={t} tz={tz} note={note(t)} />
        <td data-label="Other party">{t.type === "TOPUP" ? <span class="muted">{deposit}</span> : <Person person={t.counterparty} />}</td>
        <td data-label="Amount" class="adm-num">
          {t.direction === "OUT" ? "−" : "+"}
          <Money cents={t.amount} />
        </td>
        <StatusCell t={t} />
      </tr>
    ))}
  </Table>
);
