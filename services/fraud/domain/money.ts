/** Integer cents → "$1,234.56" for reasons shown to reviewers (no float arithmetic). */
export function dollars(cents: number): string {
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const whole = Math.trunc(abs / 100).toLocaleString("en-US");
  const rest = String(abs % 100).padStart(2, "0");
  return `${negative ? "-" : ""}$${whole}.${rest}`;
}
