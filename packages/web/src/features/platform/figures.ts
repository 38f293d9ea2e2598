import type { PlatformFigures } from '@smartcity/domain';

// How the platform's figures read, the same on the health table, the years and a year's page.

export const publishedOf = (f: Pick<PlatformFigures, 'published'>) =>
  f.published.unconditional + f.published.conditional + f.published.none;

/** Days to answer, median / p90 ('—' while nothing was answered). */
export const answerDaysText = (f: Pick<PlatformFigures, 'answerDays'>) =>
  f.answerDays.median === null ? '—' : `${f.answerDays.median} / ${f.answerDays.p90}`;

/** `part` of `whole` in percent, to `digits` decimals; null of nothing. */
export const shareOf = (part: number, whole: number, digits = 0) =>
  whole === 0 ? null : Math.round((part / whole) * 100 * 10 ** digits) / 10 ** digits;

export const percentText = (v: number | null) => (v === null ? '—' : `${v}%`);
