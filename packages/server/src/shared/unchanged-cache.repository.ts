import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Queryable } from '../db/client.js';
import { checkedJson } from './checked-json.js';

/**
 * Results of expensive reads (the programme-wide aggregates), kept while the database has not changed at all.
 *
 * The key is the reader's question plus the database's current snapshot (`pg_current_snapshot()`: xmin, xmax and the
 * transactions in flight). Two equal snapshots see exactly the same rows, and any write moves xmax on when it starts
 * and changes the list in flight when it ends, so an entry is never served once anything has changed — the figures
 * stay exactly the lists' totals. An entry computed while a write committed may hold the newer rows; no later request
 * can have its key. Per process and bounded; the measured cost is one snapshot query (~0.1 ms).
 *
 * An entry is kept as its response JSON, checked against `schema` once (zod's encode, then `JSON.stringify`: what the
 * route's serializer would do on every hit — a quarter of the dashboard's CPU when it did). Send it with `sendJson`.
 */
export function unchangedCache<S extends z.ZodType>(schema: S, max = 200) {
  const entries = new Map<string, string>();
  const checked = async (compute: () => Promise<z.output<S>>) => checkedJson(schema, await compute());
  return {
    async get(db: Queryable, question: unknown, compute: () => Promise<z.output<S>>): Promise<string> {
      if (process.env.SMARTCITY_READ_CACHE === 'off') return checked(compute);
      const [row] = (await db.execute<{ snapshot: string }>(sql`select pg_current_snapshot()::text as snapshot`)).rows;
      const key = `${row!.snapshot} ${JSON.stringify(question)}`;
      const hit = entries.get(key);
      if (hit !== undefined) {
        // most recently used last: the first key is the one to drop
        entries.delete(key);
        entries.set(key, hit);
        return hit;
      }
      const value = await checked(compute);
      entries.set(key, value);
      if (entries.size > max) entries.delete(entries.keys().next().value!);
      return value;
    },
  };
}
