/**
 * Open data through the CKAN Action API (docs/open-data.md): `package_search` and `datastore_search` with 1,000 open
 * datasets (the issue's target: p95 < 50 ms), each through the whole app over HTTP, against two floors in the same
 * run — the raw SQL the action sends (caught at the pool, replayed with the same parameters, statements the action
 * runs together run together) and a bare Fastify route sending a body of the same size. See bench/README.md.
 *
 *   npm run bench:open-data                                                                   # PGlite
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:open-data   # PostgreSQL (scratch database)
 */
import { groupName, indexSlots, organizationName, type FieldDef, type FieldType } from '@smartcity/domain';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../packages/server/src/app.js';
import { type Db } from '../packages/server/src/db/client.js';
import { organisations, platformResources } from '../packages/server/src/db/schema.js';
import { ACTIONS } from '../packages/server/src/modules/open-data/ckan.service.js';
import { poolOf, wavesOf, type Statement } from '../packages/server/src/test/statements.js';
import {
  baseUrl,
  benchRun,
  fmt,
  openBenchDatabase,
  percentile,
  runMain,
  writeResults,
  type BenchRun,
  seedBenchDatabase,
  benchConfig,
} from './common.js';
import { cannon, loadAverage, loops, replay, type Timing } from './load.js';

const DATASETS = Number(process.env.BENCH_DATASETS ?? 1_000);
/** listed beside the open ones and never answered: drafts, retired, 有条件/不予共享, not flagged open */
const CLOSED = Math.round(DATASETS / 4);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** distinct parameter sets per action, cycled through: no two neighbouring requests ask the same */
const VARIANTS = Number(process.env.BENCH_VARIANTS ?? 400);
const CONNECTIONS = 10;
const TARGET_P95_MS = 50;
/** pilots whose departments publish: the two demo cities' and six more */
const PILOTS = 8;
if (!Number.isInteger(DATASETS) || DATASETS < 10 || !(SECONDS > 0) || !Number.isInteger(VARIANTS) || VARIANTS < 1)
  throw new Error('BENCH_DATASETS ≥ 10, BENCH_SECONDS > 0, BENCH_VARIANTS ≥ 1');

/** Records of the i-th open dataset: 200–1,000. */
const recordsOf = (i: number) => 200 + ((i * 389) % 801);

// ---- the synthetic catalog --------------------------------------------------------------------------------------

const DEPARTMENTS = [
  ['GAJ', '公安局'],
  ['MZJ', '民政局'],
  ['JTJ', '交通运输局'],
  ['WJW', '卫生健康委员会'],
  ['STHJJ', '生态环境局'],
  ['SCJGJ', '市场监督管理局'],
  ['JYJ', '教育局'],
  ['CGJ', '城市管理局'],
] as const;
const THEMES = [
  '交通',
  '医疗卫生',
  '教育',
  '生态环境',
  '民生服务',
  '市场监管',
  '城市管理',
  '文化旅游',
  '社会保障',
  '公共安全',
  '营商环境',
  '基础数据库',
];
const DISTRICTS = ['梁溪区', '滨湖区', '新吴区', '惠山区', '锡山区', '江阴市', '宜兴市'];
const CYCLES = ['daily', 'weekly', 'monthly', 'quarterly', 'yearly'] as const;

type FieldSpec = [name: string, label: string, type: FieldType, flags?: string];
const fieldsOf = (specs: FieldSpec[]): FieldDef[] =>
  specs.map(([name, label, type, flags = '']) => ({
    name,
    label,
    type,
    key: flags.includes('key'),
    required: flags.includes('key') || flags.includes('required'),
    personal: flags.includes('personal'),
    indexed: flags.includes('indexed'),
  }));

