import { asc, eq, sql } from 'drizzle-orm';
import { bigint, boolean, date, integer, jsonb, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/database.js';
import type { Database } from './client.js';
import { nestedRows } from './nested.js';

// every kind of column the schema uses, each with a value its driver maps (or must not map again)
const parents = pgTable('nested_probe_parents', { id: integer('id').primaryKey() });
const children = pgTable('nested_probe_children', {
  id: uuid('id').primaryKey().defaultRandom(),
  parentId: integer('parent_id').notNull(),
  n: integer('n'),
  label: text('label'),
  at: timestamp('at', { withTimezone: true }),
  local: timestamp('local'),
  day: date('day'),
  dayAsDate: date('day_as_date', { mode: 'date' }),
  amount: numeric('amount'),
  big: bigint('big', { mode: 'bigint' }),
  flag: boolean('flag'),
  tags: text('tags').array(),
  doc: jsonb('doc'),
});

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.execute(sql`create table nested_probe_parents (id int primary key)`);
  await database.db.execute(sql`create table nested_probe_children (id uuid primary key default gen_random_uuid(),
    parent_id int not null, n int, label text, at timestamptz, local timestamp, day date, day_as_date date, amount numeric, big bigint, flag boolean, tags text[], doc jsonb)`);
  await database.db.insert(parents).values([{ id: 1 }, { id: 2 }]);
  await database.db.insert(children).values([
    {
      parentId: 1,
      n: 2,
      label: '第二',
      at: new Date('2026-03-01T08:30:00.123Z'),
      local: new Date('2026-03-01T08:30:00Z'),
      day: '2026-03-01',
      dayAsDate: new Date('2026-03-01T00:00:00Z'),
      // as JSON numbers these would lose their trailing zero and their last digits
      amount: '12.50',
      big: 9007199254740993n,
      flag: false,
      tags: ['甲', 'b,c'],
      // a JSON string that reads as JSON: a plain select parses it a second time (drizzle's way), and so must this
      doc: '{"not":"an object"}',
    },
    {
      parentId: 1,
      n: 1,
      label: null,
      at: null,
      local: null,
      day: null,
      dayAsDate: null,
      amount: null,
      big: null,
      flag: null,
      tags: null,
      doc: { a: [1, 2], s: 'x' },
    },
  ]);
});
afterAll(() => database?.close());

describe('nested rows', () => {
  it('decode to exactly the rows a plain select of the table returns, in the order asked', async () => {
    const { db } = database;
    const [row] = await db
      .select({ id: parents.id, children: nestedRows(children, eq(children.parentId, parents.id), [children.n]) })
      .from(parents)
      .where(eq(parents.id, 1));
    const plain = await db.select().from(children).where(eq(children.parentId, 1)).orderBy(asc(children.n));
    expect(plain.map((c) => c.n)).toEqual([1, 2]);
    expect(row!.children).toEqual(plain);
    expect(row!.children[1]!.at).toBeInstanceOf(Date);
    expect(row!.children[1]!.amount).toBe('12.50');
    expect(row!.children[1]!.big).toBe(9007199254740993n);
  });

  it('are an empty list when there are none', async () => {
    const [row] = await database.db
      .select({ children: nestedRows(children, eq(children.parentId, parents.id), [children.n]) })
      .from(parents)
      .where(eq(parents.id, 2));
    expect(row!.children).toEqual([]);
  });
});
