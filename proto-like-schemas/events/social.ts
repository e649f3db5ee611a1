import { z } from "zod";
import { amountCents, id } from "../money.ts";

/**
 * In a money request the requester asks for money and the recipient is the person asked, who
 * pays (the spec's terms). Amounts are integer cents, currency USD.
 */
const request = {
  requestId: id,
  requesterId: id,
  recipientId: id,
  amount: amountCents,
  currency: z.literal("USD"),
};

const splitShare = z.object({ userId: id, amountCents: amountCents });

/**
 * Events of the social service (stream SOCIAL). actorId is the user who acted (the requester for
 * sent/cancelled, the recipient for accepted/declined, null for expiry and system outcomes).
 * subjectUserIds lists every user concerned, so each is notified and gets webhooks.
 */
export const socialEvents = {
  "social.contact_added": z.object({ ownerId: id, contactId: id }),
  "social.contact_removed": z.object({ ownerId: id, contactId: id }),
  "social.money_request_sent": z.object({ ...request, note: z.string().nullable(), expiresAt: z.iso.datetime({ offset: true }) }),
  /** The transactions service turns this into a transfer recipient → requester. */
  "social.money_request_accepted": z.object({ ...request, note: z.string().nullable() }),
  "social.money_request_declined": z.object(request),
  "social.money_request_cancelled": z.object(request),
  "social.money_request_expired": z.object(request),
  /** The transfer that pays the request completed. */
  "social.money_request_paid": z.object({ ...request, transactionId: id }),
  /** The transfer that would have paid the request failed; nothing moved. */
  "social.money_request_payment_failed": z.object({ ...request, transactionId: id.nullable(), code: z.string(), reason: z.string() }),
  /** An admin reversed the transfer that paid the request: the money went back to the payer, and the request is closed. */
  "social.money_request_reversed": z.object({ ...request, transactionId: id }),
  "social.split_created": z.object({ splitId: id, creatorId: id, title: z.string(), totalCents: amountCents, currency: z.literal("USD"), participants: z.array(splitShare) }),
  "social.split_payment_recorded": z.object({ splitId: id, creatorId: id, participantId: id, amountCents: amountCents, transactionId: id }),
  /** An admin reversed the transfer that paid a share: the money went back, and the share is unpaid again. */
  "social.split_payment_reversed": z.object({ splitId: id, creatorId: id, participantId: id, amountCents: amountCents, transactionId: id }),
  /** participants = every participant's user id (the creator included when they had a share). */
  "social.split_settled": z.object({ splitId: id, creatorId: id, title: z.string(), totalCents: amountCents, currency: z.literal("USD"), participants: z.array(id) }),
  /** A settled split is open again because the payment of one of its shares was reversed; same fields as settled. */
  "social.split_reopened": z.object({ splitId: id, creatorId: id, title: z.string(), totalCents: amountCents, currency: z.literal("USD"), participants: z.array(id) }),
} as const;
