import { describe, expect, test } from "bun:test";
import { parseCsv } from "../../../../tests/harness/csv.ts";
import { CSV_COLUMNS, csvHeader, exportFileName, transactionCsvRecord, type CsvTransaction } from "./transactions-csv.ts";

const ME = "me";
const base: CsvTransaction = {
  id: "7d1f6c1e-0000-4000-8000-000000000001",
  type: "TRANSFER",
  status: "COMPLETED",
  statusReason: null,
  amount: 500,
  currency: "USD",
  senderId: ME,
  recipientId: "them",
  description: "=HYPERLINK(\"http://evil.example\")",
  category: "FOOD",
  merchant: null,
  createdAt: "2026-03-03T20:04:05.123Z",
  counterparty: { id: "them", name: "-Robert, \"Bobby\"", email: null },
};

describe("transactions as CSV", () => {
  test("a sent transfer: signed decimal amount, words for type/direction/status, neutralised text", () => {
    const [header, row] = parseCsv(csvHeader() + transactionCsvRecord(base, ME));
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(row).toEqual(["2026-03-03T20:04:05.123Z", base.id, "Transfer", "Sent", "Completed", "'-Robert, \"Bobby\"", "'=HYPERLINK(\"http://evil.example\")", "FOOD", "", "-5.00", "USD"]);
  });

  test("received and deposited amounts are positive; a deposit has no counterparty", () => {
    const received = parseCsv(transactionCsvRecord({ ...base, senderId: "them", recipientId: ME, description: null }, ME))[0]!;
    expect(received.slice(3, 7)).toEqual(["Received", "Completed", "'-Robert, \"Bobby\"", ""]);
    expect(received[9]).toBe("5.00");
    const deposit = parseCsv(transactionCsvRecord({ ...base, type: "TOPUP", recipientId: null, counterparty: null, amount: 123_456, description: "from my bank" }, ME))[0]!;
    expect([deposit[2], deposit[3], deposit[5], deposit[9]]).toEqual(["Deposit", "Deposit", "", "1234.56"]);
  });

  test("the file is named for the user's day", () => {
    expect(exportFileName(new Date("2026-03-04T02:00:00Z"), "America/New_York")).toBe("mint-transactions-2026-03-03.csv");
    expect(exportFileName(new Date("2026-03-04T02:00:00Z"), "UTC")).toBe("mint-transactions-2026-03-04.csv");
  });
});
