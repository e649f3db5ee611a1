/** Where the rules read the time; tests give a clock they control (the night rule, the velocity window). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
