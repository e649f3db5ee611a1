import { z } from "zod";

/** Largest amount of one movement: $1,000,000,000.00 in cents. */
export const MAX_AMOUNT_CENTS = 100_000_000_000;

/** A positive amount of money in integer cents (never a float, never zero). */
export const amountCents = z.number().int("amount must be whole cents").min(1, "amount must be at least 1 cent").max(MAX_AMOUNT_CENTS, "amount is too large");
/** A signed balance or delta in integer cents. */
export const cents = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
export const currency = z.literal("USD");
export const id = z.string().min(1).max(64);
export const isoTime = z.iso.datetime({ offset: true });

export const KYC_TIERS = ["UNVERIFIED", "BASIC", "VERIFIED"] as const;
export const kycTier = z.enum(KYC_TIERS);
export type KycTier = z.infer<typeof kycTier>;
