import { z } from 'zod';

// Control characters (NUL above all: PostgreSQL text cannot store it) are never valid user input.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Single-line user text: trimmed, bounded, no control characters. */
export const text = (max: number, min = 1) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((s) => !CONTROL_CHARS.test(s) && !/[\r\n]/.test(s), { message: 'control_chars' });

/** Multi-line user text: newlines allowed, other control characters not. */
export const longText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !CONTROL_CHARS.test(s), { message: 'control_chars' });

export const uuid = z.uuid();

/** GB/T 2260 six-digit division code. */
export const divisionCode = z.string().regex(/^\d{6}$/);

/** Query-string integer with bounds (query values arrive as strings). */
export const queryInt = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * A paged list's total: exact while the list is short, the database's estimate past that (counting every match of a
 * long list on every page cost more than the page), flagged so the reader sees "about".
 */
export const listTotalFields = {
  total: z.number().int(),
  totalExact: z.boolean(),
};

/**
 * A paged list's order in the query string: a column key, descending with a leading '-' (`sort=-name`). One shape for every
 * list the server pages, so the web table's header clicks map to it the same way everywhere.
 */
export function sortOrders<const K extends string>(keys: readonly K[]): (K | `-${K}`)[] {
  return keys.flatMap((k) => [k, `-${k}` as const]);
}
export const sortQuery = <const K extends string>(keys: readonly K[]) => z.enum(sortOrders(keys)).optional();

/** A sort value's column and direction. */
export function sortKey<K extends string>(sort: K | `-${K}`): { key: K; descending: boolean } {
  return sort.startsWith('-') ? { key: sort.slice(1) as K, descending: true } : { key: sort as K, descending: false };
}
