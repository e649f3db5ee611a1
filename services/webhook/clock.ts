import type { Random } from "./domain/schedule.ts";

/** Where the service reads the time and its jitter; tests pass a clock and randomness they control. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
export const systemRandom: Random = Math.random;