/** A kind of dataset: its fields, its records (a JSONB built from g, the record's number, and r, its resource) and what readers ask of it. */
interface Template {
  classification: string;
  topics: string[];
  fields: FieldDef[];
  /** SQL text (constant, ours) of the record's document */
  doc: string;
  filters: Record<string, unknown>[];
  qs: (string | Record<string, string>)[];
  sorts: string[];
}
const districtOf = (offset: string) => `(array[${DISTRICTS.map((d) => `'${d}'`).join(',')}])[1 + (g + ${offset}) % ${DISTRICTS.length}]`;
const TEMPLATES: Template[] = [
  {
    classification: '2-05-001-00',
    topics: [
      '养老服务机构名录',
      '医疗机构执业登记信息',
      '中小学校名录',
      '公共体育场馆信息',
      '公共图书馆分布',
      '托育机构名录',
      '社区卫生服务中心',
    ],
    fields: fieldsOf([
      ['code', '机构编号', 'string', 'key'],
      ['name', '机构名称', 'string', 'required'],
      ['district', '所在区', 'string', 'indexed'],
      ['kind', '举办性质', 'string'],
      ['address', '地址', 'string'],
      ['phone', '联系电话', 'string', 'personal'],
      ['opened_on', '成立日期', 'date'],
      ['capacity', '床位或学位数', 'integer', 'indexed'],
    ]),
    doc: `jsonb_build_object('code', 'A' || lpad(g::text, 6, '0'), 'name', '某某机构' || g, 'district', ${districtOf('r.seq')},
      'kind', (array['公办','民办','公建民营'])[1 + g % 3], 'address', '某某路' || (g % 300) || '号',
      'phone', '138' || lpad(((g * 7919) % 100000000)::text, 8, '0'),
      'opened_on', to_char(date '2000-01-01' + (g * 37 + r.seq) % 9000, 'YYYY-MM-DD'), 'capacity', (g * 13 + r.seq) % 500)`,
    filters: [{ district: '滨湖区' }, { kind: ['公办', '民办'] }, { district: '新吴区', kind: '公办' }],
    qs: ['机构1', { name: '机构2' }, '路12'],
    sorts: ['capacity desc', 'opened_on asc', 'name', 'district asc, capacity desc'],
  },
  {
    classification: '2-07-002-00',
    topics: [
      '空气质量监测数据',
      '地表水水质监测',
      '噪声监测数据',
      '公交客流统计',
      '道路交通流量监测',
      '停车场泊位实时信息',
      '充电桩使用情况',
    ],
    fields: fieldsOf([
      ['id', '记录编号', 'string', 'key'],
      ['station', '监测点', 'string', 'indexed'],
      ['district', '所在区', 'string'],
      ['measured_at', '监测时间', 'datetime', 'indexed'],
      ['value', '监测值', 'decimal'],
      ['aqi', '指数', 'integer'],
      ['level', '等级', 'string'],
      ['valid', '有效', 'boolean'],
    ]),
    doc: `jsonb_build_object('id', 'B' || lpad(g::text, 6, '0'), 'station', '监测点' || ((g + r.seq) % 12), 'district', ${districtOf('0')},
      'measured_at', to_char(timestamp '2026-01-01' + g * interval '1 hour', 'YYYY-MM-DD"T"HH24:MI:SS') || '+08:00',
      'value', round(((g * 7919 + r.seq) % 30000) / 100.0, 2), 'aqi', (g * 31 + r.seq) % 300,
      'level', (array['优','良','轻度污染','中度污染'])[1 + (g * 31 + r.seq) % 300 / 75], 'valid', g % 10 <> 0)`,
    filters: [{ station: '监测点3' }, { level: ['优', '良'] }, { valid: true, level: '轻度污染' }],
    qs: ['监测点1', { level: '污染' }, '区'],
    sorts: ['measured_at desc', 'aqi desc', 'value asc', 'station, measured_at desc'],
  },
  {
    classification: '2-11-003-00',
    topics: [
      '行政许可信息',
      '行政处罚信息',
      '食品经营许可信息',
      '建设工程规划许可',
      '企业信用评价结果',
      '双随机抽查结果',
      '户外广告设置许可',
    ],
    fields: fieldsOf([
      ['doc_no', '文书号', 'string', 'key'],
      ['holder', '相对人名称', 'string', 'required'],
      ['uscc', '统一社会信用代码', 'string'],
      ['district', '所在区', 'string', 'indexed'],
      ['kind', '类别', 'string'],
      ['amount', '金额（元）', 'decimal', 'indexed'],
      ['issued_on', '决定日期', 'date'],
      ['note', '备注', 'string'],
    ]),
    doc: `jsonb_build_object('doc_no', '锡字〔2026〕' || lpad(g::text, 6, '0'), 'holder', '某某' || (array['有限公司','商行','合作社','个体工商户'])[1 + g % 4] || g,
      'uscc', '91320200' || lpad(((g * 104729 + r.seq) % 10000000000)::text, 10, '0'), 'district', ${districtOf('2 * r.seq')},
      'kind', (array['行政许可','行政处罚','行政检查'])[1 + (g + r.seq) % 3], 'amount', round(((g * 7919 + r.seq) % 10000000) / 100.0, 2),
      'issued_on', to_char(date '2015-01-01' + (g * 11 + r.seq) % 4000, 'YYYY-MM-DD'), 'note', case when g % 7 = 0 then '已履行' else '' end)`,
    filters: [{ district: '梁溪区' }, { kind: ['行政处罚', '行政许可'] }, { district: '惠山区', kind: '行政检查' }],
    qs: ['公司', { holder: '有限' }, '2026〕0001'],
    sorts: ['amount desc', 'issued_on desc', 'holder', 'district, amount desc'],
  },
];

