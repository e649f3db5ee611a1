import { z } from "zod";
import { limitsResponse } from "../../../proto-like-schemas/kyc.ts";
import { walletSummary } from "../../../proto-like-schemas/wallet.ts";
import { createServiceClient, type RequestMeta } from "./http.ts";

// The status is read as text: the pages compare it in any letter case (domain/money/wallet-status.ts), so
// a status spelled differently can never make a frozen wallet look open or fail the page.
const wallet = walletSummary.omit({ updatedAt: true }).extend({ status: z.string(), limits: limitsResponse.nullable() });
export type Wallet = z.infer<typeof wallet>;

const series = z.object({ days: z.array(z.object({ date: z.string(), balance: z.number().int() })) });
export type BalanceSeries = z.infer<typeof series>["days"];

/** The wallet service's public API (/api/v1/wallet), as the pages use it. */
export function createWalletClient(baseUrl: string) {
  const { call } = createServiceClient({ service: "wallet", baseUrl: baseUrl.replace(/\/+$/, "") + "/api/v1/wallet" });
  return {
    /** The caller's wallet: balance, holds, status, and their tier's limits. */
    get: (meta: RequestMeta, token: string) => call("GET", "/", wallet, meta, { token }),
    /** The closing balance of each of the last `days` UTC days, oldest first. */
    balanceSeries: (meta: RequestMeta, token: string, days = 30) => call("GET", "/balance-series", series, meta, { token, query: { days } }),
  };
}

export type WalletClient = ReturnType<typeof createWalletClient>;
