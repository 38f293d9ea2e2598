import {
  datasetName,
  indexSlots,
  FACET_FIELDS,
  groupName,
  maskValue,
  organizationName,
  parseSolrQuery,
  parseSolrSort,
  parseValue,
  type FieldDef,
  type FieldType,
  type RecordValue,
  type SearchClause,
} from '@smartcity/domain';
import type { Queryable } from '../../db/client.js';
import { filterSql, recordRepository } from '../platform/records.repository.js';
import { ckanRepository, type OpenDataset } from './ckan.repository.js';

/*
 * The CKAN Action API over the open datasets (docs/open-data.md). Each action takes CKAN's data dict — the query
 * parameters of a GET or the JSON body of a POST — and answers what CKAN's documentation says it answers; a bad
 * parameter is CKAN's Validation Error (409) naming it, a missing object its Not Found Error (404).
 */

export type DataDict = Record<string, unknown>;

/** An error as CKAN reports it: the HTTP status and the `error` object of the response. */
export class CkanError extends Error {
  constructor(
    readonly status: number,
    readonly error: Record<string, unknown>,
  ) {
    super(String(error.__type));
  }
}
const invalid = (field: string, message: string) => new CkanError(409, { [field]: [message], __type: 'Validation Error' });
const notFound = (message?: string) =>
  new CkanError(404, { __type: 'Not Found Error', message: message ? `Not found: ${message}` : 'Not found' });

