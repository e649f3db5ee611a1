/** Where the admin service reads the time (approval deadlines, link expiry); tests give a clock they control. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
