/** Where the mail sender reads the time; tests give a clock they control (retry back-off). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