// CKAN's validators, as its data dicts need them: GET values are strings (or lists of strings), POST values JSON.
function natural(d: DataDict, key: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = d[key];
  if (v === undefined || v === '') return fallback;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 0) throw invalid(key, 'Must be a natural number');
  return Math.min(n, max);
}
function bool(d: DataDict, key: string, fallback: boolean): boolean {
  const v = d[key];
  if (v === undefined || v === '') return fallback;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  return ['true', 'yes', 't', 'y', '1', 'on'].includes(String(v).toLowerCase());
}
function string(d: DataDict, key: string): string | undefined {
  const v = d[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalid(key, 'Must be a string');
  return v;
}
function required(d: DataDict, key: string): string {
  const v = d[key];
  if (v === undefined || v === '' || v === null) throw invalid(key, 'Missing value');
  if (typeof v !== 'string') throw invalid(key, 'Must be a string');
  return v;
}
/** A list given as a JSON list, a JSON-encoded list in a string (CKAN's facet.field), repeated parameters, or commas. */
function list(d: DataDict, key: string): string[] | undefined {
  let v = d[key];
  if (v === undefined || v === '') return undefined;
  if (typeof v === 'string' && v.trim().startsWith('[')) {
    try {
      v = JSON.parse(v);
    } catch {
      throw invalid(key, 'Not a list');
    }
  }
  if (typeof v === 'string') v = v.split(',').map((s) => s.trim());
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw invalid(key, 'Not a list of strings');
  return v as string[];
}

/** CKAN's timestamps: ISO 8601 in UTC without a zone. */
const stamp = (d: Date | null) => (d ? d.toISOString().replace('Z', '') : null);

function organizationDict(x: { id: string; code: string; name: string; createdAt: Date }, count?: number) {
  return {
    id: x.id,
    name: organizationName(x.code),
    title: x.name,
    display_name: x.name,
    description: '',
    image_url: '',
    image_display_url: '',
    created: stamp(x.createdAt),
    is_organization: true,
    approval_status: 'approved',
    state: 'active',
    type: 'organization',
    ...(count === undefined ? {} : { package_count: count }),
  };
}

function groupDict(theme: string, count?: number) {
  const name = groupName(theme);
  return {
    id: name,
    name,
    title: theme,
    display_name: theme,
    description: '',
    image_url: '',
    image_display_url: '',
    is_organization: false,
    approval_status: 'approved',
    state: 'active',
    type: 'group',
    ...(count === undefined ? {} : { package_count: count }),
  };
}

/** The download of a dataset's records; the resource's url. */
export const downloadUrl = (base: string, id: string, format: 'csv' | 'xlsx' | 'json') =>
  `${base}/api/public/open-data/${id}/records?format=${format}`;

function resourceDict(ds: OpenDataset, base: string) {
  return {
    id: ds.id,
    package_id: ds.id,
    name: ds.name,
    description: ds.summary,
    format: 'CSV',
    mimetype: 'text/csv',
    url: downloadUrl(base, ds.id, 'csv'),
    url_type: 'datastore',
    datastore_active: true,
    created: stamp(ds.createdAt),
    last_modified: stamp(ds.lastLoadAt),
    position: 0,
    state: 'active',
    size: null,
  };
}

function packageDict(ds: OpenDataset, base: string) {
  return {
    id: ds.id,
    name: datasetName(ds.code),
    title: ds.name,
    notes: ds.summary,
    type: 'dataset',
    state: 'active',
    private: false,
    author: ds.orgName,
    author_email: null,
    maintainer: ds.orgName,
    maintainer_email: null,
    license_id: null,
    license_title: null,
    url: `${base}/open-data?dataset=${encodeURIComponent(datasetName(ds.code))}`,
    version: null,
    metadata_created: stamp(ds.createdAt),
    metadata_modified: stamp(ds.modifiedAt),
    num_resources: 1,
    num_tags: ds.themes.length,
    owner_org: ds.orgId,
    organization: organizationDict({ id: ds.orgId, code: ds.orgCode, name: ds.orgName, createdAt: ds.orgCreatedAt }),
    tags: ds.themes.map((t) => ({ name: t, display_name: t, state: 'active', vocabulary_id: null })),
    groups: ds.themes.map((t) => groupDict(t)),
    resources: [resourceDict(ds, base)],
    extras: [
      { key: 'catalog_code', value: ds.code },
      { key: 'city', value: ds.pilotName },
      { key: 'update_cycle', value: ds.updateCycle },
      { key: 'release_date', value: ds.releaseDate ?? '' },
      { key: 'record_count', value: String(ds.rowCount) },
    ],
  };
}

/** The clauses of `q`, `fq` and `fq_list`, a group's name resolved to its theme. */
async function clausesOf(db: Queryable, d: DataDict) {
  const clauses: SearchClause[] = [];
  const parse = (key: string, text: string) => {
    const parsed = parseSolrQuery(text);
    if (!parsed.ok) throw invalid(key, parsed.message);
    clauses.push(...parsed.clauses);
  };
  parse('q', string(d, 'q') ?? '*:*');
  parse('fq', string(d, 'fq') ?? '');
  for (const fq of list(d, 'fq_list') ?? []) parse('fq_list', fq);
  if (!clauses.some((c) => c.field === 'groups')) return clauses;
  const themes = new Map((await ckanRepository.themes(db)).map((t) => [groupName(t.theme), t.theme]));
  return clauses.map((c) => (c.field === 'groups' ? { ...c, theme: themes.get(c.value) ?? null } : c));
}

const SEARCH_PARAMS = new Set([
  'q',
  'fq',
  'fq_list',
  'sort',
  'rows',
  'start',
  'facet',
  'facet.field',
  'facet.limit',
  'facet.mincount',
  'include_private',
  'include_drafts',
  'include_deleted',
  'use_default_schema',
]);

async function packageSearch(db: Queryable, d: DataDict, base: string) {
  const unknown = Object.keys(d).filter((k) => !SEARCH_PARAMS.has(k));
  // CKAN passes unknown parameters to Solr, which refuses them: a Search Error
  if (unknown.length)
    throw new CkanError(409, { __type: 'Search Error', message: `Search error: Invalid search parameters: ${unknown.join(', ')}` });
  const clauses = await clausesOf(db, d);
  const sortText = string(d, 'sort') ?? 'score desc, metadata_modified desc';
  const sort = parseSolrSort(sortText);
  if (!sort.ok) throw invalid('sort', sort.message);
  const rows = natural(d, 'rows', 10, 1000);
  const start = natural(d, 'start', 0);
  const facetFields = bool(d, 'facet', true) ? (list(d, 'facet.field') ?? []) : [];
  const bad = facetFields.find((f) => !(FACET_FIELDS as readonly string[]).includes(f));
  if (bad) throw invalid('facet.field', `Unsupported facet field "${bad}" (supported: ${FACET_FIELDS.join(', ')})`);
  const limitRaw = d['facet.limit'];
  const facetLimit = limitRaw !== undefined && Number(limitRaw) < 0 ? 10_000 : natural(d, 'facet.limit', 50);
  const mincount = natural(d, 'facet.mincount', 1);
  // groups and tags are both themes: counted once for either or both
  const kindOf = (f: string): 'organization' | 'theme' => (f === 'organization' ? 'organization' : 'theme');
  const kinds = [...new Set(facetFields.map(kindOf))];
  const [found, ...facetRows] = await Promise.all([
    ckanRepository.search(db, { clauses, sort: sort.keys, rows, start }),
    ...kinds.map((k) => ckanRepository.facet(db, clauses, k, facetLimit)),
  ]);
  const counted = facetFields.map((f) => facetRows[kinds.indexOf(kindOf(f))]!);
  const facets: Record<string, Record<string, number>> = {};
  const searchFacets: Record<string, { title: string; items: { count: number; display_name: string; name: string }[] }> = {};
  facetFields.forEach((f, i) => {
    const items = counted[i]!.filter((x) => x.count >= mincount).map((x) => ({
      count: x.count,
      display_name: x.label,
      name: f === 'organization' ? organizationName(x.key) : f === 'groups' ? groupName(x.key) : x.key,
    }));
    facets[f] = Object.fromEntries(items.map((x) => [x.name, x.count]));
    searchFacets[f] = { title: f, items };
  });
  return {
    count: found.count,
    results: found.results.map((ds) => packageDict(ds, base)),
    facets,
    search_facets: searchFacets,
    sort: sortText,
  };
}

/** A dict list sorted as group_list and organization_list sort ("title asc" unless asked otherwise). */
function sorted<T extends { name: string; title: string; package_count?: number }>(items: T[], d: DataDict): T[] {
  const text = string(d, 'sort') ?? string(d, 'order_by') ?? 'title asc';
  const m = /^\s*(name|title|package_count|packages)(?:\s+(asc|desc))?\s*$/i.exec(text);
  if (!m) throw invalid('sort', `Cannot sort by "${text}" (supported: name, title, package_count)`);
  const key = m[1] === 'packages' ? 'package_count' : (m[1] as 'name' | 'title' | 'package_count');
  const desc = m[2]?.toLowerCase() === 'desc' || (key === 'package_count' && !m[2]);
  return [...items].sort((a, b) => {
    const x = a[key] ?? 0;
    const y = b[key] ?? 0;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-Hans-CN');
    return desc ? -c : c;
  });
}

/** group_list and organization_list: names, or dicts with all_fields; paged by limit and offset. */
function listed<T extends { name: string; title: string; package_count?: number }>(items: T[], d: DataDict, only: string) {
  const allFields = bool(d, 'all_fields', false);
  const wanted = list(d, only);
  const chosen = sorted(wanted ? items.filter((x) => wanted.includes(x.name)) : items, d);
  const page = chosen.slice(natural(d, 'offset', 0)).slice(0, natural(d, 'limit', allFields ? 25 : 1000));
  return allFields ? page : page.map((x) => x.name);
}

const DATASTORE_TYPES: Record<FieldType, string> = {
  string: 'text',
  integer: 'int',
  decimal: 'numeric',
  date: 'date',
  datetime: 'timestamp',
  boolean: 'bool',
  point: 'text',
};
const ROWS_MAX = 32_000;

async function datastoreSearch(db: Queryable, d: DataDict) {
  const resourceId = required(d, 'resource_id');
  const ds = await ckanRepository.resource(db, resourceId);
  if (!ds) throw notFound(`Resource "${resourceId}" was not found.`);
  const field = (name: string, key: string) => {
    const f = ds.fields.find((x) => x.name === name);
    if (!f) throw invalid(key, `field "${name}" not in table`);
    return f;
  };
  // an indexed field is compared on its index column, as the platform's own queries do
  const slots = indexSlots(ds.fields);
  const where = [];
  const filters = d.filters === undefined ? {} : typeof d.filters === 'string' ? parseJson(d.filters, 'filters') : d.filters;
  if (typeof filters !== 'object' || filters === null || Array.isArray(filters)) throw invalid('filters', 'Not a json object');
  for (const [name, raw] of Object.entries(filters)) {
    const f = field(name, 'filters');
    const values = Array.isArray(raw) ? (raw as unknown[]) : [raw];
    if (values.length === 0 || values.some((v) => typeof v === 'object' || !valid(f, v)))
      throw invalid('filters', `invalid value for field "${name}"`);
    where.push(filterSql(f, { field: name, op: values.length > 1 ? 'in' : 'eq', value: values as never }, slots.get(name)));
  }
  const q = d.q === undefined || d.q === '' ? undefined : typeof d.q === 'string' && d.q.trim().startsWith('{') ? parseJson(d.q, 'q') : d.q;
  if (typeof q === 'string') {
    const texts = ds.fields.filter((f) => f.type === 'string');
    where.push(recordRepository.anyOf(texts.map((f) => filterSql(f, { field: f.name, op: 'contains', value: q }, slots.get(f.name)))));
  } else if (q !== undefined) {
    if (typeof q !== 'object' || q === null || Array.isArray(q)) throw invalid('q', 'Must be a string or a json object');
    for (const [name, v] of Object.entries(q)) {
      const f = field(name, 'q');
      if (f.type !== 'string' || typeof v !== 'string') throw invalid('q', `field "${name}" is not searchable as text`);
      where.push(filterSql(f, { field: name, op: 'contains', value: v }, slots.get(name)));
    }
  }
  const projection = (list(d, 'fields') ?? ds.fields.map((f) => f.name)).map((name) => field(name, 'fields'));
  const order = (string(d, 'sort') ?? '')
    .split(',')
    .filter((s) => s.trim())
    .map((part) => {
      const m = /^\s*"?([a-z][a-z0-9_]*)"?(?:\s+(asc|desc))?\s*$/i.exec(part);
      if (!m) throw invalid('sort', `Cannot sort by "${part.trim()}"`);
      return { field: field(m[1]!, 'sort'), descending: m[2]?.toLowerCase() === 'desc' };
    });
  const limit = natural(d, 'limit', 100, ROWS_MAX);
  const offset = natural(d, 'offset', 0);
  const format = string(d, 'records_format') ?? 'objects';
  if (format !== 'objects') throw invalid('records_format', 'Only "objects" is supported');
  const includeTotal = bool(d, 'include_total', true);
  const [rows, total] = await Promise.all([
    recordRepository.slice(db, ds, { where, order, limit, offset }),
    includeTotal ? recordRepository.count(db, ds, where) : Promise.resolve(undefined),
  ]);
  const link = (at: number) =>
    `/api/3/action/datastore_search?${new URLSearchParams({ ...(at ? { offset: String(at) } : {}), limit: String(limit), resource_id: ds.id })}`;
  return {
    include_total: includeTotal,
    limit,
    offset,
    records_format: 'objects',
    resource_id: ds.id,
    ...(d.filters === undefined ? {} : { filters }),
    ...(q === undefined ? {} : { q }),
    ...(order.length ? { sort: string(d, 'sort') } : {}),
    fields: projection.map((f) => ({ id: f.name, type: DATASTORE_TYPES[f.type], info: { label: f.label } })),
    records: rows.map((row) => publicRecord(projection, row.doc)),
    _links: { start: link(0), next: link(offset + limit) },
    ...(total === undefined ? {} : { total, total_was_estimated: false }),
  };
}

function parseJson(text: string, key: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalid(key, 'Not a json object');
  }
}
const valid = (f: FieldDef, v: unknown) => {
  const parsed = parseValue(f.type, v);
  return parsed.ok && parsed.value !== null;
};

