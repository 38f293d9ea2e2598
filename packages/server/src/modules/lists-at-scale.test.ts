import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../test/harness.js';
import { readingOf, statementCatcher, type Statement } from '../test/statements.js';
import { vacuumDatabase } from '../db/statistics.js';

// The registry, the annual reports and the to-dos at 30,000 pilots: every page's statements, explained with their own parameters, read a bounded number
// of rows and buffers — not the whole table as a sort or an exact count of it would. The bounds are this test's own
// (reviewed) numbers, far below the table: a page and the pages before it per batch, a count up to 1,000 (which the
// planner may find by a scan that skips non-matching rows: a quarter of pilots are towns, ~4,000 rows read), or one
// province's pilots for the order by province. A page is one statement, its ids' walk and then its rows' joins (about
// six buffers a row): the order by province reads a province's ~970 pilots and the page's rows, 965 buffers.

const PILOTS = 30_000;
const MAX_ROWS = 5_000;
const MAX_BUFFERS = 1_000;
const [FIRST_YEAR, YEARS] = [2013, 10];
// a report list reads a page's reports and the pilots' before it, or counts up to 1,000 reports — and a rare state's
// page walks the pilots' reports until it has enough (one in fifty: some 3,000 for page 2). A report read is about a
// buffer (each year's reports lie in their own pages; no visibility map lets an index skip the heap); the table is
// 300,000 rows, so the rows bound is what tells a walk from a scan
const REPORT_BOUNDS = { rows: MAX_ROWS, buffers: MAX_ROWS };

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  const { db } = env.database;
  // the demo's 90 pilots of 2012 and a 2013 batch of the rest, spread over the mainland provinces
  await db.execute(sql`insert into batches (year, name, title) values (2013, '2013年度', '第二批国家智慧城市试点（规模测试）')`);
  await db.execute(sql`
    with mainland as (select code, row_number() over (order by sort) - 1 as i from provinces where mainland),
    n as (select g as n, (select code from mainland where i = g % 31) as province from generate_series(1, ${PILOTS - 90}) g)
    insert into organisations (type, code, name, province_code, parent_id)
    select 'pilotGov', 'SCALE-' || n, '规模试点' || n || '号区人民政府', province,
      (select id from organisations where code = 'DEPT-' || province)
    from n`);
  await db.execute(sql`
    insert into pilots (organisation_id, supervisor_org_id, batch_id, province_code, seq, published_name, kind, status)
    select o.id, o.parent_id, (select id from batches where year = 2013), o.province_code,
      substr(o.code, 7)::int, '规模试点' || substr(o.code, 7) || '号区',
      (array['district', 'prefectureCity', 'county', 'town'])[1 + substr(o.code, 7)::int % 4], 'designated'
    from organisations o where o.code like 'SCALE-%'`);
  // ten years of reports for every pilot (their task book is one book: the list never reads it); one in fifty waits for
  // the Ministry, the rest in the other states
  await db.execute(sql`insert into task_books (pilot_id, batch_id) select id, batch_id from pilots order by seq limit 1`);
  await db.execute(sql`
    insert into annual_reports (pilot_id, task_book_id, year, status, content)
    select p.id, (select id from task_books limit 1), y,
      case when (p.seq + y) % 50 = 0 then 'ministryReview'
        else (array['draft', 'provinceReview', 'accepted'])[1 + (p.seq + y) % 3] end, '{}'::jsonb
    from pilots p cross join generate_series(${FIRST_YEAR}::int, ${FIRST_YEAR + YEARS - 1}::int) y
    on conflict (pilot_id, year) do nothing`);
  // every pilot in the search index: four in five hold 交通 in their text, and three are named for it; 园区 names every
  // second pilot (a word in most names: the named hits walked too) and is in the text of every third; 停车 is in one
  // pilot's text in a hundred (a rare word: a province's ten hits joined off the index)
  await db.execute(sql`
    insert into search_documents (pilot_id, subject_type, subject_id, title, body, lexemes)
    select p.id, 'pilot', p.id, p.published_name || case when park then '园区' else '' end,
      p.published_name || case when p.seq % 5 = 0 then ' 城市平台' else ' 智慧交通平台' end
        || case when park or p.seq % 3 = 0 then ' 园区' else '' end || case when p.seq % 100 = 3 then ' 停车' else '' end,
      ('''' || p.published_name || ''':1A')::tsvector
        || (case when p.seq % 5 = 0 then '''平台'':1B' else '''交通'':1B ''平台'':1B' end)::tsvector
        || (case when park then '''园区'':1A' when p.seq % 3 = 0 then '''园区'':1B' else '' end)::tsvector
        || (case when p.seq % 100 = 3 then '''停车'':1B' else '' end)::tsvector
    from pilots p cross join lateral (select p.seq % 2 = 0 as park) n where p.published_name like '规模试点%'`);
  await db.execute(sql`
    update search_documents set title = '交通枢纽' || title, lexemes = lexemes || '''交通'':1A'::tsvector
    where subject_type = 'pilot' and subject_id in (select id from pilots where published_name in ('规模试点7号区', '规模试点15000号区', '规模试点29001号区'))`);
  // the database as the platform keeps it: autovacuum on PostgreSQL, its own nightly vacuum on PGlite (db/statistics.ts)
  await vacuumDatabase(db);
}, 240_000);
afterAll(() => env?.close());