/** An indexed field's index column value, as records.repository.ts encodes it. */
function encodedSql(type: FieldType, text: string) {
  switch (type) {
    case 'date':
      return `((${text})::date - date '2000-01-01')::numeric`;
    case 'datetime':
      return `extract(epoch from (${text})::timestamptz)`;
    case 'string':
      return `(${text})::text`;
    default:
      return `(${text})::numeric`;
  }
}

type Openness = Pick<typeof platformResources.$inferInsert, 'status' | 'sharingClass' | 'openData' | 'condition' | 'legalBasis'>;
const OPEN: Openness = { status: 'published', sharingClass: 'unconditional', openData: true, condition: null, legalBasis: null };
/** each way a listed resource is not open data (the open-data flag is refused on the other classes) */
const CLOSED_KINDS: Openness[] = [
  { ...OPEN, status: 'draft' },
  { ...OPEN, status: 'retired' },
  { ...OPEN, openData: false },
  { ...OPEN, openData: false, sharingClass: 'conditional', condition: '仅用于本部门法定职责范围内的业务核验' },
  { ...OPEN, openData: false, sharingClass: 'none', legalBasis: '《中华人民共和国个人信息保护法》第十三条' },
];

interface Dataset {
  id: string;
  template: Template;
  department: string;
  themes: string[];
}

