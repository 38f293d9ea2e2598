import { asc, desc, sql, type AnyColumn, type Placeholder, type SQL } from 'drizzle-orm';
import type { Subquery } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { batches } from '../db/schema.js';

/** One batch's rows in the batch's own order, at most `upTo` of them, as a subquery with each row's `id`. */
type RowsOfBatch<S> = (sameBatch: (batchId: AnyColumn) => SQL, upTo: number | Placeholder) => S;

/** Which rows a page is: `pageSize` after `offset`, and `upTo` = offset + pageSize (a prepared page binds all three). */
export interface PageWindow {
  offset: number | Placeholder;
  pageSize: number | Placeholder;
  upTo: number | Placeholder;
}
export const pageWindow = (offset: number, pageSize: number): PageWindow => ({ offset, pageSize, upTo: offset + pageSize });

/**
 * A row's place in `order`, numbered in the statement that finds a page's ids: the page's rows are joined to those ids
 * in the same statement and keep their order by it (one statement where ids first and rows after took two).
 */
export const placeIn = (order: SQL[]) => sql<number>`row_number() over (order by ${sql.join(order, sql`, `)})`.as('page_place');

/** A page's id, named apart from the columns of the tables its rows are joined from (the statement names it bare). */
export const pageId = (id: AnyColumn) => sql<string>`${id}`.as('page_id');

/**
 * A page of ids in the published order — the batch's year, then an order within the batch — walked off per-batch
 * indexes: batch by batch in year order, each batch's rows only up to the page's end, so a page reads the rows before
 * it and never sorts the whole table (a sort of every pilot, or every report joined to its pilot, read all of them for
 * each page at 30,000 pilots). `within` orders the subquery's rows the way the subquery itself does. A subquery of the
 * ids and their places (placeIn), and what `carry` names of the rows, for the statement that joins the page's rows.
 */
export function pageByBatch<S extends Subquery & { id: AnyColumn }, C extends Record<string, SQL.Aliased> = Record<never, never>>(
  db: Queryable,
  rowsOfBatch: RowsOfBatch<S>,
  within: (rows: S) => SQL[],
  yearDescending: boolean,
  { offset, pageSize, upTo }: PageWindow,
  carry: (rows: S) => C = () => ({}) as C,
) {
  const rows = rowsOfBatch((batchId) => sql`${batchId} = ${batches.id}`, upTo);
  const order = [(yearDescending ? desc : asc)(batches.year), ...within(rows)];
  return db
    .select({ id: pageId(rows.id), place: placeIn(order), ...carry(rows) })
    .from(batches)
    .crossJoinLateral(sql`${rows}`)
    .orderBy(...order)
    .limit(pageSize)
    .offset(offset)
    .as('page_ids');
}
