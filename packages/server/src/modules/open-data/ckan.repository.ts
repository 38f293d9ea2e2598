import type { SearchClause, SortField } from '@smartcity/domain';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { organisations, pilots, platformResources } from '../../db/schema.js';
import { visible } from '../../tenancy/scope.js';
import { prepared, type Placeholders } from '../../shared/prepared.repository.js';

/*
 * The open datasets of every pilot's platform, as the CKAN Action API reads them: a department is an organization, a
 * theme a group (and a tag), a resource a dataset. Only what visible.openData() admits is ever selected.
 */

const r = platformResources;
const o = organisations;

const datasetColumns = {
  id: r.id,
  pilotId: r.pilotId,
  pilotName: pilots.publishedName,
  code: r.code,
  name: r.name,
  summary: r.summary,
  themes: r.themes,
  fields: r.fields,
  format: r.format,
  updateCycle: r.updateCycle,
  releaseDate: r.releaseDate,
  lastLoadAt: r.lastLoadAt,
  rowCount: r.rowCount,
  createdAt: r.createdAt,
  modifiedAt: sql<Date>`greatest(${r.createdAt}, ${r.updatedAt}, ${r.lastLoadAt})`.mapWith(r.updatedAt),
  orgId: o.id,
  orgCode: o.code,
  orgName: o.name,
  orgCreatedAt: o.createdAt,
};

const datasets = (db: Queryable) =>
  db.select(datasetColumns).from(r).innerJoin(pilots, eq(pilots.id, r.pilotId)).innerJoin(o, eq(o.id, r.providerOrgId));

export type OpenDataset = Awaited<ReturnType<typeof datasets>>[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const one = async (db: Queryable, match: SQL) => (await datasets(db).where(and(visible.openData(), match)).limit(1))[0] ?? null;
/** By id: what every DataStore read looks up first */
const byId = prepared('open_dataset', (db, { id }: Placeholders<{ id: string }>) =>
  datasets(db)
    .where(and(visible.openData(), eq(r.id, id)))
    .limit(1),
);
const oneById = async (db: Queryable, id: string) => (await byId(db, { id }))[0] ?? null;

/** A dataset's CKAN name in SQL, as datasetName() makes it. */
const nameSql = sql`regexp_replace(lower(${r.code}), '[^a-z0-9_-]', '_', 'g')`;
const contains = (haystack: SQL, needle: string) => sql`strpos(lower(${haystack}), lower(${needle}::text)) > 0`;
const hasTheme = (theme: string) => sql`${r.themes} @> jsonb_build_array(${theme}::text)`;

/** A clause as SQL; a group's name arrives resolved to its theme (null: no such group, nothing matches). */
function clauseSql(c: SearchClause & { theme?: string | null }): SQL {
  switch (c.field) {
    case 'text':
      return contains(sql`concat_ws(' ', ${r.name}, ${r.summary}, ${r.code}, ${r.themes}::text, ${o.name}, ${o.code})`, c.value);
    case 'id':
      return sql`${r.id}::text = ${c.value}`;
    case 'name':
      return sql`${nameSql} = lower(${c.value})`;
    case 'title':
      return contains(sql`${r.name}`, c.value);
    case 'notes':
      return contains(sql`${r.summary}`, c.value);
    case 'tags':
      return hasTheme(c.value);
    case 'groups':
      return c.theme ? hasTheme(c.theme) : sql`false`;
    case 'organization':
      return sql`lower(${o.code}) = lower(${c.value})`;
  }
}

const SORT_SQL: Record<SortField, SQL> = {
  name: nameSql,
  title_string: sql`${r.name}`,
  metadata_modified: datasetColumns.modifiedAt,
  metadata_created: sql`${r.createdAt}`,
};

export interface DatasetSearch {
  clauses: (SearchClause & { theme?: string | null })[];
  sort: { field: SortField; desc: boolean }[];
  rows: number;
  start: number;
}

const where = (clauses: DatasetSearch['clauses']) => and(visible.openData(), ...clauses.map(clauseSql));

export const ckanRepository = {
  /** One page of the datasets the clauses select, and how many they select. */
  async search(db: Queryable, q: DatasetSearch) {
    const order = [...q.sort.map((s) => sql`${SORT_SQL[s.field]} ${s.desc ? sql`desc` : sql`asc`}`), nameSql];
    const [results, [total]] = await Promise.all([
      q.rows === 0
        ? Promise.resolve([])
        : datasets(db)
            .where(where(q.clauses))
            .orderBy(...order)
            .limit(q.rows)
            .offset(q.start),
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(r)
        .innerJoin(o, eq(o.id, r.providerOrgId))
        .where(where(q.clauses)),
    ]);
    return { results, count: total?.n ?? 0 };
  },

  /** How many selected datasets each department or theme has, most first. */
  async facet(db: Queryable, clauses: DatasetSearch['clauses'], field: 'organization' | 'theme', limit: number) {
    if (field === 'organization') {
      return db
        .select({ key: o.code, label: o.name, count: sql<number>`count(*)::int` })
        .from(r)
        .innerJoin(o, eq(o.id, r.providerOrgId))
        .where(where(clauses))
        .groupBy(o.code, o.name)
        .orderBy(sql`count(*) desc`, o.code)
        .limit(limit);
    }
    const theme = sql<string>`t.theme`;
    return db
      .select({ key: theme, label: theme, count: sql<number>`count(*)::int` })
      .from(r)
      .innerJoin(o, eq(o.id, r.providerOrgId))
      .innerJoin(sql`jsonb_array_elements_text(${r.themes}) as t(theme)`, sql`true`)
      .where(where(clauses))
      .groupBy(theme)
      .orderBy(sql`count(*) desc`, theme)
      .limit(limit);
  },

  /** A dataset by its id or its name. */
  async find(db: Queryable, idOrName: string): Promise<OpenDataset | null> {
    return UUID.test(idOrName) ? oneById(db, idOrName) : one(db, sql`${nameSql} = lower(${idOrName})`);
  },

  /** A dataset's datastore resource, by its id alone (a resource has no name to look it up by). */
  async resource(db: Queryable, id: string): Promise<OpenDataset | null> {
    return UUID.test(id) ? oneById(db, id) : null;
  },

  /** Every open dataset's name, by name. */
  async names(db: Queryable, limit: number, offset: number) {
    const rows = await db
      .select({ name: sql<string>`${nameSql}` })
      .from(r)
      .where(visible.openData())
      .orderBy(nameSql)
      .limit(limit)
      .offset(offset);
    return rows.map((x) => x.name);
  },

  /** The departments that publish open data, with how many datasets each. */
  organizations(db: Queryable, code?: string) {
    return db
      .select({ id: o.id, code: o.code, name: o.name, createdAt: o.createdAt, count: sql<number>`count(*)::int` })
      .from(r)
      .innerJoin(o, eq(o.id, r.providerOrgId))
      .where(and(visible.openData(), code === undefined ? undefined : sql`(lower(${o.code}) = lower(${code}) or ${o.id}::text = ${code})`))
      .groupBy(o.id, o.code, o.name, o.createdAt)
      .orderBy(asc(o.code));
  },

  /** The themes of open datasets, with how many datasets each. */
  themes(db: Queryable) {
    const theme = sql<string>`t.theme`;
    return db
      .select({ theme, count: sql<number>`count(*)::int` })
      .from(r)
      .innerJoin(sql`jsonb_array_elements_text(${r.themes}) as t(theme)`, sql`true`)
      .where(visible.openData())
      .groupBy(theme)
      .orderBy(theme);
  },
};
