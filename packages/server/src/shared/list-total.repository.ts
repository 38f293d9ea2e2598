import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
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
 * planner estimates them better, or the estimate the caller has already asked for. `counted`: the count up to `upTo`
 * where a page's statement already carried it (countedUpTo).
 */
export async function listTotal(
  db: Queryable,
  matching: SQLWrapper,
  upTo = EXACT_COUNT_UP_TO,
  estimated: SQLWrapper | number = matching,
  counted?: number,
): Promise<ListTotal> {
  const n = counted ?? Number((await db.execute<{ n: unknown }>(sql`select ${countedUpTo(matching, upTo)} as n`)).rows[0]!.n);
  if (n <= upTo) return { total: n, totalExact: true };
  const planned = typeof estimated === 'number' ? estimated : await plannedRows(db, estimated);
  return { total: Math.max(planned, n), totalExact: false };
}

/**
 * The count listTotal starts from (up to `upTo` + 1), as a column a page's own statement carries: an uncorrelated
 * subquery, run once per statement, so a page and its total are one round trip.
 */
export const countedUpTo = (matching: SQLWrapper, upTo = EXACT_COUNT_UP_TO) =>
  sql<number>`(select count(*) from (${explainable(matching)} limit ${upTo + 1}) as counted)`.mapWith(Number);

/**
 * A page whose rows carried countedUpTo as `counted`, with its total. A page past the last has no row to carry it: only
 * then is the list counted apart.
 */
export async function pageWithTotal<R extends { counted?: number | undefined }>(
  db: Queryable,
  rows: R[],
  matching: SQLWrapper,
  upTo = EXACT_COUNT_UP_TO,
): Promise<{ items: Omit<R, 'counted'>[] } & ListTotal> {
  const total = await listTotal(db, matching, upTo, matching, rows[0]?.counted);
  return { items: rows.map(({ counted: _, ...row }) => row), ...total };
}

/** The planner's estimate of the rows a query answers (EXPLAIN: planned, not run). */
export async function plannedRows(db: Queryable, query: SQLWrapper): Promise<number> {
  const plan = await db.execute<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(sql`explain (format json) ${explainable(query)}`);
  return Math.round(plan.rows[0]?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0);
}

/** A query builder's own SQL, without the parentheses Drizzle puts around it as a subquery. */
const explainable = (query: SQLWrapper): SQL => query.getSQL();
