import { getTableName, inArray, notInArray, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.js';
import { asDatabaseOwner } from '../tamper.js';

/*
 * Examples that succeed change the fixtures (a state, a version, a signature, a file); the matrix and the bad-input
 * sweep put everything back after each such request, so that every actor meets the same records.
 */
export type Restore = () => Promise<void>;

type WithId = PgTable & { id: PgColumn };

/** Rows other rows reference (a task book, a pilot): put back column by column, never deleted. */
export async function keepRows<T extends WithId>(db: Db, table: T, ids: string[]): Promise<Restore> {
  const rows = (await db
    .select()
    .from(table as PgTable)
    .where(inArray(table.id, ids))) as Record<string, unknown>[];
  return async () => {
    for (const row of rows)
      await db
        .update(table)
        .set(row)
        .where(inArray(table.id, [row.id as string]));
  };
}

/**
 * Rows nothing references (signatures, files, panel rows): those `where` selects now are exactly those again —
 * as the database's owner, since some of these tables are append-only (signatures).
 */
export async function keepSet(db: Db, table: PgTable, where: SQL): Promise<Restore> {
  const rows = await db.select().from(table).where(where);
  return () =>
    asDatabaseOwner(db, [getTableName(table)], async () => {
      await db.delete(table).where(where);
      if (rows.length) await db.insert(table).values(rows);
    });
}

export const all =
  (...restores: Restore[]): Restore =>
  async () => {
    for (const r of restores) await r();
  };

/** Rows added since (notices a successful example sent, and reads of them): deleted, the others left as they are. */
export async function dropAdded(db: Db, table: PgTable, key: PgColumn): Promise<Restore> {
  const before = ((await db.selectDistinct({ k: key }).from(table)) as { k: string }[]).map((r) => r.k);
  return async () => void (await db.delete(table).where(before.length ? notInArray(key, before) : undefined));
}
