import type { consumption } from "../../../proto-like-schemas/consumption.ts";
import type { EventData } from "../../../proto-like-schemas/events/index.ts";
import type { MailRequest } from "./mail-templates.ts";
import { formatCents, percentOf } from "./money.ts";

export type Consumed = (typeof consumption.notifications)[number];

/** A notification to create for one user, and the e-mail to send with it when there is one. */
export interface Draft {
  userId: string;
  /** The event type, or a derived one (transaction.topup_completed). */
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown> | null;
  mail?: MailRequest;
}

/** A counterparty's display name when this service knows it. */
export type NameOf = (userId: string) => string | null;

type Composer<T extends Consumed> = (data: EventData<T>, nameOf: NameOf) => Draft[];

const quote = (text: string | null | undefined) => (text && text.trim() ? ` “${oneLine(text.trim(), 140)}”` : "");
const oneLine = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};
/** " to Bob" / " from Bob", or nothing when the name is unknown. */
const withName = (preposition: string, name: string | null) => (name ? ` ${preposition} ${name}` : "");
const possessive = (name: string | null) => (name ? `${name}’s` : "a");
const tierName = (tier: string) => tier.charAt(0) + tier.slice(1).toLowerCase();
export const categoryName = (category: string) => category.charAt(0) + category.slice(1).toLowerCase();

const TRANSFER_WORD: Record<string, string> = { TRANSFER: "transfer", SPLIT_PAYMENT: "split payment", REQUEST_PAYMENT: "payment" };

/** The user ids an event's text may name, so their names can be looked up before composing. */
export function peopleIn(data: Record<string, unknown>): string[] {
  const ids = new Set<string>();
  for (const key of ["senderId", "recipientId", "requesterId", "creatorId", "participantId"]) {
    const v = data[key];
    if (typeof v === "string") ids.add(v);
  }
  return [...ids];
}

