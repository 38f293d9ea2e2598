/**
 * Times as the platform states them: Beijing time (UTC+8, no daylight saving), whatever the reader's computer or the
 * server's zone says — a return at 17:11 in 北京 is not shown as 09:11 (the UTC of the ISO string).
 */
export const beijingTime = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** The Beijing day of a moment, `YYYY-MM-DD`. */
export const beijingDay = (iso: string) => beijingTime(iso).slice(0, 10);
