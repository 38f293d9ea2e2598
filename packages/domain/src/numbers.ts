import { z } from 'zod';

/** Rounds to hundredths (scores, points, means): the precision every score in the programme is shown with. */
export const round2 = (x: number) => Math.round(x * 100) / 100;

/*
 * The ranges of what users type, stated once (SPEC's units): anything outside is a typing error or an attack, refused
 * with too_big / too_small naming the field.
 * - amounts are in 万元, never negative, below 10 亿万元 (1e9 万元 = 10 万亿元, above any city's total investment);
 * - an indicator's value (baseline, target, yearly target, actual) is in the indicator's own unit (%, 个, km, 万人…):
 *   at most ±1e12, which any real quantity of a city fits;
 * - percentages of completion are 0–100; years, and the years of dates, are within the programme's reach (2000–2100).
 */
export const AMOUNT_MAX = 1e9;
export const INDICATOR_VALUE_MAX = 1e12;
/** 万元, ≥ 0 */
export const amount = () => z.number().min(0).max(AMOUNT_MAX);
/** a value in an indicator's unit */
export const indicatorValue = () => z.number().min(-INDICATOR_VALUE_MAX).max(INDICATOR_VALUE_MAX);
export const percent = () => z.number().min(0).max(100);
export const programmeYear = () => z.number().int().min(2000).max(2100);
const yearOf = (date: string) => Number(date.slice(0, 4));
/** a date (YYYY-MM-DD) in the programme's years: the ISO pattern alone lets the year 0000 through, which PostgreSQL has not (a 500) */
export const programmeDate = () =>
  z.iso
    .date()
    .refine((d) => yearOf(d) >= 2000, { message: 'too_small' })
    .refine((d) => yearOf(d) <= 2100, { message: 'too_big' });