const composers: { [T in Consumed]: Composer<T> } = {
  "auth.user_registered": (d) => [
    { userId: d.userId, type: "auth.user_registered", title: "Welcome to Mint!", body: "Your account has been created. Check your e-mail to verify your address and unlock transfers.", data: null },
  ],
  "auth.user_verified": (d) => [
    { userId: d.userId, type: "auth.user_verified", title: "Email Verified", body: "Your e-mail address is verified. You now have full access to Mint.", data: null },
  ],
  // No notice: a new name only changes how later notifications name this person (see events.ts).
  "auth.profile_updated": () => [],
  "auth.password_changed": (d) => [
    {
      userId: d.userId,
      type: "auth.password_changed",
      title: d.method === "reset" ? "Password Reset" : "Password Changed",
      body: `Your password was ${d.method === "reset" ? "reset" : "changed"}. If this wasn't you, reset your password now and contact support.`,
      data: { method: d.method, changedAt: d.changedAt },
    },
  ],
  // Who changed it is staff-internal; what the user can now do is theirs to know.
  "auth.role_changed": (d) => [
    {
      userId: d.userId,
      type: "auth.role_changed",
      title: "Account Role Changed",
      body:
        d.role === "ADMIN"
          ? "Your account now has administrator access. If you did not expect this, contact support."
          : "Your account no longer has administrator access.",
      data: { role: d.role, previousRole: d.previousRole },
    },
  ],
  // The admin's reason is an internal note; the user is pointed to support instead.
  "wallet.frozen": (d) => [
    { userId: d.userId, type: "wallet.frozen", title: "Wallet Frozen", body: "Your wallet has been frozen: payments in and out are paused. Contact support for details.", data: { walletId: d.walletId } },
  ],
  "wallet.unfrozen": (d) => [
    { userId: d.userId, type: "wallet.unfrozen", title: "Wallet Active Again", body: "Your wallet is no longer frozen. You can send and receive money again.", data: { walletId: d.walletId } },
  ],

  "transaction.completed": (d, nameOf) => {
    const amount = formatCents(d.amount);
    const ids = txnData(d);
    if (d.type === "TOPUP" || d.recipientId === null) {
      return [{ userId: d.senderId, type: "transaction.topup_completed", title: "Funds Added", body: `${amount} was added to your wallet.`, data: ids }];
    }
    const note = quote(d.description);
    const mailVars = { amount: d.amount, description: d.description, transactionId: d.transactionId };
    return [
      {
        userId: d.senderId,
        type: "transaction.completed",
        title: "Transfer Sent",
        body: `You sent ${amount}${withName("to", nameOf(d.recipientId))}.${note}`,
        data: { ...ids, direction: "sent" },
        mail: { template: "transfer-sent", vars: { ...mailVars, counterparty: nameOf(d.recipientId) } },
      },
      {
        userId: d.recipientId,
        type: "transaction.completed",
        title: "Transfer Received",
        body: `You received ${amount}${withName("from", nameOf(d.senderId))}.${note}`,
        data: { ...ids, direction: "received" },
        mail: { template: "transfer-received", vars: { ...mailVars, counterparty: nameOf(d.senderId) } },
      },
    ];
  },
  // Only the sender knew about it; nothing reached the recipient.
  "transaction.failed": (d, nameOf) => [
    {
      userId: d.senderId,
      type: "transaction.failed",
      title: d.type === "TOPUP" ? "Top-up Failed" : "Transfer Failed",
      body:
        d.type === "TOPUP" || d.recipientId === null
          ? `Your top-up of ${formatCents(d.amount)} could not be completed. No money was added.`
          : `Your ${TRANSFER_WORD[d.type]} of ${formatCents(d.amount)}${withName("to", nameOf(d.recipientId))} could not be completed. No money was moved.`,
      data: { ...txnData(d), code: d.code },
    },
  ],
  "transaction.held": (d, nameOf) => [
    {
      userId: d.senderId,
      type: "transaction.held",
      title: "Transfer Under Review",
      body: `Your ${TRANSFER_WORD[d.type] ?? "transfer"} of ${formatCents(d.amount)}${withName("to", nameOf(d.recipientId ?? ""))} is being reviewed. The amount is reserved in your wallet until we decide; we'll let you know the outcome.`,
      data: txnData(d),
    },
  ],
  "transaction.cancelled": (d, nameOf) => [
    {
      userId: d.senderId,
      type: "transaction.cancelled",
      title: d.type === "TOPUP" ? "Top-up Cancelled" : "Transfer Cancelled",
      body:
        d.type === "TOPUP" || d.recipientId === null
          ? `Your top-up of ${formatCents(d.amount)} was cancelled. No money was added.`
          : `Your ${TRANSFER_WORD[d.type]} of ${formatCents(d.amount)}${withName("to", nameOf(d.recipientId))} was cancelled. No money left your wallet.`,
      data: txnData(d),
    },
  ],
  "transaction.reversed": (d, nameOf) => {
    const amount = formatCents(d.amount);
    if (d.type === "TOPUP" || d.recipientId === null) {
      return [{ userId: d.senderId, type: "transaction.reversed", title: "Top-up Reversed", body: `Your top-up of ${amount} was reversed and removed from your wallet.`, data: txnData(d) }];
    }
    return [
      {
        userId: d.senderId,
        type: "transaction.reversed",
        title: "Transfer Reversed",
        body: `Your ${TRANSFER_WORD[d.type]} of ${amount}${withName("to", nameOf(d.recipientId))} was reversed. The money is back in your wallet.`,
        data: { ...txnData(d), direction: "sent" },
      },
      {
        userId: d.recipientId,
        type: "transaction.reversed",
        title: "Transfer Reversed",
        body: `A ${TRANSFER_WORD[d.type]} of ${amount}${withName("from", nameOf(d.senderId))} was reversed and taken back from your wallet.`,
        data: { ...txnData(d), direction: "received" },
      },
    ];
  },
  // The score and the rules that fired stay internal: telling users would teach them to avoid the rules.
  "transaction.fraud_blocked": (d) => [
    {
      userId: d.senderId,
      type: "transaction.fraud_blocked",
      title: "Transaction Blocked",
      body: `Your ${TRANSFER_WORD[d.type] ?? "transaction"} of ${formatCents(d.amount)} was blocked because it looked unusual. No money was moved. Contact support if you think this is a mistake.`,
      data: txnData(d),
    },
  ],

  "kyc.tier_upgraded": (d) =>
    d.newTier === "VERIFIED"
      ? [
          {
            userId: d.userId,
            type: "kyc.tier_upgraded",
            title: "Identity Fully Verified",
            body: "Your identity is verified. You now have Mint's highest limits.",
            data: { previousTier: d.previousTier, newTier: d.newTier },
            mail: { template: "kyc-approved", vars: {} },
          },
        ]
      : [
          {
            userId: d.userId,
            type: "kyc.tier_upgraded",
            title: "Verification Level Upgraded",
            body: `Your account is now ${tierName(d.newTier)}. Verify your identity to raise your limits further.`,
            data: { previousTier: d.previousTier, newTier: d.newTier },
          },
        ],
  "kyc.verification_failed": (d) => {
    const reason = d.reason?.trim() || null;
    return [
      {
        userId: d.userId,
        type: "kyc.verification_failed",
        title: "Verification Failed",
        body: `We could not verify your identity${reason ? `: ${oneLine(reason, 300)}` : ""}. Please check your documents and submit them again.`,
        data: { reason },
        mail: { template: "kyc-rejected", vars: { reason: reason ?? "Documents could not be verified" } },
      },
    ];
  },

  "social.money_request_sent": (d, nameOf) => {
    const amount = formatCents(d.amount);
    return [
      {
        userId: d.recipientId,
        type: "social.money_request_sent",
        title: "Money Request",
        body: `${nameOf(d.requesterId) ?? "Someone"} requested ${amount} from you.${quote(d.note)}`,
        data: { ...requestData(d), role: "payer", expiresAt: d.expiresAt },
      },
      {
        userId: d.requesterId,
        type: "social.money_request_sent",
        title: "Money Request Sent",
        body: `You requested ${amount}${withName("from", nameOf(d.recipientId))}.${quote(d.note)}`,
        data: { ...requestData(d), role: "requester", expiresAt: d.expiresAt },
      },
    ];
  },
  // Accepting only starts the payment: nobody is told the money moved until it has (paid / payment_failed).
  "social.money_request_accepted": (d, nameOf) => {
    const amount = formatCents(d.amount);
    return [
      {
        userId: d.requesterId,
        type: "social.money_request_accepted",
        title: "Money Request Accepted",
        body: `${nameOf(d.recipientId) ?? "The recipient"} accepted your request for ${amount}. We'll let you know when the payment has gone through.`,
        data: { ...requestData(d), role: "requester" },
      },
      {
        userId: d.recipientId,
        type: "social.money_request_accepted",
        title: "Money Request Accepted",
        body: `You accepted ${possessive(nameOf(d.requesterId))} request for ${amount}. Your payment is being processed.`,
        data: { ...requestData(d), role: "payer" },
      },
    ];
  },
  "social.money_request_declined": (d, nameOf) => {
    const amount = formatCents(d.amount);
    return [
      {
        userId: d.requesterId,
        type: "social.money_request_declined",
        title: "Money Request Declined",
        body: `${nameOf(d.recipientId) ?? "The recipient"} declined your request for ${amount}.`,
        data: { ...requestData(d), role: "requester" },
      },
      {
        userId: d.recipientId,
        type: "social.money_request_declined",
        title: "Money Request Declined",
        body: `You declined ${possessive(nameOf(d.requesterId))} request for ${amount}.`,
        data: { ...requestData(d), role: "payer" },
      },
    ];
  },
  "social.money_request_cancelled": (d, nameOf) => {
    const amount = formatCents(d.amount);
    return [
      {
        userId: d.recipientId,
        type: "social.money_request_cancelled",
        title: "Money Request Cancelled",
        body: `${nameOf(d.requesterId) ?? "The requester"} cancelled their request for ${amount}. You don't need to pay it.`,
        data: { ...requestData(d), role: "payer" },
      },
      {
        userId: d.requesterId,
        type: "social.money_request_cancelled",
        title: "Money Request Cancelled",
        body: `You cancelled your request for ${amount}${withName("from", nameOf(d.recipientId))}.`,
        data: { ...requestData(d), role: "requester" },
      },
    ];
  },
  "social.money_request_expired": (d, nameOf) => {
    const amount = formatCents(d.amount);
    return [
      {
        userId: d.requesterId,
        type: "social.money_request_expired",
        title: "Money Request Expired",
        body: `Your request for ${amount}${withName("from", nameOf(d.recipientId))} expired without a response.`,
        data: { ...requestData(d), role: "requester" },
      },
      {
        userId: d.recipientId,
        type: "social.money_request_expired",
        title: "Money Request Expired",
        body: `${capitalise(possessive(nameOf(d.requesterId)))} request for ${amount} expired. You can no longer pay it.`,
        data: { ...requestData(d), role: "payer" },
      },
    ];
  },
  "social.money_request_paid": (d, nameOf) => {
    const amount = formatCents(d.amount);
    return [
      {
        userId: d.requesterId,
        type: "social.money_request_paid",
        title: "Money Request Paid",
        body: `${nameOf(d.recipientId) ?? "The recipient"} paid your request for ${amount}. The money is in your wallet.`,
        data: { ...requestData(d), transactionId: d.transactionId, role: "requester" },
      },
      {
        userId: d.recipientId,
        type: "social.money_request_paid",
        title: "Money Request Paid",
        body: `You paid ${possessive(nameOf(d.requesterId))} request for ${amount}.`,
        data: { ...requestData(d), transactionId: d.transactionId, role: "payer" },
      },
    ];
  },
  "social.money_request_payment_failed": (d, nameOf) => {
    const amount = formatCents(d.amount);
    const why = d.code === "INSUFFICIENT_FUNDS" ? " because of insufficient funds" : d.code === "LIMIT_EXCEEDED" ? " because it would exceed a limit" : "";
    return [
      {
        userId: d.requesterId,
        type: "social.money_request_payment_failed",
        title: "Money Request Payment Failed",
        body: `The payment of your request for ${amount}${withName("from", nameOf(d.recipientId))} failed. No money was moved.`,
        data: { ...requestData(d), transactionId: d.transactionId, code: d.code, role: "requester" },
      },
      {
        userId: d.recipientId,
        type: "social.money_request_payment_failed",
        title: "Money Request Payment Failed",
        body: `Your payment of ${possessive(nameOf(d.requesterId))} request for ${amount} failed${why}. No money was moved.`,
        data: { ...requestData(d), transactionId: d.transactionId, code: d.code, role: "payer" },
      },
    ];
  },
  // The admin's reason stays internal, as for the transfer's own reversal notice.
  "social.money_request_reversed": (d, nameOf) => {
    const amount = formatCents(d.amount);
    return [
      {
        userId: d.requesterId,
        type: "social.money_request_reversed",
        title: "Money Request Payment Reversed",
        body: `The payment of ${amount}${withName("from", nameOf(d.recipientId))} for your request was reversed and taken back from your wallet. The request is closed.`,
        data: { ...requestData(d), transactionId: d.transactionId, role: "requester" },
      },
      {
        userId: d.recipientId,
        type: "social.money_request_reversed",
        title: "Money Request Payment Reversed",
        body: `Your payment of ${possessive(nameOf(d.requesterId))} request for ${amount} was reversed. The money is back in your wallet.`,
        data: { ...requestData(d), transactionId: d.transactionId, role: "payer" },
      },
    ];
  },

  "social.split_created": (d, nameOf) => {
    const total = formatCents(d.totalCents);
    const title = oneLine(d.title, 120);
    const drafts: Draft[] = [
      {
        userId: d.creatorId,
        type: "social.split_created",
        title: "Bill Split Created",
        body: `You split “${title}” (${total}) with ${plural(d.participants.filter((p) => p.userId !== d.creatorId).length, "person", "people")}.`,
        data: { splitId: d.splitId, totalCents: d.totalCents, currency: d.currency, role: "creator" },
      },
    ];
    for (const p of unique(d.participants, (p) => p.userId)) {
      if (p.userId === d.creatorId) continue;
      drafts.push({
        userId: p.userId,
        type: "social.split_created",
        title: "Added to Bill Split",
        body: `${nameOf(d.creatorId) ?? "Someone"} added you to “${title}” (${total}). Your share is ${formatCents(p.amountCents)}.`,
        data: { splitId: d.splitId, totalCents: d.totalCents, shareCents: p.amountCents, currency: d.currency, role: "participant" },
      });
    }
    return drafts;
  },
  "social.split_payment_recorded": (d, nameOf) => {
    const share = formatCents(d.amountCents);
    const data = { splitId: d.splitId, amountCents: d.amountCents, transactionId: d.transactionId };
    const drafts: Draft[] = [
      {
        userId: d.participantId,
        type: "social.split_payment_recorded",
        title: "Split Share Paid",
        body: `You paid your share of ${share}${withName("to", nameOf(d.creatorId))}.`,
        data: { ...data, role: "participant" },
      },
    ];
    if (d.creatorId !== d.participantId) {
      drafts.push({
        userId: d.creatorId,
        type: "social.split_payment_recorded",
        title: "Split Payment Received",
        body: `${nameOf(d.participantId) ?? "A participant"} paid their share of ${share}.`,
        data: { ...data, participantId: d.participantId, role: "creator" },
      });
    }
    return drafts;
  },
  "social.split_payment_reversed": (d, nameOf) => {
    const share = formatCents(d.amountCents);
    const data = { splitId: d.splitId, amountCents: d.amountCents, transactionId: d.transactionId };
    const drafts: Draft[] = [
      {
        userId: d.participantId,
        type: "social.split_payment_reversed",
        title: "Split Share Payment Reversed",
        body: `The payment of your ${share} share${withName("to", nameOf(d.creatorId))} was reversed. The money is back in your wallet and your share is unpaid again.`,
        data: { ...data, role: "participant" },
      },
    ];
    if (d.creatorId !== d.participantId) {
      drafts.push({
        userId: d.creatorId,
        type: "social.split_payment_reversed",
        title: "Split Payment Reversed",
        body: `${nameOf(d.participantId) ?? "A participant"}’s payment of their ${share} share was reversed and taken back from your wallet. Their share is unpaid again.`,
        data: { ...data, participantId: d.participantId, role: "creator" },
      });
    }
    return drafts;
  },
  "social.split_settled": (d) => {
    const body = `“${oneLine(d.title, 120)}” is fully settled (${formatCents(d.totalCents)}).`;
    return unique([d.creatorId, ...d.participants], (id) => id).map((userId) => ({
      userId,
      type: "social.split_settled",
      title: "Bill Split Settled",
      body,
      data: { splitId: d.splitId, totalCents: d.totalCents, currency: d.currency },
    }));
  },
  "social.split_reopened": (d) => {
    const body = `“${oneLine(d.title, 120)}” is open again: the payment of a share was reversed.`;
    return unique([d.creatorId, ...d.participants], (id) => id).map((userId) => ({
      userId,
      type: "social.split_reopened",
      title: "Bill Split Reopened",
      body,
      data: { splitId: d.splitId, totalCents: d.totalCents, currency: d.currency },
    }));
  },

  "analytics.budget_warning": (d) => {
    const percent = percentOf(d.used, d.limit);
    const category = categoryName(d.category);
    return [
      {
        userId: d.userId,
        type: "analytics.budget_warning",
        title: "Budget Warning",
        body: `You've used ${percent}% of your ${category} budget this month (${formatCents(d.used)} of ${formatCents(d.limit)}).`,
        data: budgetData(d),
        mail: { template: "budget-warning", vars: { category: d.category, used: d.used, limit: d.limit, percent } },
      },
    ];
  },
  "analytics.budget_exceeded": (d) => {
    const category = categoryName(d.category);
    return [
      {
        userId: d.userId,
        type: "analytics.budget_exceeded",
        title: "Budget Exceeded",
        body: `You've spent ${formatCents(d.used)} of your ${formatCents(d.limit)} ${category} budget this month${d.used > d.limit ? `, ${formatCents(d.used - d.limit)} over` : ""}.`,
        data: budgetData(d),
        mail: { template: "budget-exceeded", vars: { category: d.category, used: d.used, limit: d.limit } },
      },
    ];
  },

  "webhook.endpoint_disabled": (d) => [
    {
      userId: d.userId,
      type: "webhook.endpoint_disabled",
      title: "Webhook Endpoint Disabled",
      body: `We stopped sending events to ${oneLine(d.url, 200)} because ${d.reason === "GONE" ? "it answered 410 Gone" : "its deliveries kept failing"}. Fix the endpoint and enable it again in your webhook settings.`,
      data: { endpointId: d.endpointId, url: d.url, reason: d.reason },
    },
  ],
};

