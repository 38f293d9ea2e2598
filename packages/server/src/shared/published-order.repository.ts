import { asc, desc, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Subquery } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { batches } from '../db/schema.js';

/** One batch's rows in the batch's own order, at most `upTo` of them, as a subquery with each row's `id`. */
type RowsOfBatch<S> = (sameBatch: (batchId: AnyColumn) => SQL, upTo: number) => S;

/**
 * A page of ids in the published order — the batch's year, then an order within the batch — walked off per-batch
 * indexes: batch by batch in year order, each batch's rows only up to the page's end, so a page reads the rows before
 * it and never sorts the whole table (a sort of every pilot, or every report joined to its pilot, read all of them for
 * each page at 30,000 pilots). `within` orders the subquery's rows the way the subquery itself does.
 */
export function pageByBatch<S extends Subquery & { id: AnyColumn }>(
  db: Queryable,
  rowsOfBatch: RowsOfBatch<S>,
  within: (rows: S) => SQL[],
  yearDescending: boolean,
  offset: number,
  pageSize: number,
) {
  const rows = rowsOfBatch((batchId) => sql`${batchId} = ${batches.id}`, offset + pageSize);
  return db
    .select({ id: sql<string>`${rows.id}` })
    .from(batches)
    .crossJoinLateral(sql`${rows}`)
    .orderBy((yearDescending ? desc : asc)(batches.year), ...within(rows))
    .limit(pageSize)
    .offset(offset);
}

/**
 * A page's rows in the order of its ids: `fetch` reads the rows of those ids (by `id in (…)`, in any order) — the
 * page's joins for its own rows only, after the ids were found on the indexes.
 */
export async function rowsOfIds<T extends { id: string }>(ids: { id: string }[], fetch: (ids: string[]) => Promise<T[]>): Promise<T[]> {
  if (ids.length === 0) return [];
  const byId = new Map((await fetch(ids.map((r) => r.id))).map((r) => [r.id, r]));
  return ids.map((r) => byId.get(r.id)!);
}
