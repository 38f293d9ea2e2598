import { asc, desc, eq, sql } from 'drizzle-orm';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/database.js';
import { wavesOf } from '../test/statements.js';
import type { Scope } from '../tenancy/scope.js';
import { inListed, prepared, preparedRead, preparedSql, type Placeholders } from './prepared.repository.js';

const probe = pgTable('prepared_probe', { org: text('org').notNull(), n: integer('n').notNull() });

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.execute(sql`create table prepared_probe (org text not null, n int not null)`);
  await database.db.execute(sql`insert into prepared_probe values ('a', 1), ('a', 2), ('b', 3), ('c', 4)`);
});
afterAll(() => database?.close());

const ministry: Scope = { tier: 'ministry' };
const provinceA: Scope = { tier: 'province', orgId: 'a' };
const provinceB: Scope = { tier: 'province', orgId: 'b' };

let builds = 0;
/** rows of the reader's organisation (all of them for the Ministry) from `least` up, in the shape's order */
const rowsFrom = preparedRead('probe_rows', (db, scope, { least }: Placeholders<{ least: number }>, shape: { order: 'up' | 'down' }) => {
  builds += 1;
  return db
    .select({ n: probe.n })
    .from(probe)
    .where(sql`${scope.tier === 'ministry' ? sql`true` : eq(probe.org, scope.orgId)} and ${probe.n} >= ${least}`)
    .orderBy(shape.order === 'up' ? asc(probe.n) : desc(probe.n));
});
const ns = (rows: { n: number }[]) => rows.map((r) => r.n);

describe('a read prepared per tier, fields given and shape', () => {
  it("binds each reader's own values to the statement of their tier, built once per tier and shape", async () => {
    const db = database.db;
    const up = { order: 'up' } as const;
    expect(ns(await rowsFrom(db, provinceA, { least: 0 }, up))).toEqual([1, 2]);
    expect(ns(await rowsFrom(db, provinceB, { least: 0 }, up))).toEqual([3]);
    expect(ns(await rowsFrom(db, provinceA, { least: 2 }, up))).toEqual([2]);
    expect(builds).toBe(1);
    expect(ns(await rowsFrom(db, ministry, { least: 2 }, up))).toEqual([2, 3, 4]);
    expect(ns(await rowsFrom(db, provinceA, { least: 0 }, { order: 'down' }))).toEqual([2, 1]);
    expect(builds).toBe(3);
  });

  it('is sent under one name per text, with its values as parameters', async () => {
    const db = database.db;
    const sent = async (scope: Scope, least: number) => (await wavesOf(db, () => rowsFrom(db, scope, { least }, { order: 'up' }))).flat();
    const [first] = await sent(provinceA, 1);
    const [second] = await sent(provinceB, 3);
    const [other] = await sent(ministry, 1);
    expect(first!.name).toMatch(/^probe_rows_\d+$/);
    expect(second!.name).toBe(first!.name);
    expect(second!.values).toEqual(['b', 3]);
    expect(other!.name).not.toBe(first!.name);
  });

  it('leaves a field out of the text when a run does not give it, and binds it when one does', async () => {
    const db = database.db;
    const ofOrg = prepared('probe_of_org', (db, { org }: Placeholders<{ org: string | undefined }>) =>
      db
        .select({ n: probe.n })
        .from(probe)
        .where(org && eq(probe.org, org))
        .orderBy(asc(probe.n)),
    );
    expect(ns(await ofOrg(db, { org: undefined }))).toEqual([1, 2, 3, 4]);
    expect(ns(await ofOrg(db, { org: 'b' }))).toEqual([3]);
    expect(ns(await ofOrg(db, { org: 'a' }))).toEqual([1, 2]);
    const [all] = (await wavesOf(db, () => ofOrg(db, { org: undefined }))).flat();
    const [one] = (await wavesOf(db, () => ofOrg(db, { org: 'c' }))).flat();
    expect(all!.values ?? []).toEqual([]);
    expect(one!.values).toEqual(['c']);
    expect(one!.name).not.toBe(all!.name);
  });

  it('still runs after a failed statement made the pool replace its connection', async () => {
    const db = database.db;
    const count = prepared('probe_count', (db) => db.select({ n: sql<number>`count(*)::int` }).from(probe));
    expect(await count(db, {})).toEqual([{ n: 4 }]);
    await expect(db.execute(sql`select 1 / 0`)).rejects.toThrow();
    expect(await count(db, {})).toEqual([{ n: 4 }]);
  });

  it("writes the code's own list into the text, one text per list, and refuses what is not a name", async () => {
    const db = database.db;
    const ofOrgs = prepared('probe_of_orgs', (db, _args: Placeholders<Record<never, never>>, shape: { orgs: readonly string[] }) =>
      db.select({ n: probe.n }).from(probe).where(inListed(probe.org, shape.orgs)).orderBy(asc(probe.n)),
    );
    const run = async (orgs: readonly string[]) => {
      let rows: { n: number }[] = [];
      const [statement] = (await wavesOf(db, async () => void (rows = await ofOrgs(db, {}, { orgs })))).flat();
      return { rows: ns(rows), statement: statement! };
    };
    const ab = await run(['a', 'b']);
    expect(ab.rows).toEqual([1, 2, 3]);
    // the states are the statement's own, so its kept plan knows them (no parameter for them)
    expect(ab.statement.text).toContain(`"org" in ('a', 'b')`);
    expect(ab.statement.values ?? []).toEqual([]);
    const c = await run(['c']);
    expect(c.rows).toEqual([4]);
    expect(c.statement.name).not.toBe(ab.statement.name);
    expect((await run([])).rows).toEqual([]);
    await expect(run(["a') or ('1' = '1"])).rejects.toThrow(/not a name/);
  });

  it('refuses a second read under a name already given', () => {
    expect(() => prepared('probe_rows', (db) => db.select().from(probe))).toThrow(/defined twice/);
  });
});

