import { sortKey } from '@smartcity/domain';
import { asc, desc, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * A paged list's ORDER BY from its `sort` query value (the domain's sortQuery): the column's expressions in that direction,
 * then the tiebreak, a unique order, so pages never overlap.
 */
export function orderBy<K extends string>(sort: K | `-${K}`, columns: Record<K, readonly (AnyColumn | SQL)[]>, tiebreak: SQL[]): SQL[] {
  const { key, descending } = sortKey(sort);
  return [...columns[key].map((c) => (descending ? desc(c) : asc(c))), ...tiebreak];
}
