/** Time comes from here so tests can move it (deadlines, lockouts, session expiry). */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** Dates on the programme's documents, deadlines and to-dos are Beijing dates (UTC+8, no daylight saving). */
export const beijingDate = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The end of a Beijing day, as an instant: a deadline date holds until then. */
export const endOfBeijingDay = (date: string) => new Date(`${date}T23:59:59.999+08:00`);
