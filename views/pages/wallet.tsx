import type { Child, FC } from "hono/jsx";
import { Dialog } from "../components/dialog.tsx";
import { Icon } from "../components/icons.tsx";
import { refreshesOn } from "../components/live-part.tsx";
import { StatTile } from "../components/stat-tile.tsx";
import { DepositForm, type DepositFormProps, SendForm, type SendFormProps } from "../components/money-forms.tsx";
import { Unavailable } from "../components/unavailable.tsx";

export interface WalletPageProps {
  walletCard: Child;
  counts: Child;
  history: Child;
  limits: Child;
  dialogs: Child;
}

/** Completed deposits, transfers sent and received, counted by the transactions service. */
export const WalletCounts: FC<{ counts?: { deposits: number; sent: number; received: number }; oob?: boolean }> = ({ counts, oob }) => (
  <section
    id="wallet-counts"
    class="stats"
    aria-label="Completed transactions"
    {...refreshesOn("/wallet/parts/counts", ["wallet-changed", "transactions-changed"], oob)}
  >
    {counts ? (
      <>
        <StatTile label="Deposits" icon="plus" value={counts.deposits} note="completed" />
        <StatTile label="Transfers sent" icon="arrowUpRight" value={counts.sent} note="completed" />
        <StatTile label="Transfers received" icon="arrowDownLeft" value={counts.received} note="completed" />
      </>
    ) : (
      <Unavailable what="Your transaction counts" />
    )}
  </section>
);

/** The Deposit and Send Money dialogs: each the enhancement of its page (/wallet/deposit, /wallet/send). */
export const MoneyDialogs: FC<{ deposit: DepositFormProps; send: SendFormProps }> = ({ deposit, send }) => (
  <>
    <Dialog id="deposit-dialog" title="Deposit" description="Add money to your wallet.">
      <DepositForm {...deposit} />
    </Dialog>
    <Dialog id="send-dialog" title="Send money" description="Pay someone on Mint by their e-mail.">
      <SendForm {...send} />
    </Dialog>
  </>
);

/** /wallet: the card, counts, balance history and limits. */
export const WalletContent: FC<WalletPageProps> = ({ walletCard, counts, history, limits, dialogs }) => (
  <div class="stack">
    <div class="dashboard-grid">
      {walletCard}
      {counts}
    </div>
    {history}
    {limits}
    {dialogs}
  </div>
);

/** /wallet/deposit and /wallet/send: the same forms as the dialogs, as pages of their own. */
export const MoneyFormPage: FC<{ title: string; intro: string; backHref: string; children: Child }> = ({ title, intro, backHref, children }) => (
  <div class="money-page">
    <a href={backHref} class="back-link">
      <Icon name="chevronLeft" /> Back
    </a>
    <article class="card money-page-card" aria-labelledby="money-page-title">
      <header class="money-page-head">
        <h2 class="card-title" id="money-page-title">
          {title}
        </h2>
        <p class="card-subtitle">{intro}</p>
      </header>
      {children}
    </article>
  </div>
);
