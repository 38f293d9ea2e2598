import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';

/**
 * Results of expensive reads (the programme-wide aggregates), kept while the database has not changed at all.
 *
 * The key is the reader's question plus the database's current snapshot (`pg_current_snapshot()`: xmin, xmax and the
 * transactions in flight). Two equal snapshots see exactly the same rows, and any write moves xmax on when it starts
 * and changes the list in flight when it ends, so an entry is never served once anything has changed — the figures
 * stay exactly the lists' totals. An entry computed while a write committed may hold the newer rows; no later request
 * can have its key. Per process and bounded; the measured cost is one snapshot query (~0.1 ms).
 */
export function unchangedCache<T>(max = 200) {
  const entries = new Map<string, T>();
  return {
    async get(db: Queryable, question: unknown, compute: () => Promise<T>): Promise<T> {
      if (process.env.SMARTCITY_READ_CACHE === 'off') return compute();
      const [row] = (await db.execute<{ snapshot: string }>(sql`select pg_current_snapshot()::text as snapshot`)).rows;
      const key = `${row!.snapshot} ${JSON.stringify(question)}`;
      const hit = entries.get(key);
      if (hit !== undefined) {
        // most recently used last: the first key is the one to drop
        entries.delete(key);
        entries.set(key, hit);
        return hit;
      }
      const value = await compute();
      entries.set(key, value);
      if (entries.size > max) entries.delete(entries.keys().next().value!);
      return value;
    },
  };
}
