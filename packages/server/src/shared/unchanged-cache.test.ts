import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Queryable } from '../db/client.js';
import { createTestDatabase } from '../test/database.js';
import { unchangedCache } from './unchanged-cache.repository.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.execute(sql`create table cache_probe (n int)`);
});
afterAll(() => database?.close());

describe('a read kept while the database is unchanged', () => {
  it('is computed once per question until any write, then computed again', async () => {
    const db = database.db;
    const cache = unchangedCache(z.number());
    let computed = 0;
    const counting = (q: Queryable) => async () => {
      computed += 1;
      return Number((await q.execute<{ n: number }>(sql`select count(*)::int as n from cache_probe`)).rows[0]!.n);
    };
    // On PostgreSQL transaction ids are the cluster's: another database's writes (the suite's other files) move the
    // snapshot too, so the hits are asked inside one repeatable-read transaction, whose snapshot nothing moves.
    await db.transaction(
      async (tx) => {
        expect(await cache.get(tx, ['a'], counting(tx))).toBe('0');
        expect(await cache.get(tx, ['a'], counting(tx))).toBe('0');
        expect(computed).toBe(1);
        expect(await cache.get(tx, ['b'], counting(tx))).toBe('0'); // another question is its own entry
        expect(computed).toBe(2);
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );

    await db.execute(sql`insert into cache_probe values (1)`);
    expect(await cache.get(db, ['a'], counting(db))).toBe('1');
    expect(computed).toBe(3);
    // a transaction that wrote and rolled back changed nothing visible, but is not assumed to: computed again, same answer
    await db
      .transaction(async (tx) => {
        await tx.execute(sql`insert into cache_probe values (2)`);
        tx.rollback();
      })
      .catch(() => undefined);
    expect(await cache.get(db, ['a'], counting(db))).toBe('1');
    expect(computed).toBe(4);
  });

  it('keeps the JSON the route would send: checked by the schema, members it does not name left out', async () => {
    const cache = unchangedCache(z.object({ name: z.string(), at: z.iso.date() }));
    const row = { name: '试点', at: '2026-12-04', secret: 'not in the schema' } as { name: string; at: string };
    expect(JSON.parse(await cache.get(database.db, ['row'], async () => row))).toEqual({ name: '试点', at: '2026-12-04' });
    await expect(cache.get(database.db, ['bad'], async () => ({ name: '试点', at: '4 December' }))).rejects.toThrow();
  });
});
