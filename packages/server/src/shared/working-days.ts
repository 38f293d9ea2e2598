import { workingDays, type HolidayCalendarData, type WorkingDays } from '@smartcity/domain';
import { dataFiles } from '../seed/data-files.js';

let calendar: WorkingDays | null = null;

/**
 * The working-day calendar of data/holidays-cn.json. A year whose State Council notice is not in the file yet (the
 * next year, before its notice is published and transcribed) counts Monday to Friday, so a deadline crossing New Year
 * is still computed; docs/platform.md states it.
 */
export function calendarOfWorkingDays(): WorkingDays {
  if (calendar) return calendar;
  const data = dataFiles.holidays();
  const years = Object.keys(data.years).map(Number);
  const filled: HolidayCalendarData = { years: { ...data.years } };
  for (let y = Math.max(...years) + 1; y <= Math.max(...years) + 5; y++) filled.years[String(y)] = { offDays: [], workDays: [] };
  calendar = workingDays(filled);
  return calendar;
}
