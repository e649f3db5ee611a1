/** A merchant as typed by the payer, tidied: trimmed, inner whitespace collapsed; null when blank. */
export function tidyMerchant(raw: string | null | undefined): string | null {
  const tidy = (raw ?? "").replace(/\s+/g, " ").trim();
  return tidy === "" ? null : tidy;
}

/** "Starbucks", " STARBUCKS " and "starbucks" are one merchant. */
export const merchantKey = (merchant: string): string => merchant.toLowerCase();