/** Rows and buffers a statement may read, and rows it may answer. */
interface Bounds {
  rows: number;
  buffers: number;
  returned?: number;
}

/** The statements a request sent, and its answer; each statement must read a bounded part of the tables. */
async function bounded(user: string, path: string, bounds: Bounds = { rows: MAX_ROWS, buffers: MAX_BUFFERS }) {
  const { body, statements } = await caught(user, path);
  expect(statements.length).toBeGreaterThan(0);
  for (const s of statements) {
    const reading = await readingOf(env.database.db, s);
    expect(reading.rows, reading.text).toBeLessThanOrEqual(bounds.rows);
    expect(reading.buffers, reading.text).toBeLessThanOrEqual(bounds.buffers);
    expect(reading.returned, reading.text).toBeLessThanOrEqual(bounds.returned ?? Infinity);
  }
  return body;
}

/** The statements a request sent, and its answer. */
async function caught(user: string, path: string) {
  const agent = await env.as(user);
  const catcher = statementCatcher(env.database.db);
  const waves: Statement[][] = [];
  try {
    const res = await catcher.during(waves, () => agent.get(path));
    expect(res.statusCode, path).toBe(200);
    return { body: res.json() as { items: { id: string; seq: number }[]; total: number; totalExact: boolean }, statements: waves.flat() };
  } finally {
    catcher.stop();
  }
}

/** The registry's order as plain SQL sorting every pilot: the oracle for the pages the index walks. */
async function sortedIds(orderBy: string, where: string, offset: number, limit: number) {
  const r = await env.database.db.execute<{ id: string }>(
    sql.raw(`select p.id from pilots p join batches b on b.id = p.batch_id ${where} order by ${orderBy} limit ${limit} offset ${offset}`),
  );
  return r.rows.map((x) => x.id);
}

describe(`the registry at ${PILOTS.toLocaleString('en')} pilots`, () => {
  const pages = [
    { user: 'mohurd.viewer', query: 'pageSize=20', order: 'b.year, p.seq', where: '', offset: 0 },
    { user: 'mohurd.viewer', query: 'pageSize=50&page=7', order: 'b.year, p.seq', where: '', offset: 300 },
    { user: 'mohurd.viewer', query: 'sort=-seq&pageSize=20&page=2', order: 'b.year desc, p.seq desc', where: '', offset: 20 },
    { user: 'mohurd.viewer', query: 'sort=-batch&pageSize=20', order: 'b.year desc, p.seq', where: '', offset: 0 },
    { user: 'mohurd.viewer', query: 'kind=town&pageSize=20&page=3', order: 'b.year, p.seq', where: "where p.kind = 'town'", offset: 40 },
    { user: 'mohurd.viewer', query: 'sort=name&pageSize=20&page=2', order: 'p.published_name, b.year, p.seq', where: '', offset: 20 },
    { user: 'mohurd.viewer', query: 'sort=province&pageSize=20', order: 'p.province_code, b.year, p.seq', where: '', offset: 0 },
    {
      user: 'dept-320000.viewer',
      query: 'pageSize=20&page=4',
      order: 'b.year, p.seq',
      where: "where p.supervisor_org_id = (select id from organisations where code = 'DEPT-320000')",
      offset: 60,
    },
  ];

  it.each(pages)('$user: /api/pilots?$query reads a bounded part of the table and answers the sorted page', async (p) => {
    const body = await bounded(p.user, `/api/pilots?${p.query}`);
    const size = Number(new URLSearchParams(p.query).get('pageSize'));
    expect(body.items.map((x) => x.id)).toEqual(await sortedIds(p.order, p.where, p.offset, size));
  });

  it('counts a short list exactly and estimates a long one, flagged as an estimate', async () => {
    const all = (await caught('mohurd.viewer', '/api/pilots?pageSize=1')).body;
    expect(all.totalExact).toBe(false);
    // the planner's estimate from fresh statistics: within a tenth of the truth
    expect(Math.abs(all.total - PILOTS)).toBeLessThan(PILOTS / 10);
    const jiangsu = (await caught('dept-320000.viewer', '/api/pilots?pageSize=1&kind=town')).body;
    const [exact] = (
      await env.database.db.execute<{ n: number }>(
        sql`select count(*)::int as n from pilots where kind = 'town' and supervisor_org_id = (select id from organisations where code = 'DEPT-320000')`,
      )
    ).rows;
    expect(jiangsu).toMatchObject({ total: exact!.n, totalExact: true });
    // the total rides on the page's rows: a page past the last has none, and still reports it
    const past = (await caught('dept-320000.viewer', `/api/pilots?pageSize=20&kind=town&page=${Math.ceil(exact!.n / 20) + 1}`)).body;
    expect(past).toMatchObject({ items: [], total: exact!.n, totalExact: true });
  });
});

