import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UnknownYearError, workingDays, type HolidayCalendarData } from './calendar.js';

const data = JSON.parse(readFileSync(new URL('../../../data/holidays-cn.json', import.meta.url), 'utf8')) as HolidayCalendarData;
const cal = workingDays(data);

// The expected days are the notices' own words, not read from the data file: 国务院办公厅关于2013年部分节假日安排的
// 通知 — 国庆节 10月1日至7日放假调休，共7天；9月29日（星期日）、10月12日（星期六）上班; and the 2014 notice — 春节
// 1月31日至2月6日放假调休，共7天；1月26日（星期日）、2月8日（星期六）上班.
describe('working days', () => {
  it('are off on a holiday weekday and on at a make-up weekend day', () => {
    expect(cal.isWorkingDay('2013-10-01')).toBe(false); // Tuesday, 国庆节
    expect(cal.isWorkingDay('2013-10-07')).toBe(false); // Monday, day off in exchange
    expect(cal.isWorkingDay('2013-09-29')).toBe(true); // Sunday worked
    expect(cal.isWorkingDay('2013-10-12')).toBe(true); // Saturday worked
    expect(cal.isWorkingDay('2013-10-13')).toBe(false); // an ordinary Sunday
    expect(cal.isWorkingDay('2013-10-08')).toBe(true); // an ordinary Tuesday
    expect(cal.isWorkingDay('2014-02-06')).toBe(false); // Thursday, 春节
    expect(cal.isWorkingDay('2014-02-08')).toBe(true); // Saturday worked
  });

  it('count ten working days across 国庆 as the notice has them', () => {
    // from Friday 27 September 2013: 29 Sep (Sun, worked), 30 Sep, [1–7 Oct off], 8, 9, 10, 11, 12 (Sat, worked), 14, 15, 16
    expect(cal.addWorkingDays('2013-09-27', 10)).toBe('2013-10-16');
    expect(cal.workingDaysBetween('2013-09-27', '2013-10-16')).toBe(10);
    expect(cal.addWorkingDays('2013-09-27', 0)).toBe('2013-09-27');
    // an ordinary fortnight: ten working days from a Monday is the Monday two weeks on
    expect(cal.addWorkingDays('2013-11-04', 10)).toBe('2013-11-18');
  });

  it('covers the programme from 2013 to this year, and refuses a year no notice covers', () => {
    for (let y = 2013; y <= 2026; y++) expect(data.years[String(y)], String(y)).toBeDefined();
    expect(() => cal.isWorkingDay('2012-12-31')).toThrow(UnknownYearError);
    expect(() => cal.addWorkingDays('2026-12-31', 1)).toThrow(UnknownYearError);
    expect(() => cal.isWorkingDay('2013-13-01x')).toThrow(RangeError);
  });
});
