import type { UserPicture } from "../../../proto-like-schemas/admin.ts";
import type { WalletSummary } from "../../../proto-like-schemas/wallet.ts";
import { AppError } from "../../../shared/errors.ts";
import type { Approvals } from "../approvals.ts";
import type { Clock } from "../clock.ts";
import type { Downstream } from "../downstream.ts";
import { fromKyc } from "../domain/limits.ts";
import type { People } from "../people.ts";
import { actionView } from "./actions.ts";
import { fromUsersSide } from "./shapes.ts";

const walletOf = (w: WalletSummary) => ({ id: w.id, status: w.status, balance: w.balance, heldAmount: w.heldAmount, availableBalance: w.availableBalance, owedAmount: w.owedAmount, currency: w.currency, updatedAt: w.updatedAt });

export { userListEntry, userPicture as userPictureView } from "../../../proto-like-schemas/admin.ts";

/** A page of users with their wallets (status and balance at a glance). */
export async function userList(down: Downstream, q: { q?: string; cursor?: string; limit: number }) {
  const page = await down.auth.searchUsers({ query: q.q ?? "", cursor: q.cursor, limit: q.limit });
  const ids = page.items.map((u) => u.id);
  const { wallets } = ids.length ? await down.wallet.getWallets({ userIds: ids }) : { wallets: [] };
  const byUser = new Map(wallets.map((w) => [w.userId, walletOf(w)]));
  return { items: page.items.map((u) => ({ ...u, wallet: byUser.get(u.id) ?? null })), nextCursor: page.nextCursor };
}

const RECENT = 10;

/** Everything about one user, each part from the service that owns it. NOT_FOUND when auth does not know the user. */
export async function userPicture(deps: { down: Downstream; people: People; approvals: Approvals; clock: Clock }, userId: string): Promise<UserPicture> {
  const { down } = deps;
  const user = await down.auth.getUser({ userId });
  const noWallet = (err: unknown) => {
    if (err instanceof AppError && err.code === "NOT_FOUND") return null;
    throw err;
  };
  const [wallet, { holds }, profile, limits, recent, cases, { items: sanctions }, pending] = await Promise.all([
    down.wallet.getWallet({ userId }).catch(noWallet),
    down.wallet.listHolds({ userId }),
    down.kyc.getProfile({ userId }),
    down.kyc.getLimits({ userId }),
    down.transactions.list({ userId, limit: RECENT }),
    down.fraud.listQueue({ userId, limit: 100, offset: 0 }),
    down.fraud.sanctionsList({}),
    deps.approvals.openFor(userId),
  ]);
  const sanction = sanctions.find((s) => s.userId === userId) ?? null;
  const names = await deps.people.names([
    ...holds.flatMap((h) => [h.fromUserId, h.toUserId]),
    ...recent.items.flatMap((t) => [t.senderId, t.recipientId]),
    ...cases.items.map((c) => c.recipientId),
    profile.reviewedBy,
    sanction?.addedBy,
    ...(pending ? [pending.requestedBy, pending.decidedBy, ...pending.targetUserIds] : []),
  ]);
  return {
    user,
    wallet: wallet && walletOf(wallet),
    holds: holds.map((h) => ({ transactionId: h.transactionId, direction: h.direction, counterparty: names.of(h.direction === "OUT" ? h.toUserId : h.fromUserId)!, amount: h.amount, createdAt: h.createdAt })),
    kyc: { ...profile, reviewedBy: names.of(profile.reviewedBy) },
    limits: { tier: limits.tier, ...fromKyc(limits) },
    recentTransactions: recent.items.map((t) => fromUsersSide(t, userId, names)),
    openFraudCases: cases.items.map((c) => ({ caseId: c.caseId, transactionId: c.transactionId, recipient: names.of(c.recipientId)!, amount: c.amount, score: c.score, rulesFired: c.rulesFired, createdAt: c.createdAt })),
    sanction: sanction && { reason: sanction.reason, addedBy: names.of(sanction.addedBy)!, addedAt: sanction.addedAt },
    pendingAction: pending && actionView(pending, names, deps.clock.now()),
  };
}
