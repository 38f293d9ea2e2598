/** Time comes from here so tests can move it (deadlines, lockouts, session expiry). */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
