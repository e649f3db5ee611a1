/**
 * The transaction list as a CSV file. Amounts are signed decimal strings from the holder's side
 * ("-5.00" sent, "12.34" received or deposited), so a spreadsheet can sum the column; the Direction
 * column says the same in words. Dates are ISO 8601 in UTC. Text cells (descriptions, names) are
 * neutralised against formula injection by csv.ts; the amount is ours and stays a number.
 */
import { csvRecord, decimalCents, type CsvCell } from "./csv.ts";
import { dayKey } from "./days.ts";
import { counterpartyName, FLOW_LABEL, flowOf, signedCents, STATUS_LABEL, typeLabel, type TxnLike } from "./transaction-view.ts";

export const CSV_COLUMNS = ["Date", "Transaction ID", "Type", "Direction", "Status", "Counterparty", "Description", "Category", "Merchant", "Amount", "Currency"] as const;

export interface CsvTransaction extends TxnLike {
  id: string;
  createdAt: string;
  category: string | null;
  merchant: string | null;
  currency: string;
}

export const csvHeader = (): string => csvRecord(CSV_COLUMNS);

/** One transaction's record, CRLF included. */
export function transactionCsvRecord(t: CsvTransaction, viewerId: string): string {
  const flow = flowOf(t, viewerId);
  const cells: CsvCell[] = [
    new Date(t.createdAt).toISOString(),
    t.id,
    typeLabel(t.type),
    FLOW_LABEL[flow],
    STATUS_LABEL[t.status] ?? t.status,
    flow === "deposit" ? "" : counterpartyName(t.counterparty),
    t.description,
    t.category,
    t.merchant,
    decimalCents(signedCents(t, viewerId)),
    t.currency,
  ];
  return csvRecord(cells);
}

/** "mint-transactions-2026-03-03.csv", dated in the user's zone. */
export const exportFileName = (now: Date, tz: string): string => `mint-transactions-${dayKey(now, tz)}.csv`;
