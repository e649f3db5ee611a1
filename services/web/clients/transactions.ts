import { z } from "zod";
import { transaction } from "../../../proto-like-schemas/transactions.ts";
import { createServiceClient, type RequestMeta } from "./http.ts";

export type Transaction = z.infer<typeof transaction>;

const page = z.object({ items: z.array(transaction), nextCursor: z.string().nullable() });
export type TransactionPage = z.infer<typeof page>;

/** The list's filters, as the transactions API names them (all applied by the server). */
export interface TransactionFilters {
  type?: string;
  status?: string;
  direction?: "sent" | "received" | "all";
  from?: string;
  to?: string;
  minAmount?: number;
  maxAmount?: number;
  q?: string;
  cursor?: string;
  limit?: number;
}

/** The transactions service's public API (/api/v1/transactions), as the pages use it. */
export function createTransactionsClient(baseUrl: string) {
  const { call } = createServiceClient({ service: "transactions", baseUrl: baseUrl.replace(/\/+$/, "") + "/api/v1/transactions" });
  return {
    /** The caller's transactions, newest first, filtered by the server. */
    list: (meta: RequestMeta, token: string, filters: TransactionFilters = {}) => call("GET", "/", page, meta, { token, query: { ...filters } }),
    get: (meta: RequestMeta, token: string, id: string) => call("GET", `/${encodeURIComponent(id)}`, transaction, meta, { token }),
  };
}

export type TransactionsClient = ReturnType<typeof createTransactionsClient>;