describe('a prepared read written as SQL text', () => {
  let built = 0;
  /** the reader's rows (all for the Ministry) from `least` up, and of `org` when given */
  type Least = { least: number; org: string | undefined };
  const above = preparedSql<Record<never, never>, Least, { n: number }>('probe_sql', (scope, { least, org }: Placeholders<Least>) => {
    built += 1;
    const mine = scope.tier === 'ministry' ? sql`true` : eq(probe.org, scope.orgId);
    return sql`select ${probe.n} as n from ${probe} where ${mine} and ${probe.n} >= ${least} ${org ? sql`and ${probe.org} = ${org}` : sql``} order by 1`;
  });

  it('is built once per tier and fields given, and sent under one name with its values as parameters', async () => {
    const db = database.db;
    const sent = async (scope: Scope, least: number, org?: string) => {
      let rows: { n: number }[] = [];
      const [statement] = (await wavesOf(db, async () => void (rows = await above(db, scope, { least, org })))).flat();
      return { rows: ns(rows), statement: statement! };
    };
    const two = await sent(ministry, 2);
    const three = await sent(ministry, 3);
    const ofA = await sent(ministry, 1, 'a');
    const mineA = await sent(provinceA, 0);
    expect([two.rows, three.rows, ofA.rows, mineA.rows]).toEqual([
      [2, 3, 4],
      [3, 4],
      [1, 2],
      [1, 2],
    ]);
    expect(built).toBe(3);
    expect(two.statement.name).toMatch(/^probe_sql_\d+$/);
    expect(three.statement.name).toBe(two.statement.name);
    expect(three.statement.values).toEqual([3]);
    expect(ofA.statement.name).not.toBe(two.statement.name);
    expect(ofA.statement.values).toEqual([1, 'a']);
    expect(mineA.statement.values).toEqual(['a', 0]);
  });

  it("runs on a transaction's own connection, seeing what it wrote", async () => {
    const inside: { n: number }[][] = [];
    await database.db
      .transaction(async (tx) => {
        await tx.execute(sql`insert into prepared_probe values ('d', 9)`);
        inside.push(await above(tx, ministry, { least: 9, org: undefined }));
        tx.rollback();
      })
      .catch(() => undefined);
    expect(inside.map(ns)).toEqual([[9]]);
    expect(ns(await above(database.db, ministry, { least: 9, org: undefined }))).toEqual([]);
  });
});