describe(`the annual reports at ${PILOTS.toLocaleString('en')} pilots and ${YEARS} years`, () => {
  const JIANGSU = "p.supervisor_org_id = (select id from organisations where code = 'DEPT-320000')";
  // the default order is the registry's (batch, seq), each pilot's years in turn
  const pages = [
    { user: 'mohurd.viewer', query: 'pageSize=20', where: 'true', offset: 0 },
    { user: 'mohurd.viewer', query: 'pageSize=50&page=7', where: 'true', offset: 300 },
    { user: 'mohurd.viewer', query: `year=${FIRST_YEAR + 7}&pageSize=20&page=3`, where: `r.year = ${FIRST_YEAR + 7}`, offset: 40 },
    { user: 'mohurd.viewer', query: 'status=ministryReview&pageSize=20&page=2', where: "r.status = 'ministryReview'", offset: 20 },
    { user: 'dept-320000.viewer', query: 'pageSize=20&page=4', where: JIANGSU, offset: 60 },
  ];

  it.each(pages)('$user: /api/annual-reports?$query reads a bounded part of the tables and answers the page', async (p) => {
    const body = await bounded(p.user, `/api/annual-reports?${p.query}`, REPORT_BOUNDS);
    const size = Number(new URLSearchParams(p.query).get('pageSize'));
    // the oracle: every report joined to its pilot and batch, sorted
    const expected = await env.database.db.execute<{ id: string }>(
      sql.raw(`select r.id from annual_reports r join pilots p on p.id = r.pilot_id join batches b on b.id = p.batch_id
        where ${p.where} order by b.year, p.seq, p.id, r.year limit ${size} offset ${p.offset}`),
    );
    expect(body.items.map((x) => x.id)).toEqual(expected.rows.map((r) => r.id));
  });

  it('reports the total of a short list exactly, on its pages and past its last', async () => {
    const [exact] = (
      await env.database.db.execute<{ n: number }>(
        sql.raw(
          `select count(*)::int as n from annual_reports r join pilots p on p.id = r.pilot_id where ${JIANGSU} and r.year = ${FIRST_YEAR + 3}`,
        ),
      )
    ).rows;
    for (const page of [1, Math.ceil(exact!.n / 20) + 1]) {
      const body = (await caught('dept-320000.viewer', `/api/annual-reports?year=${FIRST_YEAR + 3}&pageSize=20&page=${page}`)).body;
      expect(body, `page ${page}`).toMatchObject({ total: exact!.n, totalExact: true });
      expect(body.items.length, `page ${page}`).toBe(page === 1 ? Math.min(20, exact!.n) : 0);
    }
  });
});

describe(`the to-dos at ${PILOTS.toLocaleString('en')} pilots and ${YEARS} years`, () => {
  it("pages the Ministry's reviews of reports without reading every report it owes into the app", async () => {
    const [owed] = (
      await env.database.db.execute<{ n: number }>(sql`select count(*)::int as n from annual_reports where status = 'ministryReview'`)
    ).rows;
    // counting what is owed reads what is owed (its state's index); the page reads the pilots before it; no statement
    // sends the app more than the page and the pages before it
    const body = (await bounded('mohurd.reviewer', '/api/todos?pageSize=20&page=2', {
      rows: MAX_ROWS + owed!.n,
      buffers: MAX_ROWS + owed!.n,
      returned: 40,
    })) as unknown as { items: { subjectId: string; kind: string }[]; total: number; kinds: unknown[] };
    // this reviewer owes nothing else here, so the page is the reports waiting in the registry's order
    expect(body.kinds).toEqual([{ kind: 'reviewAnnualReport', count: owed!.n, overdue: 0 }]);
    expect(body.total).toBe(owed!.n);
    const expected = await env.database.db.execute<{ id: string }>(
      sql.raw(`select r.id from annual_reports r join pilots p on p.id = r.pilot_id join batches b on b.id = p.batch_id
        where r.status = 'ministryReview' order by b.year, p.seq, p.id, r.year limit 20 offset 20`),
    );
    expect(body.items.map((t) => t.subjectId)).toEqual(expected.rows.map((r) => r.id));
  });
});

