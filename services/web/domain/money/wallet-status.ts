/**
 * A wallet's status as a page shows it. The API speaks upper case, but nothing here depends on
 * it: "frozen", "Frozen" and "FROZEN" are the same state, so a frozen wallet can never look open.
 */
export type WalletState = "active" | "frozen" | "closed" | "unknown";

export function walletState(status: string | null | undefined): WalletState {
  switch ((status ?? "").trim().toUpperCase()) {
    case "ACTIVE":
      return "active";
    case "FROZEN":
      return "frozen";
    case "CLOSED":
      return "closed";
    default:
      return "unknown";
  }
}

const LABELS: Record<WalletState, string> = { active: "Active", frozen: "Frozen", closed: "Closed", unknown: "Unavailable" };

export const walletStateLabel = (state: WalletState): string => LABELS[state];

/**
 * Why money cannot move through this wallet now, in words for the person; undefined when it can.
 * Only an active wallet takes deposits and sends money.
 */
export function moneyBlockedReason(state: WalletState): string | undefined {
  switch (state) {
    case "active":
      return undefined;
    case "frozen":
      return "Your wallet is frozen, so you can't deposit or send money right now. Contact support to find out why and to unfreeze it.";
    case "closed":
      return "Your wallet is closed, so it can't take deposits or send money.";
    case "unknown":
      return "We can't confirm your wallet's status right now, so deposits and transfers are paused. Please try again in a moment.";
  }
}
