import type { Transaction } from "../../../proto-like-schemas/transactions.ts";
import type { Approvals } from "../approvals.ts";
import type { Clock } from "../clock.ts";
import type { Downstream } from "../downstream.ts";
import { traceUrl } from "../domain/trace.ts";
import type { People } from "../people.ts";
import { actionView } from "./actions.ts";
import { withParties } from "./shapes.ts";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** The list's `from`/`to` as the transactions RPC takes them: a bare date is the whole UTC day, both ends inclusive. */
export const asInstant = (value: string | undefined, end: "from" | "to") =>
  value === undefined ? undefined : DATE_ONLY.test(value) ? `${value}T${end === "from" ? "00:00:00.000" : "23:59:59.999"}Z` : value;

export interface ListQuery {
  userId?: string;
  type?: Transaction["type"];
  status?: Transaction["status"];
  from?: string;
  to?: string;
  minAmount?: number;
  maxAmount?: number;
  q?: string;
  cursor?: string;
  limit: number;
}

export async function transactionList(deps: { down: Downstream; people: People }, q: ListQuery) {
  const page = await deps.down.transactions.list({ ...q, from: asInstant(q.from, "from"), to: asInstant(q.to, "to") });
  const names = await deps.people.names(page.items.flatMap((t) => [t.senderId, t.recipientId]));
  return { items: page.items.map((t) => withParties(t, names)), nextCursor: page.nextCursor };
}

export { transactionDetail as transactionDetailView } from "../../../proto-like-schemas/admin.ts";

/** One transaction with its status history, its ledger movements, its audited events with their traces, and any action waiting on it. */
export async function transactionDetail(deps: { down: Downstream; people: People; approvals: Approvals; clock: Clock; traceUi: string | undefined }, transactionId: string) {
  const { down } = deps;
  const detail = await down.transactions.getDetail({ transactionId });
  const id = detail.transaction.id;
  const [ledger, audit, pending] = await Promise.all([down.wallet.getLedger({ transactionId: id }), down.audit.list({ transactionId: id, limit: 100 }), deps.approvals.openFor(id)]);
  const entries = [...audit.entries].reverse();
  const names = await deps.people.names([
    detail.transaction.senderId,
    detail.transaction.recipientId,
    detail.reversedBy,
    ...ledger.movements.flatMap((m) => m.entries.map((e) => e.userId)),
    ...entries.map((e) => e.actorId),
    ...(pending ? [pending.requestedBy, pending.decidedBy, ...pending.targetUserIds] : []),
  ]);
  const created = entries.find((e) => e.type === "transaction.created") ?? entries[0];
  return {
    transaction: withParties(detail.transaction, names),
    statusDetail: detail.statusDetail,
    reversedBy: names.of(detail.reversedBy),
    history: detail.history.map((s) => ({ ...s, by: names.of(s.by) })),
    ledger: ledger.movements.map((m) => ({
      movementId: m.movementId,
      kind: m.kind,
      amountCents: m.amount,
      createdAt: m.createdAt,
      entries: m.entries.map((e) => ({ wallet: e.walletId, account: names.of(e.userId), systemAccount: e.systemAccount, deltaCents: e.delta, balanceAfterCents: e.balanceAfter })),
    })),
    events: entries.map((e) => ({ type: e.type, recordedAt: e.recordedAt, actor: names.of(e.actorId), traceId: e.traceId, traceUrl: traceUrl(deps.traceUi, e.traceId) })),
    traceUrl: traceUrl(deps.traceUi, created?.traceId ?? null),
    pendingAction: pending && actionView(pending, names, deps.clock.now()),
  };
}
