import { walletContract } from "../../proto-like-schemas/wallet.ts";
import type { Handlers } from "../../shared/rpc/server.ts";
import { availableBalance } from "./domain/ledger.ts";
import { toSummary, walletOf, walletsOf } from "./ledger/accounts.ts";
import { createBackOffice } from "./ledger/back-office.ts";
import type { LedgerDeps } from "./ledger/deps.ts";
import { capture, hold, release } from "./ledger/holds.ts";
import { settlement } from "./ledger/settlement.ts";
import { freeze, unfreeze } from "./ledger/status.ts";
import { credit, reverse, transfer } from "./ledger/transfers.ts";
import { verifyLedger } from "./ledger/verify.ts";

export function walletRpcHandlers(ledger: LedgerDeps): Handlers<typeof walletContract> {
  const backOffice = createBackOffice(ledger.db);
  return {
    getWallet: async ({ userId }) => toSummary(await walletOf(ledger.db, userId)),
    getWallets: async ({ userIds }) => ({ wallets: (await walletsOf(ledger.db, userIds)).map(toSummary) }),
    async getBalance({ userId }) {
      const w = await walletOf(ledger.db, userId);
      return { balance: w.balance, availableBalance: availableBalance(w), heldAmount: w.heldAmount, currency: "USD" };
    },
    credit: (req) => credit(ledger, req),
    transfer: (req) => transfer(ledger, req),
    hold: (req) => hold(ledger, req),
    capture: (req) => capture(ledger, req),
    release: (req) => release(ledger, req),
    reverse: (req) => reverse(ledger, req),
    getSettlement: ({ transactionId }) => settlement(ledger.db, transactionId),
    getLedger: ({ transactionId }) => backOffice.ledgerOf(transactionId),
    listHolds: ({ userId }) => backOffice.holdsOf(userId),
    totals: () => backOffice.totals(),
    freeze: (req) => freeze(ledger, req),
    unfreeze: (req) => unfreeze(ledger, req),
    verify: () => verifyLedger(ledger.db),
  };
}