/** A record as the public reads it: personal information always masked (the public holds no grant). */
export const publicRecord = (fields: readonly FieldDef[], doc: Record<string, unknown>) =>
  Object.fromEntries(
    fields.map((f) => {
      const v = (doc[f.name] ?? null) as RecordValue;
      return [f.name, f.personal ? maskValue(v) : v];
    }),
  );

async function packageShow(db: Queryable, d: DataDict, base: string) {
  const id = d.id === undefined || d.id === '' ? required(d, 'name_or_id') : required(d, 'id');
  const ds = await ckanRepository.find(db, id);
  if (!ds) throw notFound();
  return packageDict(ds, base);
}

async function resourceShow(db: Queryable, d: DataDict, base: string) {
  const id = required(d, 'id');
  const ds = await ckanRepository.resource(db, id);
  if (!ds) throw notFound('Resource was not found.');
  return resourceDict(ds, base);
}

async function organizations(db: Queryable) {
  return (await ckanRepository.organizations(db)).map((x) => organizationDict(x, x.count));
}

async function organizationShow(db: Queryable, d: DataDict, base: string) {
  const id = required(d, 'id');
  const [org] = await ckanRepository.organizations(db, id);
  if (!org) throw notFound('Organization was not found.');
  const packages = bool(d, 'include_datasets', false)
    ? (await ckanRepository.search(db, { clauses: [{ field: 'organization', value: org.code }], sort: [], rows: 1000, start: 0 })).results
    : null;
  return { ...organizationDict(org, org.count), ...(packages ? { packages: packages.map((ds) => packageDict(ds, base)) } : {}) };
}