/** Departments for PILOTS pilots, DATASETS open datasets spread over them and CLOSED others, with their records. */
async function seedCatalog(db: Db) {
  const pilotRows = (
    await db.execute<{ id: string; name: string; org_id: string; org_code: string; province_code: string }>(sql`
      select p.id, p.published_name as name, o.id as org_id, o.code as org_code, o.province_code
      from pilots p join organisations o on o.id = p.organisation_id order by o.code`)
  ).rows;
  // the two demo cities (their departments exist: 无锡 10, 常州 3) and the first six others
  const demo = pilotRows.filter((p) => p.org_code === 'PILOT-2012-025' || p.org_code === 'PILOT-2012-026');
  const chosen = [...demo, ...pilotRows.filter((p) => !demo.includes(p)).slice(0, PILOTS - demo.length)];
  for (const p of chosen.filter((x) => !demo.includes(x)))
    await db
      .insert(organisations)
      .values(
        DEPARTMENTS.map(([abbr, name]) => ({
          type: 'department' as const,
          code: `${p.org_code.replace(/^PILOT-\d+-/, 'P')}-${abbr}`,
          name: `${p.name}${name}`,
          provinceCode: p.province_code,
          parentId: p.org_id,
        })),
      )
      .onConflictDoNothing();
  const departments = (
    await db.execute<{ id: string; code: string; name: string; pilot_id: string; pilot_name: string }>(sql`
      select d.id, d.code, d.name, p.id as pilot_id, p.published_name as pilot_name
      from organisations d join pilots p on p.organisation_id = d.parent_id
      where d.type = 'department' and p.id in (${sql.join(
        chosen.map((p) => sql`${p.id}::uuid`),
        sql`, `,
      )}) order by d.code`)
  ).rows;

  const seqs = new Map<string, number>();
  const rows: (typeof platformResources.$inferInsert)[] = [];
  const open: Dataset[] = [];
  const now = Date.now();
  for (let i = 0; i < DATASETS + CLOSED; i++) {
    const dept = departments[i % departments.length]!;
    const template = TEMPLATES[i % TEMPLATES.length]!;
    const seq = (seqs.get(dept.id) ?? 0) + 1;
    seqs.set(dept.id, seq);
    const classification = `${template.classification}${1 + (i % 9)}`;
    const topic = template.topics[Math.floor(i / TEMPLATES.length) % template.topics.length]!;
    const themes = [...new Set([THEMES[i % THEMES.length]!, THEMES[(i * 5 + 3) % THEMES.length]!, ...(i % 4 === 0 ? ['基础数据库'] : [])])];
    const isOpen = i < DATASETS;
    const created = new Date(now - (DATASETS + CLOSED - i) * 3_600_000);
    rows.push({
      pilotId: dept.pilot_id,
      providerOrgId: dept.id,
      classification,
      seq,
      code: `${classification}/${dept.code}/${String(seq).padStart(4, '0')}`,
      name: `${dept.pilot_name}${topic}`,
      summary: `${dept.name}发布的${topic}，${THEMES[i % THEMES.length]}主题，按${CYCLES[i % CYCLES.length]}周期更新（基准测试合成数据）。`,
      themes,
      fields: template.fields,
      format: '结构化数据',
      updateCycle: CYCLES[i % CYCLES.length]!,
      sharingMethod: 'api',
      indicatorCodes: [],
      releaseDate: created.toISOString().slice(0, 10),
      lastLoadAt: isOpen ? new Date(created.getTime() + (i % 48) * 3_600_000) : null,
      rowCount: isOpen ? recordsOf(i) : 0,
      createdAt: created,
      updatedAt: new Date(created.getTime() + (i % 7) * 86_400_000),
      ...(isOpen ? OPEN : CLOSED_KINDS[(i - DATASETS) % CLOSED_KINDS.length]!),
    });
  }
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += 250) {
    const made = await db
      .insert(platformResources)
      .values(rows.slice(i, i + 250))
      .returning({ id: platformResources.id });
    ids.push(...made.map((m) => m.id));
  }
  for (let i = 0; i < DATASETS; i++)
    open.push({
      id: ids[i]!,
      template: TEMPLATES[i % TEMPLATES.length]!,
      department: departments[i % departments.length]!.code,
      themes: rows[i]!.themes,
    });

  // the records, one INSERT … SELECT per template: the document, its key and its index columns as a load writes them
  for (const template of TEMPLATES) {
    const mine = open.filter((d) => d.template === template).map((d) => d.id);
    const slots = indexSlots(template.fields);
    const slotSql = (['n1', 'n2', 't1', 't2'] as const).map((slot) => {
      const f = template.fields.find((x) => slots.get(x.name) === slot);
      return f ? encodedSql(f.type, `s.doc ->> '${f.name}'`) : 'null';
    });
    const key = template.fields.find((f) => f.key)!.name;
    await db.execute(sql`insert into platform_records (pilot_id, resource_id, key, doc, updated_at, n1, n2, t1, t2)
      select s.pilot_id, s.id, s.doc ->> ${key}::text, s.doc, now(), ${sql.raw(slotSql.join(', '))}
      from (select r.pilot_id, r.id, ${sql.raw(template.doc)} as doc
            from platform_resources r cross join lateral generate_series(1, r.row_count) as g
            where r.id = any(string_to_array(${mine.join(',')}::text, ',')::uuid[])) s`);
  }
  await db.execute(sql`analyze`);
  const [counted] = (
    await db.execute<{ resources: number; open_datasets: number; records: number }>(sql`select
      (select count(*) from platform_resources)::int as resources,
      (select count(*) from platform_resources where status = 'published' and open_data and sharing_class = 'unconditional')::int as open_datasets,
      (select count(*) from platform_records)::int as records`)
  ).rows;
  if (counted!.open_datasets !== DATASETS) throw new Error(`seeded ${counted!.open_datasets} open datasets, not ${DATASETS}`);
  return { open, departments: departments.length, pilots: chosen.length, ...counted! };
}

