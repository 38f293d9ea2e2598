/**
 * 工作日: China's working days, from the State Council's yearly holiday notices (data/holidays-cn.json): a statutory
 * holiday and the days off around it are off even on a weekday, a weekend day worked in exchange (调休上班) is a working
 * day; any other Saturday or Sunday is off. Deadlines counted in working days (a sharing request unanswered after 10
 * working days escalates) are counted with it.
 */

/** The calendar data as the file holds it, by year. */
export interface HolidayCalendarData {
  years: Record<string, { offDays: string[]; workDays: string[] }>;
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class UnknownYearError extends Error {
  constructor(readonly year: number) {
    super(`working days of ${year} are not known: data/holidays-cn.json has no notice for it`);
  }
}

export function workingDays(data: HolidayCalendarData) {
  const off = new Set<string>();
  const worked = new Set<string>();
  for (const y of Object.values(data.years)) {
    for (const d of y.offDays) off.add(d);
    for (const d of y.workDays) worked.add(d);
  }
  const known = (date: string) => {
    const year = Number(date.slice(0, 4));
    if (!data.years[String(year)]) throw new UnknownYearError(year);
  };

  const calendar = {
    /** A date (YYYY-MM-DD) is a working day. Throws UnknownYearError for a year the notices do not cover. */
    isWorkingDay(date: string): boolean {
      if (!ISO_DATE.test(date)) throw new RangeError(`not a date: ${date}`);
      known(date);
      if (worked.has(date)) return true;
      if (off.has(date)) return false;
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      return weekday !== 0 && weekday !== 6;
    },

    /** The date `n` working days after `date` (the day itself not counted): a request of 27 September 2013 answered within 10 working days is due on 16 October. */
    addWorkingDays(date: string, n: number): string {
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a count of days: ${n}`);
      let ms = Date.parse(`${date}T00:00:00Z`);
      for (let left = n; left > 0;) {
        ms += DAY;
        if (calendar.isWorkingDay(iso(ms))) left -= 1;
      }
      return iso(ms);
    },

    /** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
    workingDaysBetween(from: string, to: string): number {
      let count = 0;
      for (let ms = Date.parse(`${from}T00:00:00Z`) + DAY, end = Date.parse(`${to}T00:00:00Z`); ms <= end; ms += DAY)
        if (calendar.isWorkingDay(iso(ms))) count += 1;
      return count;
    },
  };
  return calendar;
}
export type WorkingDays = ReturnType<typeof workingDays>;
