import { readFileSync } from 'node:fs';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as schema from './schema.js';

// docs/scale-out.md places every table (distributed by a key, reference, or local): the reviewed table is the oracle,
// the schema must follow it (issue 14, "PostgreSQL scale-out").
type Placement = { placement: 'distributed' | 'reference' | 'local'; key: string | null };
const doc = readFileSync(new URL('../../../../docs/scale-out.md', import.meta.url), 'utf8');
const placed = new Map<string, Placement>();
for (const [, table, placement, key] of doc.matchAll(/^\| `(\w+)` \| (distributed|reference|local) \| (?:`(\w+)`)? *\|/gm))
  placed.set(table!, { placement: placement as Placement['placement'], key: key ?? null });

const tables = (Object.values(schema) as unknown[])
  .filter((t): t is PgTable => t instanceof PgTable)
  .map((t) => {
    const c = getTableConfig(t);
    const primary = c.primaryKeys[0]?.columns.map((x) => x.name) ?? c.columns.filter((x) => x.primary).map((x) => x.name);
    const unique = [
      ...c.indexes
        .filter((i) => i.config.unique)
        .map((i) => ({ name: i.config.name, columns: i.config.columns.map((x) => (x as { name: string }).name) })),
      ...c.uniqueConstraints.map((u) => ({ name: u.name, columns: u.columns.map((x) => x.name) })),
      ...c.columns.filter((x) => x.isUnique).map((x) => ({ name: x.uniqueName, columns: [x.name] })),
    ];
    const foreign = c.foreignKeys.map((f) => {
      const r = f.reference();
      return { columns: r.columns.map((x) => x.name), table: getTableConfig(r.foreignTable).name, to: r.foreignColumns.map((x) => x.name) };
    });
    return { name: c.name, columns: c.columns.map((x) => x.name), primary, unique, foreign };
  });

describe('the schema against docs/scale-out.md', () => {
  it('places every table, and only tables that exist', () => {
    expect(tables.map((t) => t.name).filter((n) => !placed.has(n))).toEqual([]);
    expect([...placed.keys()].filter((n) => !tables.some((t) => t.name === n))).toEqual([]);
  });

  it('gives every distributed table its key in the primary key and in every unique index', () => {
    const problems: string[] = [];
    for (const t of tables) {
      const p = placed.get(t.name);
      if (p?.placement !== 'distributed') continue;
      if (!p.key || !t.columns.includes(p.key)) problems.push(`${t.name}: no column ${p.key}`);
      if (!t.primary.includes(p.key!)) problems.push(`${t.name}: primary key (${t.primary}) lacks ${p.key}`);
      for (const u of t.unique) if (!u.columns.includes(p.key!)) problems.push(`${t.name}: unique ${u.name} (${u.columns}) lacks ${p.key}`);
    }
    expect(problems).toEqual([]);
  });

  it('lets foreign keys go only where Citus allows them', () => {
    const problems: string[] = [];
    for (const t of tables) {
      const from = placed.get(t.name)!;
      for (const f of t.foreign) {
        const to = placed.get(f.table)!;
        const ok =
          to.placement === 'reference' ||
          (from.placement === 'local' && to.placement === 'local') ||
          (from.placement === 'distributed' &&
            to.placement === 'distributed' &&
            from.key === to.key &&
            f.columns[f.to.indexOf(to.key!)] === from.key);
        if (!ok) problems.push(`${t.name} (${from.placement}) → ${f.table} (${to.placement}) on ${f.columns}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