async function groups(db: Queryable) {
  return (await ckanRepository.themes(db)).map((t) => groupDict(t.theme, t.count));
}

async function tagList(db: Queryable, d: DataDict) {
  const query = string(d, 'query');
  const tags = (await ckanRepository.themes(db)).map((t) => t.theme).filter((t) => !query || t.includes(query));
  return bool(d, 'all_fields', false) ? tags.map((name) => ({ id: name, name, vocabulary_id: null })) : tags;
}

interface Action {
  /** what help_show answers: the action's documentation in one paragraph */
  help: string;
  run: (db: Queryable, d: DataDict, base: string) => Promise<unknown>;
}

/** The supported actions (docs/open-data.md); every other name is answered as CKAN answers an unknown action. */
export const ACTIONS: Record<string, Action> = {
  site_read: { help: 'Return true: this site is readable.', run: async () => true },
  status_show: {
    help: "Return a dictionary with information about the site's configuration.",
    run: async (_db, _d, base) => ({
      site_title: '城市公共信息平台 开放数据',
      site_description: '国家智慧城市试点 各试点城市公共信息平台的开放数据（无条件共享并开放的数据资源）',
      site_url: base,
      error_emails_to: null,
      locale_default: 'zh_CN',
      extensions: ['datastore'],
      // the CKAN release whose Action API this one follows (docs/open-data.md)
      ckan_version: '2.11.0',
    }),
  },
  help_show: {
    help: 'Return the help string for a particular API action.',
    run: async (_db, d) => {
      const name = required(d, 'name');
      const action = ACTIONS[name];
      if (!action) throw notFound('Action function not found');
      return action.help;
    },
  },
  package_list: {
    help: "Return a list of the names of the site's datasets (packages).",
    run: (db, d) => ckanRepository.names(db, natural(d, 'limit', 10_000_000), natural(d, 'offset', 0)),
  },
  package_show: { help: 'Return the metadata of a dataset (package) and its resources.', run: packageShow },
  package_search: { help: 'Searches for packages satisfying a given search criteria.', run: packageSearch },
  organization_list: {
    help: "Return a list of the names of the site's organizations.",
    run: async (db, d) => listed(await organizations(db), d, 'organizations'),
  },
  organization_show: { help: 'Return the details of an organization.', run: organizationShow },
  group_list: {
    help: "Return a list of the names of the site's groups.",
    run: async (db, d) => listed(await groups(db), d, 'groups'),
  },
  tag_list: { help: "Return a list of the site's tags.", run: tagList },
  resource_show: { help: 'Return the metadata of a resource.', run: resourceShow },
  datastore_search: { help: 'Search a DataStore resource.', run: datastoreSearch },
};

/**
 * An open dataset's records for download, in its fields' order (personal information masked): the dataset (null when
 * no open dataset has the id) and its rows.
 */
export async function openRecords(db: Queryable, id: string) {
  const ds = await ckanRepository.resource(db, id);
  if (!ds) return null;
  async function* rows() {
    for await (const row of recordRepository.scan(db, ds!, [], null)) yield publicRecord(ds!.fields, row.doc);
  }
  return { dataset: ds, rows: rows() };
}
