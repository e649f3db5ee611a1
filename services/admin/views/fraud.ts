import type { FraudCase } from "../../../proto-like-schemas/fraud.ts";
import { AppError } from "../../../shared/errors.ts";
import type { Clock } from "../clock.ts";
import type { Downstream } from "../downstream.ts";
import type { Names, People } from "../people.ts";
import { fromUsersSide, withParties } from "./shapes.ts";

export { fraudCaseDetail, fraudDecision as fraudDecisionView, fraudQueueEntry } from "../../../proto-like-schemas/admin.ts";

export const withNames = (c: FraudCase, names: Names) => ({ ...c, sender: names.of(c.userId)!, recipient: names.of(c.recipientId)!, reviewedBy: names.of(c.reviewedBy) });

export async function fraudQueue(deps: { down: Downstream; people: People; clock: Clock }, offset: number, limit: number) {
  const page = await deps.down.fraud.listQueue({ limit, offset });
  const names = await deps.people.names(page.items.flatMap((c) => [c.userId, c.recipientId]));
  const now = deps.clock.now().getTime();
  return {
    items: page.items.map((c) => ({
      caseId: c.caseId,
      transactionId: c.transactionId,
      sender: names.of(c.userId)!,
      recipient: names.of(c.recipientId)!,
      amount: c.amount,
      score: c.score,
      rulesFired: c.rulesFired,
      createdAt: c.createdAt,
      waitingSeconds: Math.max(0, Math.floor((now - Date.parse(c.createdAt)) / 1000)),
    })),
    total: page.total,
  };
}

const HISTORY = 10;

/** A case with the transfer it holds and the sender's recent history, to decide on. */
export async function fraudCaseDetailOf(deps: { down: Downstream; people: People }, caseId: string) {
  const c = await deps.down.fraud.getCase({ caseId });
  const [t, history] = await Promise.all([
    deps.down.transactions.get({ transactionId: c.transactionId }).catch((err) => {
      if (err instanceof AppError && err.code === "NOT_FOUND") return null;
      throw err;
    }),
    deps.down.transactions.list({ userId: c.userId, limit: HISTORY }),
  ]);
  const names = await deps.people.names([c.userId, c.recipientId, c.reviewedBy, ...history.items.flatMap((h) => [h.senderId, h.recipientId])]);
  return {
    case: withNames(c, names),
    transaction: t && withParties(t, names),
    senderHistory: history.items.map((h) => fromUsersSide(h, c.userId, names)),
  };
}
