import { getTableColumns, sql, type Column, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

// JSON numbers would round an exact numeric or a 64-bit integer: these travel as the text the driver would have sent
const AS_TEXT = /^Pg(Numeric|BigInt|BigSerial)/;

/**
 * A table's rows as one JSON array inside another statement, so a page that shows a record with its lists is one round
 * trip, decoded back into exactly the rows a plain select of the table returns: each value goes through its column's
 * own driver mapping (timestamps become Dates), as it would arriving on its own.
 */
export function nestedRows<T extends PgTable>(table: T, where: SQL | undefined, orderBy: (SQL | Column)[]): SQL<T['$inferSelect'][]> {
  const columns = Object.entries(getTableColumns(table)) as [string, Column][];
  // the keys are the schema's own property names, never input
  const fields = sql.join(
    columns.map(([key, column]) => sql`${sql.raw(`'${key}'`)}, ${AS_TEXT.test(column.columnType) ? sql`${column}::text` : column}`),
    sql`, `,
  );
  const decode = (rows: Record<string, unknown>[]) =>
    rows.map((row) =>
      Object.fromEntries(
        columns.map(([key, column]) => {
          const value = row[key];
          return [key, value === null ? null : column.mapFromDriverValue(value)];
        }),
      ),
    ) as T['$inferSelect'][];
  return sql`coalesce((select json_agg(json_build_object(${fields}) order by ${sql.join(orderBy, sql`, `)}) from ${table} where ${where}), '[]'::json)`.mapWith(
    decode,
  );
}
