import { count, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';

/**
 * Lists count exactly up to this many rows; past it they answer the planner's estimate, flagged as one. An exact count
 * reads every matching row on every page: at 30,000 pilots that was most of the registry's time.
 */
export const EXACT_COUNT_UP_TO = 1_000;

export interface ListTotal {
  total: number;
  /** false: `total` is the planner's estimate of a list longer than EXACT_COUNT_UP_TO */
  totalExact: boolean;
}

/**
 * The total of a list whose rows `matching` selects (any columns, no limit): counted while it is short (up to `upTo`),
 * estimated when it is long. The estimate is never below the exact part already seen, so a list never reads shorter
 * than a page it showed. `estimated`: what the estimate is of, where not `matching` itself — the same rows written as the
 * planner estimates them better, or the estimate the caller has already asked for.
 */
export async function listTotal(
  db: Queryable,
  matching: SQLWrapper,
  upTo = EXACT_COUNT_UP_TO,
  estimated: SQLWrapper | number = matching,
): Promise<ListTotal> {
  const [row] = await db.select({ n: count() }).from(sql`(${explainable(matching)} limit ${upTo + 1}) as counted`);
  const n = row?.n ?? 0;
  if (n <= upTo) return { total: n, totalExact: true };
  const planned = typeof estimated === 'number' ? estimated : await plannedRows(db, estimated);
  return { total: Math.max(planned, n), totalExact: false };
}

/** The planner's estimate of the rows a query answers (EXPLAIN: planned, not run). */
export async function plannedRows(db: Queryable, query: SQLWrapper): Promise<number> {
  const plan = await db.execute<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(sql`explain (format json) ${explainable(query)}`);
  return Math.round(plan.rows[0]?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0);
}

/** A query builder's own SQL, without the parentheses Drizzle puts around it as a subquery. */
const explainable = (query: SQLWrapper): SQL => query.getSQL();