function txnData(d: { transactionId: string; type: string; amount: number; currency: string; requestId: string | null; splitId: string | null }) {
  return {
    transactionId: d.transactionId,
    transactionType: d.type,
    amount: d.amount,
    currency: d.currency,
    ...(d.requestId ? { requestId: d.requestId } : {}),
    ...(d.splitId ? { splitId: d.splitId } : {}),
  };
}

const requestData = (d: { requestId: string; requesterId: string; recipientId: string; amount: number; currency: string }) => ({
  requestId: d.requestId,
  requesterId: d.requesterId,
  recipientId: d.recipientId,
  amount: d.amount,
  currency: d.currency,
});

const budgetData = (d: { budgetId: string; category: string; used: number; limit: number; yearMonth: string; thresholdPercent: number }) => ({
  budgetId: d.budgetId,
  category: d.category,
  used: d.used,
  limit: d.limit,
  yearMonth: d.yearMonth,
  thresholdPercent: d.thresholdPercent,
});

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
function unique<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(key(item)) ? false : (seen.add(key(item)), true)));
}

/**
 * The notifications an event produces: one per user concerned, each worded for that user. At most
 * one per user (the store relies on it), and never a message that claims money moved before it has.
 */
export function draftsFor<T extends Consumed>(type: T, data: EventData<T>, nameOf: NameOf): Draft[] {
  const drafts = (composers[type] as Composer<T>)(data, nameOf);
  return unique(drafts, (d) => d.userId);
}

export const CONSUMED_TYPES = Object.keys(composers) as Consumed[];