// ---- the requests: parameters varied from one to the next -------------------------------------------------------

type Dict = Record<string, string>;
const pick = <T>(xs: readonly T[], n: number) => xs[n % xs.length]!;

/**
 * q terms (a title word, a city, a field, a phrase, two terms) alone, or with an fq by department, theme (as tag and as
 * group) or both — the department ones with a broad q, so that most searches find something; pages, sorts; every
 * search asks the three facets.
 */
function packageSearches(open: Dataset[]): Dict[] {
  const departments = [...new Set(open.map((d) => d.department))];
  const terms = ['公交', '医疗', '养老', '监测', '许可', '学校', '无锡', '常州', 'title:名录', '"空气质量"', '处罚 信息', '交通 text:监测'];
  const broad = ['', '信息', 'notes:更新', '*:*'];
  const sorts = ['score desc, metadata_modified desc', 'name asc', 'title_string desc', 'metadata_created desc', 'metadata_modified asc'];
  return Array.from({ length: VARIANTS }, (_, v) => {
    const theme = pick(THEMES, v * 7 + 1);
    const org = organizationName(pick(departments, v * 13 + 5));
    const n = v >> 3;
    const [q, fq] = [
      [pick(terms, n), ''],
      [pick(broad, n), `organization:${org}`],
      [pick(['', ...terms], n), `tags:${theme}`],
      [pick(['', ...terms], n + 3), `groups:${groupName(theme)}`],
      ['', `organization:${org} tags:${theme}`],
      [pick(broad, n), ''],
    ][v % 6]!;
    const rows = pick([10, 20, 50, 100], v >> 1);
    return {
      ...(q ? { q } : {}),
      ...(fq ? { fq } : {}),
      rows: String(rows),
      start: String(rows * pick([0, 0, 0, 1, 2], v >> 2)),
      sort: pick(sorts, v >> 4),
      'facet.field': JSON.stringify(['organization', 'groups', 'tags']),
    };
  });
}

function datastoreSearches(open: Dataset[]): Dict[] {
  return Array.from({ length: VARIANTS }, (_, v) => {
    const ds = open[(v * 7919) % open.length]!;
    const t = ds.template;
    const d: Dict = {
      resource_id: ds.id,
      limit: String(pick([10, 20, 50, 100, 200], v >> 1)),
      offset: String(pick([0, 0, 20, 100, 150], v >> 3)),
    };
    const filters = [undefined, ...t.filters][v % (t.filters.length + 1)];
    if (filters) d.filters = JSON.stringify(filters);
    const q = [undefined, undefined, ...t.qs][(v >> 2) % (t.qs.length + 2)];
    if (q !== undefined) d.q = typeof q === 'string' ? q : JSON.stringify(q);
    const sort = [undefined, ...t.sorts][(v >> 4) % (t.sorts.length + 1)];
    if (sort) d.sort = sort;
    return d;
  });
}

// ---- the raw SQL floor: the statements an action sends, caught at the pool ---------------------------------------

/** What a statement is, for the breakdown: the service's queries told apart by their text. */
function statementKind(text: string) {
  const t = text.replace(/\s+/g, ' ');
  if (t.includes('platform_records'))
    return / offset /.test(t) ? 'records page' : t.includes('count(*)') ? 'records count' : 'records (other)';
  if (t.includes('jsonb_array_elements_text')) return t.includes('order by count(*) desc') ? 'facet: themes' : 'themes (group names)';
  if (t.includes('group by "organisations"."code"')) return 'facet: organization';
  if (t.includes('count(*)')) return 'datasets count';
  if (/"platform_resources"\."id" = \$\d+/.test(t)) return 'dataset by id';
  if (/ limit \$\d+/.test(t)) return 'datasets page';
  return 'other';
}

// ---- measuring --------------------------------------------------------------------------------------------------

interface ActionResult {
  action: string;
  variants: number;
  example: string;
  /** per parameter set: datasets or records matched, and returned */
  matched: { mean: number; zero: number };
  returned: { mean: number };
  responseBytes: { median: number; max: number };
  statements: { mean: number; waves: number };
  /** the statements' own time, one at a time (ms, mean per request and share): where the database time goes */
  breakdown: { kind: string; perRequest: number; meanMs: number; p95Ms: number }[];
  /** EXPLAIN ANALYZE of the slowest statement of the two costliest kinds */
  plans: { kind: string; ms: number; text: string; values: unknown[] | undefined; explain: string }[];
  http: Timing;
  sql: Timing;
  bare: Timing;
  http1: Timing;
  sql1: Timing;
  loadAfter: number[];
}

