import { z } from "zod";
import { statusStep, transaction } from "../../../proto-like-schemas/transactions.ts";
import { createServiceClient, type RequestMeta } from "./http.ts";

export type Transaction = z.infer<typeof transaction>;

/** The other party, named (null for a top-up); name and e-mail are null when the directory cannot say. */
const counterparty = z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }).nullable();
/** A transaction of the caller's list, with the other party's name. */
const listed = transaction.extend({ counterparty: counterparty.optional().transform((v) => v ?? null) });
export type ListedTransaction = z.infer<typeof listed>;
/** One transaction with its status history as a party reads it. */
const detailed = listed.extend({ history: z.array(statusStep.pick({ status: true, step: true, at: true, reason: true })) });
export type TransactionDetail = z.infer<typeof detailed>;

const page = z.object({ items: z.array(listed), nextCursor: z.string().nullable() });
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
    list: (meta: RequestMeta, token: string, filters: TransactionFilters = {}) => call("GET", "", page, meta, { token, query: { ...filters } }),
    /** One of the caller's transactions with the other party's name and its status history. */
    get: (meta: RequestMeta, token: string, id: string) => call("GET", `/${encodeURIComponent(id)}`, detailed, meta, { token }),
  };
}

export type TransactionsClient = ReturnType<typeof createTransactionsClient>;
