import { z } from "zod";
import { statusStep, transaction } from "../../../proto-like-schemas/transactions.ts";
import type { Problem } from "../domain/page/problem.ts";
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

const limitWindow = z.object({
  window: z.enum(["PER_TRANSACTION", "DAILY", "MONTHLY"]),
  limit: z.number().int(),
  used: z.number().int(),
  remaining: z.number().int(),
  resetsAt: z.string().nullable(),
});
const allowance = z.object({ available: z.number().int(), windows: z.array(limitWindow) });
const allowanceSchema = z.object({ tier: z.string(), transfer: allowance, deposit: allowance });
/** What the caller has used and has left of each limit (the limit check's own computation). */
export type Allowance = z.infer<typeof allowanceSchema>;

const countsSchema = z.object({ deposits: z.number().int(), sent: z.number().int(), received: z.number().int() });
/** Completed deposits, sent and received transfers. */
export type CompletedCounts = z.infer<typeof countsSchema>;

export interface TopupBody {
  amount: number;
  description?: string | null;
}

export interface TransferBody extends TopupBody {
  recipientId: string;
  category?: string | null;
}

/** A payment's answer: the transaction, with whether the API replayed what this key already did. */
export type PaymentResult = { ok: true; status: number; replayed: boolean; transaction: Transaction } | { ok: false; status: number; problem: Problem };

/** The transactions service's public API (/api/v1/transactions), as the pages use it. */
export function createTransactionsClient(baseUrl: string) {
  const { call } = createServiceClient({ service: "transactions", baseUrl: baseUrl.replace(/\/+$/, "") + "/api/v1/transactions" });

  /** A money POST under the form's Idempotency-Key: sent twice, it answers what the first one did. */
  async function pay(path: string, meta: RequestMeta, token: string, key: string, body: TopupBody | TransferBody): Promise<PaymentResult> {
    const r = await call("POST", path, transaction, meta, { token, body, headers: { "idempotency-key": key } });
    if (!r.ok) return r;
    return { ok: true, status: r.status, replayed: r.headers.get("idempotent-replayed") === "true", transaction: r.data };
  }

  return {
    /** Adds money to the caller's wallet (201), under the form's key. */
    topup: (meta: RequestMeta, token: string, key: string, body: TopupBody) => pay("/topup", meta, token, key, body),
    /** Sends money: 201 completed, 202 held for review, or a problem (403 declined, 422 limit or funds, 409 frozen…). */
    transfer: (meta: RequestMeta, token: string, key: string, body: TransferBody) => pay("/transfer", meta, token, key, body),
    /** The caller's limits with what is used and left of each. */
    limits: (meta: RequestMeta, token: string) => call("GET", "/limits", allowanceSchema, meta, { token }),
    /** How many of the caller's deposits, sent and received transfers completed. */
    counts: (meta: RequestMeta, token: string) => call("GET", "/counts", countsSchema, meta, { token }),
    /** The caller's transactions, newest first, filtered by the server. */
    list: (meta: RequestMeta, token: string, filters: TransactionFilters = {}) => call("GET", "", page, meta, { token, query: { ...filters } }),
    /** One of the caller's transactions with the other party's name and its status history. */
    get: (meta: RequestMeta, token: string, id: string) => call("GET", `/${encodeURIComponent(id)}`, detailed, meta, { token }),
  };
}

export type TransactionsClient = ReturnType<typeof createTransactionsClient>;
