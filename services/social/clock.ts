/** Where social reads the time (creation, deadlines, expiry); tests give a clock they control. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