async function measureAction(db: Db, appUrl: string, action: string, dicts: Dict[]): Promise<ActionResult> {
  const run = ACTIONS[action]!.run;
  const paths = dicts.map((d) => `/api/3/action/${action}?${new URLSearchParams(d)}`);
  // every parameter set once through the service: it must answer, and what it sends is the floor's SQL
  const waves: Statement[][][] = [];
  const matched: number[] = [];
  const returned: number[] = [];
  const bytes: number[] = [];
  for (const d of dicts) {
    let result: unknown;
    waves.push(await wavesOf(db, async () => (result = await run(db, d, appUrl))));
    const r = result as { count?: number; total?: number; results?: unknown[]; records?: unknown[] };
    matched.push(r.count ?? r.total ?? 0);
    returned.push((r.results ?? r.records ?? []).length);
  }
  // the HTTP answer is the service's, byte for byte (a sample of them)
  for (let i = 0; i < dicts.length; i++) {
    const res = await fetch(appUrl + paths[i]);
    const body = await res.text();
    bytes.push(Buffer.byteLength(body));
    if (res.status !== 200) throw new Error(`${paths[i]}: ${res.status} ${body.slice(0, 300)}`);
    if (i < 20) {
      const direct = JSON.stringify(await run(db, dicts[i]!, appUrl));
      if (JSON.stringify((JSON.parse(body) as { result: unknown }).result) !== direct)
        throw new Error(`${paths[i]}: the HTTP answer differs from the service's`);
    }
  }
  const medianBytes = bytes.toSorted((a, b) => a - b)[Math.floor(bytes.length / 2)]!;

  // where the database time goes: each statement alone, for a sample of parameter sets; then the plans of the two
  // kinds that take the most time, each of its slowest statement (of the first 40, by the best of three runs: one
  // slow run is as often the machine as the query)
  const pool = poolOf(db);
  const once = async (s: Statement) => {
    const t = performance.now();
    await pool.query(s);
    return performance.now() - t;
  };
  const byKind = new Map<string, { ms: number[]; statements: Statement[] }>();
  for (const ws of waves.slice(0, 100))
    for (const s of ws.flat()) {
      await once(s); // warm
      const ms = await once(s);
      const k = byKind.get(statementKind(s.text)) ?? { ms: [], statements: [] };
      k.ms.push(ms);
      k.statements.push(s);
      byKind.set(statementKind(s.text), k);
    }
  const sampled = Math.min(100, waves.length);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const breakdown = [...byKind]
    .map(([kind, { ms }]) => ({
      kind,
      perRequest: ms.length / sampled,
      meanMs: sum(ms) / ms.length,
      p95Ms: percentile(
        ms.toSorted((a, b) => a - b),
        0.95,
      ),
    }))
    .toSorted((a, b) => b.perRequest * b.meanMs - a.perRequest * a.meanMs);
  const plans = [];
  for (const { kind } of breakdown.slice(0, 2)) {
    let slowest = { ms: -1, statement: byKind.get(kind)!.statements[0]! };
    for (const s of byKind.get(kind)!.statements.slice(0, 40)) {
      const ms = Math.min(await once(s), await once(s), await once(s));
      if (ms > slowest.ms) slowest = { ms, statement: s };
    }
    const explained = (await pool.query({
      text: `explain (analyze, buffers) ${slowest.statement.text}`,
      values: slowest.statement.values,
    })) as { rows: { 'QUERY PLAN': string }[] };
    plans.push({
      kind,
      ms: slowest.ms,
      text: slowest.statement.text,
      values: slowest.statement.values,
      explain: explained.rows.map((r) => r['QUERY PLAN']).join('\n'),
    });
  }

  // the bare floor sends the median response's bytes
  const bareBody = await (await fetch(appUrl + paths[bytes.indexOf(medianBytes)]!)).text();
  const bare = Fastify({ logger: false });
  bare.get('/bare', (_req, reply) => reply.type('application/json; charset=utf-8').send(bareBody));
  const bareUrl = baseUrl((await bare.listen({ host: '127.0.0.1', port: 0 }), bare.server.address()));
  const requests = paths.map((path) => ({ path }));
  try {
    const sqlRun = (i: number) => replay(pool, waves[i % waves.length]!);
    const http = await cannon(appUrl, requests, CONNECTIONS, SECONDS);
    const sqlTiming = await loops(sqlRun, CONNECTIONS, SECONDS);
    const bareTiming = await cannon(bareUrl, [{ path: '/bare' }], CONNECTIONS, SECONDS);
    const http1 = await cannon(appUrl, requests, 1, SECONDS);
    const sql1 = await loops(sqlRun, 1, SECONDS);
    const statementCounts = waves.map((w) => w.flat().length);
    const m: ActionResult = {
      action,
      variants: dicts.length,
      example: paths[0]!,
      matched: { mean: matched.reduce((a, b) => a + b, 0) / matched.length, zero: matched.filter((x) => x === 0).length },
      returned: { mean: returned.reduce((a, b) => a + b, 0) / returned.length },
      responseBytes: { median: medianBytes, max: Math.max(...bytes) },
      statements: { mean: statementCounts.reduce((a, b) => a + b, 0) / waves.length, waves: Math.max(...waves.map((w) => w.length)) },
      breakdown,
      plans,
      http,
      sql: sqlTiming,
      bare: bareTiming,
      http1,
      sql1,
      loadAfter: loadAverage(),
    };
    console.log(
      `  ${action}: HTTP ${fmt(http.perSecond)} req/s, p95 ${fmt(http.p95, 1)} ms (${CONNECTIONS} in flight), ${fmt(http1.p95, 1)} ms (1); raw SQL p95 ${fmt(sqlTiming.p95, 1)} ms (${CONNECTIONS}), ${fmt(sql1.p95, 1)} ms (1); bare ${fmt(bareTiming.perSecond)} req/s; load ${m.loadAfter.join(' ')}`,
    );
    return m;
  } finally {
    await bare.close();
  }
}

