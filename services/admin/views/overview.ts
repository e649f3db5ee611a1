import type { LedgerCheck as LedgerCheckView, Overview as OverviewView } from "../../../proto-like-schemas/admin.ts";
import { AppError } from "../../../shared/errors.ts";
import type { Approvals } from "../approvals.ts";
import type { Clock } from "../clock.ts";
import type { Downstream } from "../downstream.ts";

export { ledgerCheck as ledgerCheckView, overview as overviewView } from "../../../proto-like-schemas/admin.ts";

/** How long one ledger check answers the dashboard: it reads every movement, and the dashboard refreshes often. */
const LEDGER_CHECK_FRESH_MS = 30_000;

/** wallet.verify, shared by the requests of a short while (one check at a time per replica). */
export function createLedgerCheck(down: Downstream, clock: Clock) {
  let last: { at: number; view: LedgerCheckView } | undefined;
  let running: Promise<LedgerCheckView> | undefined;
  const check = async (): Promise<LedgerCheckView> => {
    const r = await down.wallet.verify({}, { timeoutMs: 10_000 });
    const view = { ok: r.ok, problems: r.problems, movementsChecked: r.movementsChecked, walletsChecked: r.walletsChecked, totalUserBalanceCents: r.totalUserBalance, checkedAt: clock.now().toISOString() };
    last = { at: clock.now().getTime(), view };
    return view;
  };
  return {
    async get(fresh = false): Promise<LedgerCheckView> {
      if (!fresh && last && clock.now().getTime() - last.at < LEDGER_CHECK_FRESH_MS) return last.view;
      running ??= check().finally(() => (running = undefined));
      return running;
    },
  };
}
export type LedgerCheck = ReturnType<typeof createLedgerCheck>;

const utcDayStart = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())).toISOString();

/**
 * The dashboard's figures, each from the service that owns it. A service that is down leaves its
 * figures null and is named in `unavailable`, so one outage does not blank the whole page.
 */
export async function overview(deps: { down: Downstream; approvals: Approvals; ledgerCheck: LedgerCheck; clock: Clock }): Promise<OverviewView> {
  const { down } = deps;
  const unavailable = new Set<string>();
  const tolerate = async <T>(service: string, call: () => Promise<T>): Promise<T | null> => {
    try {
      return await call();
    } catch (err) {
      if (err instanceof AppError && err.code === "UNAVAILABLE") {
        unavailable.add(service);
        return null;
      }
      throw err;
    }
  };
  const [users, kyc, fraud, pending, stats, totals, ledger] = await Promise.all([
    tolerate("auth", () => down.auth.countUsers({})),
    tolerate("kyc", () => down.kyc.listPending({ limit: 1, offset: 0 })),
    tolerate("fraud", () => down.fraud.listQueue({ limit: 1, offset: 0 })),
    deps.approvals.countWaiting(),
    tolerate("transactions", () => down.transactions.stats({ since: utcDayStart(deps.clock.now()) })),
    tolerate("wallet", () => down.wallet.totals({})),
    tolerate("wallet", () => deps.ledgerCheck.get()),
  ]);
  return {
    users,
    kyc: kyc && { pendingReviews: kyc.total },
    fraud: fraud && { openCases: fraud.total },
    approvals: { pending },
    today: stats && {
      since: stats.since,
      transfers: stats.transfers,
      completedTransfers: stats.completedTransfers,
      volumeCents: stats.transferVolumeCents,
      topups: stats.topups,
      topupVolumeCents: stats.topupVolumeCents,
      heldForReview: stats.heldForReview,
      unsettled: stats.unsettled,
    },
    funds: totals && { heldCents: totals.heldAmount, openHolds: totals.openHolds, wallets: totals.wallets, frozenWallets: totals.frozenWallets },
    ledger,
    unavailable: [...unavailable].sort(),
  };
}
