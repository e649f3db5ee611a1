import type { FC } from "hono/jsx";
import { DialogOpener } from "./dialog.tsx";
import { Icon } from "./icons.tsx";
import { refreshesOn } from "./live-part.tsx";
import { Unavailable } from "./unavailable.tsx";

/** The wallet as the card shows it; amounts already formatted, status already read (any letter case). */
export interface WalletCardData {
  available: string;
  /** Funds reserved by transfers under review; shown when there are any. */
  held?: string;
  /** What the user owes after a reversal; shown when there is any. */
  owed?: string;
  /** The ledger balance, shown beside `held` so the two add up for the reader. */
  balance?: string;
  state: "active" | "frozen" | "closed" | "unknown";
  stateLabel: string;
  /** Why Deposit and Send are disabled (any state but active). */
  blockedReason?: string;
}

export interface WalletCardProps {
  /** Undefined when the wallet service did not answer. */
  wallet?: WalletCardData;
  /** The page the card is on: the deposit and send pages return there (without JavaScript). */
  returnTo: string;
  /** Rendered as an out-of-band swap (after a deposit or transfer). */
  oob?: boolean;
}

/**
 * The wallet card: available balance, what is held or owed, the status in words, and the Deposit
 * and Send buttons (dialogs with JavaScript, links to /wallet/deposit and /wallet/send without).
 * A wallet that is not active disables both and says why. It refreshes itself on `wallet-changed`.
 */
export const WalletCard: FC<WalletCardProps> = ({ wallet, returnTo, oob }) => {
  const back = `?return_to=${encodeURIComponent(returnTo)}`;
  const blocked = wallet ? wallet.blockedReason : "We can't reach your wallet right now, so deposits and transfers are paused.";
  return (
    <section
      id="wallet-card"
      class={`card wallet-card${wallet?.state === "frozen" || wallet?.state === "closed" ? " is-blocked" : ""}`}
      aria-labelledby="wallet-card-title"
      {...refreshesOn("/wallet/parts/card", ["wallet-changed"], oob)}
    >
      <div class="wallet-card-head">
        <h2 class="wallet-card-label" id="wallet-card-title">
          Available balance
        </h2>
        <span class="wallet-card-chip">USD · Personal wallet</span>
      </div>
      <div class="wallet-card-body">
        {wallet ? (
          <>
            <p class="wallet-card-balance">{wallet.available}</p>
            {wallet.held || wallet.owed ? (
              <dl class="wallet-card-facts">
                {wallet.held ? (
                  <div>
                    <dt>Held for review</dt>
                    <dd>{wallet.held}</dd>
                  </div>
                ) : null}
                {wallet.held && wallet.balance ? (
                  <div>
                    <dt>Balance</dt>
                    <dd>{wallet.balance}</dd>
                  </div>
                ) : null}
                {wallet.owed ? (
                  <div>
                    <dt>You owe</dt>
                    <dd>{wallet.owed}</dd>
                  </div>
                ) : null}
              </dl>
            ) : null}
            <p class={`wallet-status wallet-status-${wallet.state}`}>
              <span class="wallet-status-dot" aria-hidden="true"></span>
              Status: {wallet.stateLabel}
            </p>
          </>
        ) : (
          <Unavailable what="Your balance" />
        )}
      </div>
      {blocked ? (
        <p class="wallet-card-blocked" id="wallet-blocked-reason">
          <Icon name="lock" />
          <span>{blocked}</span>
        </p>
      ) : null}
      <div class="wallet-card-actions">
        <DialogOpener dialog="deposit-dialog" href={`/wallet/deposit${back}`} variant="secondary" disabled={!!blocked} describedBy="wallet-blocked-reason">
          <Icon name="plus" /> Deposit
        </DialogOpener>
        <DialogOpener dialog="send-dialog" href={`/wallet/send${back}`} variant="secondary" disabled={!!blocked} describedBy="wallet-blocked-reason">
          <Icon name="send" /> Send money
        </DialogOpener>
      </div>
    </section>
  );
};