// ---- main -------------------------------------------------------------------------------------------------------

async function main() {
  const startedAt = new Date();
  const database = await openBenchDatabase(CONNECTIONS);
  const closers: (() => Promise<unknown>)[] = [() => database.close()];
  const db = database.db;
  try {
    let t = performance.now();
    await seedBenchDatabase(database);
    const seeded = await seedCatalog(db);
    const seedSeconds = (performance.now() - t) / 1000;
    console.log(
      `${database.engine}: ${fmt(seeded.open.length)} open datasets of ${fmt(seeded.resources)} resources (${seeded.departments} departments of ${seeded.pilots} pilots), ${fmt(seeded.records)} records; seeded in ${fmt(seedSeconds, 1)} s`,
    );

    const config = benchConfig({
      // one client address sends every request: the per-minute data limit would answer 429 long before the end
      dataRateLimit: 100_000_000,
      // no scheduled-job rounds during the measurement: what is measured is the CKAN routes
      jobIntervalSeconds: 0,
    });
    const app = await buildApp({ database, config, logger: false });
    closers.unshift(() => app.close());
    const appUrl = baseUrl((await app.listen({ host: '127.0.0.1', port: 0 }), app.server.address()));

    t = performance.now();
    const actions = [
      await measureAction(db, appUrl, 'package_search', packageSearches(seeded.open)),
      await measureAction(db, appUrl, 'datastore_search', datastoreSearches(seeded.open)),
    ];
    const result = {
      benchmark: 'open-data',
      ...benchRun(database.engine, startedAt),
      platform: `${os.platform()} ${os.arch()}`,
      datasets: seeded.open.length,
      resources: seeded.resources,
      records: seeded.records,
      departments: seeded.departments,
      pilots: seeded.pilots,
      seedSeconds,
      measureSeconds: (performance.now() - t) / 1000,
      secondsPerRun: SECONDS,
      connections: CONNECTIONS,
      targetP95Ms: TARGET_P95_MS,
      actions,
    };
    const table = markdown(result);
    await writeResults('open-data', result, table);
    console.log(`\n${table}`);
  } finally {
    for (const close of closers) await close();
  }
}

