/** Months are UTC calendar months written "YYYY-MM". */
export const YEAR_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function yearMonthOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

export const isYearMonth = (value: string): boolean => YEAR_MONTH.test(value);

/** The calendar month before a "YYYY-MM" month. */
export function previousYearMonth(yearMonth: string): string {
  const [year, month] = yearMonth.split("-").map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, "0")}`;
}
