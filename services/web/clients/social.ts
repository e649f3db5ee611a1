import { z } from "zod";
import { createServiceClient, type RequestMeta } from "./http.ts";

/**
 * The social service's answers, as the pages read them. People come with their names (the
 * service asks auth); a name or e-mail is null when auth could not say, and the page then says
 * "Unknown user" rather than showing an id.
 */
const person = z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() });
export type Person = z.infer<typeof person>;

const contact = z.object({ id: z.string(), contactId: z.string(), name: z.string().nullable(), email: z.string().nullable(), createdAt: z.string() });
export type Contact = z.infer<typeof contact>;

export const REQUEST_STATUSES = ["PENDING", "ACCEPTED", "DECLINED", "CANCELLED", "EXPIRED", "PAID", "FAILED", "REVERSED"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

const moneyRequest = z.object({
  id: z.string(),
  requesterId: z.string(),
  recipientId: z.string(),
  direction: z.enum(["incoming", "outgoing"]),
  counterparty: person,
  amount: z.number().int(),
  note: z.string().nullable(),
  // Read as text: a state added later shows by its name instead of failing the whole list.
  status: z.string(),
  failureCode: z.string().nullable(),
  failureReason: z.string().nullable(),
  expiresAt: z.string(),
  createdAt: z.string(),
  acceptedAt: z.string().nullable(),
  paidAt: z.string().nullable(),
  failedAt: z.string().nullable(),
  reversedAt: z.string().nullable(),
});
export type MoneyRequest = z.infer<typeof moneyRequest>;

const shareStatus = z.enum(["PENDING", "PAID"]);
const share = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  amountCents: z.number().int(),
  status: shareStatus,
  awaitingReview: z.boolean(),
  paidAt: z.string().nullable(),
});
export type Share = z.infer<typeof share>;

const splitHead = {
  id: z.string(),
  creatorId: z.string(),
  creator: person,
  title: z.string(),
  totalCents: z.number().int(),
  status: z.enum(["OPEN", "SETTLED"]),
  settledAt: z.string().nullable(),
  createdAt: z.string(),
};
const split = z.object({ ...splitHead, participants: z.array(share) });
export type Split = z.infer<typeof split>;
const splitSummary = z.object({
  ...splitHead,
  participantCount: z.number().int(),
  paidCount: z.number().int(),
  myShare: z.object({ amountCents: z.number().int(), status: shareStatus }).nullable(),
});
export type SplitSummary = z.infer<typeof splitSummary>;

const payResult = z.object({ outcome: z.enum(["paid", "already_paid", "held"]), share, splitStatus: z.enum(["OPEN", "SETTLED"]) });
export type PayShareResult = z.infer<typeof payResult>;

const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
const removed = z.object({ success: z.literal(true) });

export interface NewSplit {
  title: string;
  totalCents: number;
  participants: { userId: string; amountCents: number }[];
}

/** The social service's public API (/api/v1/social), as the pages use it. */
export function createSocialClient(baseUrl: string) {
  const client = createServiceClient({ service: "social", baseUrl: baseUrl.replace(/\/+$/, "") + "/api/v1/social" });
  const { call } = client;
  const id = encodeURIComponent;
  return {
    client,
    contacts: (meta: RequestMeta, token: string, limit = 100) => call("GET", "/contacts", pageOf(contact), meta, { token, query: { limit } }),
    addContact: (meta: RequestMeta, token: string, contactId: string) => call("POST", "/contacts", contact, meta, { token, body: { contactId } }),
    removeContact: (meta: RequestMeta, token: string, contactId: string) => call("DELETE", `/contacts/${id(contactId)}`, removed, meta, { token }),

    requests: (meta: RequestMeta, token: string, query: { direction?: "incoming" | "outgoing" | "all"; status?: RequestStatus; limit?: number } = {}) =>
      call("GET", "/requests", pageOf(moneyRequest), meta, { token, query: { limit: 50, ...query } }),
    request: (meta: RequestMeta, token: string, requestId: string) => call("GET", `/requests/${id(requestId)}`, moneyRequest, meta, { token }),
    createRequest: (meta: RequestMeta, token: string, body: { recipientId: string; amount: number; note: string | null }) => call("POST", "/requests", moneyRequest, meta, { token, body }),
    /** accept (pay), decline: the person asked; cancel: the requester. */
    answerRequest: (meta: RequestMeta, token: string, requestId: string, action: "accept" | "decline" | "cancel") =>
      action === "cancel" ? call("DELETE", `/requests/${id(requestId)}`, moneyRequest, meta, { token }) : call("POST", `/requests/${id(requestId)}/${action}`, moneyRequest, meta, { token }),

    splits: (meta: RequestMeta, token: string, limit = 50) => call("GET", "/splits", pageOf(splitSummary), meta, { token, query: { limit } }),
    split: (meta: RequestMeta, token: string, splitId: string) => call("GET", `/splits/${id(splitId)}`, split, meta, { token }),
    createSplit: (meta: RequestMeta, token: string, body: NewSplit) => call("POST", "/splits", split, meta, { token, body }),
    /** 201 paid by this call; 200 with Idempotent-Replayed: an earlier call paid; 202 held for review; 409 in flight. */
    payShare: (meta: RequestMeta, token: string, splitId: string) => call("POST", `/splits/${id(splitId)}/pay`, payResult, meta, { token }),
  };
}

export type SocialClient = ReturnType<typeof createSocialClient>;