function markdown(
  r: BenchRun & {
    datasets: number;
    resources: number;
    records: number;
    departments: number;
    pilots: number;
    secondsPerRun: number;
    connections: number;
    targetP95Ms: number;
    actions: ActionResult[];
  },
) {
  const ms = (x: number) => fmt(x, 1);
  const lines = [
    `# Open data: the CKAN Action API — ${r.engine}`,
    '',
    `${r.startedAt}, Node ${r.node}, ${r.cpus} × ${r.cpuModel}. ${fmt(r.datasets)} open datasets (of ${fmt(r.resources)} resources, ${r.departments} departments of ${r.pilots} pilots), ${fmt(r.records)} records. autocannon (HTTP) and the raw-SQL loops: ${r.connections} in flight, then 1, × ${r.secondsPerRun} s after a warm-up, each request the next of ${fmt(r.actions[0]?.variants ?? 0)} parameter sets; load generator and servers in one process, ${r.engine === 'pglite' ? 'PGlite in it too' : 'PostgreSQL on the same host'}. The machine is shared: the load average after each action is in the second table.`,
    '',
    `| action | path | in flight | requests | req/s | p50 ms | p95 ms | p99 ms | app p95 ÷ it | app req/s ÷ it | p95 < ${r.targetP95Ms} ms |`,
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const a of r.actions) {
    const verdict = (x: Timing) => (x.p95 < r.targetP95Ms ? 'pass' : 'FAIL');
    const row = (path: string, n: number, x: Timing, app: Timing | null, target: boolean) =>
      `| ${a.action} | ${path} | ${n} | ${fmt(x.requests)} | ${fmt(x.perSecond)} | ${ms(x.p50)} | ${ms(x.p95)} | ${ms(x.p99)} | ${app ? fmt(app.p95 / x.p95, 2) : '1'} | ${app ? fmt(app.perSecond / x.perSecond, 3) : '1'} | ${target ? verdict(x) : ''} |`;
    lines.push(
      row('**app over HTTP**', r.connections, a.http, null, true),
      row('raw SQL (same statements)', r.connections, a.sql, a.http, false),
      row(`bare Fastify (${fmt(a.responseBytes.median)} B)`, r.connections, a.bare, a.http, false),
      row('app over HTTP', 1, a.http1, null, true),
      row('raw SQL (same statements)', 1, a.sql1, a.http1, false),
    );
  }
  lines.push(
    '',
    '| action | parameter sets | matched (mean) | none matched | returned (mean) | response bytes (median / max) | statements (mean, waves) | load after |',
    '|---|--:|--:|--:|--:|--:|--:|---|',
    ...r.actions.map(
      (a) =>
        `| ${a.action} | ${fmt(a.variants)} | ${fmt(a.matched.mean, 1)} | ${fmt(a.matched.zero)} | ${fmt(a.returned.mean, 1)} | ${fmt(a.responseBytes.median)} / ${fmt(a.responseBytes.max)} | ${fmt(a.statements.mean, 1)}, ${a.statements.waves} | ${a.loadAfter.join(' ')} |`,
    ),
    '',
    'Where the database time goes: each statement alone, one in flight, for the first 100 parameter sets (costliest first).',
    '',
    '| action | statement | per request | mean ms | p95 ms |',
    '|---|---|--:|--:|--:|',
    ...r.actions.flatMap((a) =>
      a.breakdown.map((b) => `| ${a.action} | ${b.kind} | ${fmt(b.perRequest, 2)} | ${ms(b.meanMs)} | ${ms(b.p95Ms)} |`),
    ),
    '',
    `Example: \`${r.actions.map((a) => decodeURIComponent(a.example)).join('`, `')}\``,
    ...r.actions.flatMap((a) =>
      a.plans.flatMap((p) => [
        '',
        `${a.action}: EXPLAIN ANALYZE of the slowest “${p.kind}” statement of the sample (${ms(p.ms)} ms alone, best of three; its text and parameters are in the JSON):`,
        '',
        '```text',
        p.explain,
        '```',
      ]),
    ),
  );
  return lines.join('\n') + '\n';
}

await runMain(main);
