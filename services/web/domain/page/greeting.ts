/** Greeting for an hour of the day (0–23): before noon morning, before 17:00 afternoon, else evening. */
export function greetingForHour(hour: number): "Good morning" | "Good afternoon" | "Good evening" {
  if (hour < 12) return "Good morning";
  if (hour < 17) return "Good afternoon";
  return "Good evening";
}

/** True when `tz` is an IANA time-zone name this runtime knows. */
export function isValidTimeZone(tz: string | undefined): tz is string {
  if (!tz || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The hour (0–23) of `at` in time zone `tz`; UTC when the zone is missing or unknown. */
export function hourIn(at: Date, tz: string | undefined): number {
  const timeZone = isValidTimeZone(tz) ? tz : "UTC";
  const part = new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", hourCycle: "h23" })
    .formatToParts(at)
    .find((p) => p.type === "hour");
  const hour = Number(part?.value ?? at.getUTCHours());
  return hour === 24 ? 0 : hour;
}

/** First word of a display name, or undefined when there is none. */
export function firstName(name: string | null | undefined): string | undefined {
  const first = name?.trim().split(/\s+/)[0];
  return first ? first : undefined;
}

/** "Good evening, Ada" (or just the greeting when the name is unknown). */
export function greeting(at: Date, tz: string | undefined, name: string | null | undefined): string {
  const hello = greetingForHour(hourIn(at, tz));
  const first = firstName(name);
  return first ? `${hello}, ${first}` : hello;
}
