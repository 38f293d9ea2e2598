import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';

/**
 * Runs `fn` with the tables' append-only triggers off, as someone with full write access to the database could
 * (tests of what verification detects when the database itself is altered).
 */
export async function asDatabaseOwner<T>(db: Db, tables: string[], fn: () => Promise<T>): Promise<T> {
  for (const t of tables) await db.execute(sql`alter table ${sql.identifier(t)} disable trigger user`);
  try {
    return await fn();
  } finally {
    for (const t of tables) await db.execute(sql`alter table ${sql.identifier(t)} enable trigger user`);
  }
}