describe(`search at ${PILOTS.toLocaleString('en')} pilots`, () => {
  // 交通 is in four in five pilots' records, three named for it; 园区 names every second pilot and is in the text of every
  // third; 停车 is in one pilot's text in a hundred. The named hits first, then the programme's order (batch, seq), paged
  // without ranking every hit; a type's total past 100 estimated, flagged as such
  const JIANGSU = "p.supervisor_org_id = (select id from organisations where code = 'DEPT-320000')";
  const MINISTRY = { user: 'mohurd.viewer', where: 'true' };
  const PROVINCE = { user: 'dept-320000.viewer', where: JIANGSU };
  // `scans`: pages the planner answers by reading the type's documents at this size (some 800 pages, 2–30 ms) rather
  // than fetch their few hits scattered over as many pages (a rare word), or a province's every pilot (its last pages):
  // a choice of cost, checked for its answer
  const pages: { q: string; page: number; user: string; where: string; scans?: boolean; counted?: boolean }[] = [
    { q: '交通', page: 1, ...MINISTRY },
    { q: '交通', page: 3, ...MINISTRY },
    { q: '交通', page: 2, ...PROVINCE },
    { q: '园区', page: 2, ...MINISTRY },
    // a province's ~480 named pilots end on page 49 (of ten): a page across their end, and one wholly past it
    { q: '园区', page: 49, ...PROVINCE, scans: true },
    { q: '园区', page: 50, ...PROVINCE, scans: true },
    // a rare word's hits are ranked whole, and counted exactly as they are ranked (the Ministry's 300)
    { q: '停车', page: 2, ...MINISTRY, scans: true, counted: true },
    { q: '停车', page: 1, ...PROVINCE, scans: true, counted: true },
  ];

  it.each(pages)('$user: page $page of $q answers the sorted page, reading a bounded part of the index unless it scans', async (p) => {
    const path = `/api/search?q=${encodeURIComponent(p.q)}&type=pilot&pageSize=10&page=${p.page}`;
    // a province's count walks its pilots into their records: a probe of the documents' key each (some 4 buffers)
    const { body } = (p.scans
      ? await caught(p.user, path)
      : { body: await bounded(p.user, path, { rows: MAX_ROWS, buffers: MAX_ROWS }) }) as unknown as {
      body: { groups: { type: string; total: number; totalExact: boolean; items: { id: string }[] }[] };
    };
    // the oracle: every hit joined to its pilot and batch, sorted
    const hits = `from search_documents d join pilots p on p.id = d.pilot_id join batches b on b.id = p.batch_id
      where d.subject_type = 'pilot' and d.lexemes @@ '${p.q}'::tsquery and ${p.where}`;
    const expected = await env.database.db.execute<{ id: string }>(
      sql.raw(`select d.subject_id as id ${hits}
        order by d.title like '%${p.q}%' desc, b.year, p.seq, d.title, d.subject_id limit 10 offset ${(p.page - 1) * 10}`),
    );
    const [{ n }] = (await env.database.db.execute<{ n: number }>(sql.raw(`select count(*)::int as n ${hits}`))).rows as [{ n: number }];
    expect(expected.rows.length).toBeGreaterThan(0);
    expect(body.groups.map((g) => g.type)).toEqual(['pilot']);
    const [group] = body.groups;
    expect(group!.items.map((i) => i.id)).toEqual(expected.rows.map((r) => r.id));
    // a common word's counted up to 100, past it the planner's estimate, within a third of the truth (a province's is
    // planned as a join: 974 for 645 as a walk)
    expect(group!.totalExact).toBe(n <= 100 || p.counted === true);
    if (group!.totalExact) expect(group!.total).toBe(n);
    else expect(Math.abs(group!.total - n)).toBeLessThan(n / 3);
  });
});
