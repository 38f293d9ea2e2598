import { eq, and, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../audit/audit.js';
import { organisations, taskBookSections } from '../../db/schema.js';
import { indexMissing, indexRecord } from '../../search/search-index.repository.js';
import { buildApp } from '../../app.js';
import { createTestEnv, type Agent, type TestEnv } from '../../test/harness.js';
import { completeContent } from '../../test/task-book-fixture.js';
import { pilotIdOf } from '../annual-reports/test-helpers.js';

let env: TestEnv;
let bookId: string;
let editor: Agent;
beforeAll(async () => {
  env = await createTestEnv();
  // 常州市 (江苏) starts its task book and writes a key project whose text holds the word 鹭鸶, found nowhere else
  editor = await env.as('pilot-2012-026.editor');
  bookId = (await editor.post(`/api/pilots/${await pilotIdOf(editor)}/task-books`)).json().id;
  const tasks = completeContent().tasks;
  tasks.projects[0]!.content = '在湿地公园布设鹭鸶栖息地监测系统，数据接入城市公共信息平台。';
  await saveTasks(tasks);
});
afterAll(() => env?.close());

async function saveTasks(tasks: object) {
  const book = (await editor.get(`/api/task-books/${bookId}`)).json();
  const res = await editor.patch(`/api/task-books/${bookId}/sections/2`, tasks, { 'if-match': `"${book.sections[1].version}"` });
  expect(res.statusCode, res.body).toBe(200);
}

interface Hit {
  type: string;
  id: string;
  pilotName: string;
  title: { text: string; hit: boolean }[];
  fragment: { text: string; hit: boolean }[];
}
interface Group {
  type: string;
  total: number;
  items: Hit[];
}

async function search(who: string, q: string, extra = '') {
  const res = await (await env.as(who)).get(`/api/search?q=${encodeURIComponent(q)}${extra}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().groups as Group[];
}
const group = (groups: Group[], type: string) => groups.find((g) => g.type === type);
const marks = (segments: { text: string; hit: boolean }[]) => segments.filter((s) => s.hit).map((s) => s.text);

describe('search', () => {
  it('finds a two-character word inside a task book’s project text, marked in its fragment', async () => {
    const books = group(await search('dept-320000.viewer', '鹭鸶'), 'taskBook');
    expect(books?.total).toBe(1);
    expect(books?.items[0]).toMatchObject({ id: bookId, pilotName: '常州市' });
    expect(marks(books!.items[0]!.fragment)).toEqual(['鹭鸶']);
    expect(books!.items[0]!.fragment.map((s) => s.text).join('')).toContain('布设鹭鸶栖息地监测系统');
  });

  it('finds a single character', async () => {
    const books = group(await search('mohurd.viewer', '鸶'), 'taskBook');
    expect(books?.items.map((i) => i.id)).toEqual([bookId]);
  });

  it('finds pilots by pinyin, polyphonic place names read as the places are called', async () => {
    const names = async (q: string) =>
      group(await search('mohurd.viewer', q), 'pilot')
        ?.items.map((i) => i.pilotName)
        .sort();
    expect(await names('wuxi')).toEqual(['无锡市']);
    expect(await names('chongqing')).toEqual(['重庆市两江新区', '重庆市南岸区']);
    expect(await names('changsha')).toEqual(['长沙市梅溪湖国际服务区']);
    // 重 read zhong, 长 read zhang would not find them
    expect(await names('zhongqing')).toBeUndefined();
    expect(await names('zhangsha')).toBeUndefined();
  });

  it('finds pilots by administrative code, whole or begun', async () => {
    const pilots = group(await search('mohurd.viewer', '320200'), 'pilot');
    expect(pilots?.items.map((i) => i.pilotName)).toEqual(['无锡市']);
    expect(group(await search('mohurd.viewer', '3202'), 'pilot')?.items.map((i) => i.pilotName)).toEqual(['无锡市']);
  });

  it('gives a province nothing of another province’s, not even a count', async () => {
    // 北京's department: the word is in 江苏's task book, 常州 is 江苏's pilot
    expect(await search('dept-110000.viewer', '鹭鸶')).toEqual([]);
    // (the seed notice, public, names every pilot of the first batch: that hit is every reader's)
    expect((await search('dept-110000.viewer', '常州')).map((g) => g.type)).toEqual(['notice']);
    expect(await search('dept-110000.viewer', 'changzhou')).toEqual([]);
    // and a pilot sees only its own
    expect(await search('pilot-2012-025.viewer', '鹭鸶')).toEqual([]);
    // 江苏's search for 市 hits and counts only pilots its registry lists
    const registry = (await (await env.as('dept-320000.viewer')).get('/api/pilots?pageSize=200')).json();
    const ofJiangsu = registry.items.map((p: { publishedName: string }) => p.publishedName);
    expect(ofJiangsu).toContain('常州市');
    const jiangsu = group(await search('dept-320000.viewer', '市', '&type=pilot&pageSize=50'), 'pilot')!;
    expect(jiangsu.items.map((i) => i.pilotName).filter((n) => !ofJiangsu.includes(n))).toEqual([]);
    expect(jiangsu.total).toBe(jiangsu.items.length);
    expect(group(await search('mohurd.viewer', '市', '&type=pilot'), 'pilot')!.total).toBeGreaterThan(ofJiangsu.length);
  });

  it('pages one group', async () => {
    const first = group(await search('mohurd.viewer', '市', '&type=pilot&pageSize=2'), 'pilot')!;
    const second = group(await search('mohurd.viewer', '市', '&type=pilot&pageSize=2&page=2'), 'pilot')!;
    expect(first.items).toHaveLength(2);
    expect(second.items).toHaveLength(2);
    expect(second.total).toBe(first.total);
    expect(second.items.map((i) => i.id)).not.toContain(first.items[0]!.id);
    // a page past the last hit still tells how many there are
    const past = group(await search('mohurd.viewer', '市', '&type=pilot&pageSize=2&page=999'), 'pilot')!;
    expect(past).toMatchObject({ items: [], total: first.total, totalExact: true });
  });

  it('finds an edit as soon as it commits, and never one rolled back', async () => {
    const tasks = completeContent().tasks;
    tasks.projects[0]!.content = '新建鸳鸯湖水质在线监测站。';
    await saveTasks(tasks);
    expect(group(await search('dept-320000.viewer', '鸳鸯'), 'taskBook')?.items.map((i) => i.id)).toEqual([bookId]);
    // the old text is gone from the index with it
    expect(group(await search('dept-320000.viewer', '鹭鸶'), 'taskBook')).toBeUndefined();

    // a change that fails after its audit entry (and so after indexing) leaves nothing behind
    const failed = env.database.db.transaction(async (tx) => {
      const section = and(eq(taskBookSections.taskBookId, bookId), eq(taskBookSections.n, 2));
      const changed = { ...tasks, projects: [{ ...tasks.projects[0]!, content: '鹈鹕岛生态修复。' }] };
      await tx.update(taskBookSections).set({ content: changed }).where(section);
      await appendAudit(tx, null, { action: 'taskBook.saveSection', targetType: 'taskBook', targetId: bookId }, env.clock);
      throw new Error('rolled back');
    });
    await expect(failed).rejects.toThrow('rolled back');
    expect(await search('mohurd.viewer', '鹈鹕')).toEqual([]);
    expect(group(await search('mohurd.viewer', '鸳鸯'), 'taskBook')?.items.map((i) => i.id)).toEqual([bookId]);
  });

  it('takes any text without failing, and names the field when it is out of bounds', async () => {
    const agent = await env.as('mohurd.viewer');
    const get = (q: string, extra = '') => agent.get(`/api/search?q=${encodeURIComponent(q)}${extra}`);
    for (const q of ['', ' ', 'x'.repeat(101), '鹭'.repeat(10_000), 'a\u0000b']) {
      const res = await get(q);
      expect(res.statusCode, JSON.stringify(q.slice(0, 20))).toBe(400);
      expect(res.json().error.field).toBe('q');
    }
    for (const q of ["!:*&|()'", "a' & b:*", '\\', "'鹭'", '😀🏙️', '<script>alert(1)</script>', '% _ \\%', 'العربية', 'Ｗｕｘｉ']) {
      const res = await get(q);
      expect(res.statusCode, q).toBe(200);
    }
    expect((await get('😀')).json().groups).toEqual([]);
    // full-width letters are the same letters
    expect(group((await get('Ｗｕｘｉ')).json().groups, 'pilot')?.items[0]?.pilotName).toBe('无锡市');
    const badPage = await get('市', '&pageSize=0');
    expect(badPage.statusCode).toBe(400);
    expect(badPage.json().error.field).toBe('pageSize');
    expect((await get('市', '&type=nonsense')).json().error.field).toBe('type');
  });

  it('finds a notice by a word of its text for those it is addressed to, and no one else, not even as a count', async () => {
    const [wuxi] = await env.database.db
      .select({ id: organisations.id })
      .from(organisations)
      .where(eq(organisations.code, 'PILOT-2012-025'));
    const dept = await env.as('dept-320000.editor');
    const created = await dept.post('/api/notices', {
      title: '关于报送湿地监测数据的通知',
      issuedOn: '2013-03-01',
      body: '<p>请于三月底前报送<strong>鸬鹚</strong>保护区的监测数据。</p>',
      audience: { public: false, tiers: [], organisationIds: [wuxi!.id] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    // a draft is its writers' alone
    expect(group(await search('dept-320000.viewer', '鸬鹚'), 'notice')?.items.map((i) => i.id)).toEqual([id]);
    expect(await search('pilot-2012-025.viewer', '鸬鹚')).toEqual([]);
    const published = await dept.post(`/api/notices/${id}/transitions`, { action: 'publish' });
    expect(published.statusCode, published.body).toBe(200);

    for (const reader of ['dept-320000.viewer', 'pilot-2012-025.viewer', 'mohurd.viewer']) {
      const notices = group(await search(reader, '鸬鹚'), 'notice');
      expect(notices, reader).toMatchObject({ total: 1, items: [{ id, pilotId: null, pilotName: null }] });
      // the text without its markup, the word marked
      expect(marks(notices!.items[0]!.fragment)).toEqual(['鸬鹚']);
      expect(notices!.items[0]!.fragment.map((f) => f.text).join('')).toContain('请于三月底前报送鸬鹚保护区的监测数据。');
    }
    // 常州 was not written to, nor 北京's department, nor the public
    expect(await search('pilot-2012-026.viewer', '鸬鹚')).toEqual([]);
    expect(await search('dept-110000.viewer', '鸬鹚')).toEqual([]);
    expect((await env.anonymous().get(`/api/public/search?q=${encodeURIComponent('鸬鹚')}`)).json().groups).toEqual([]);
    // markup is no text: a tag's name finds nothing
    expect(group(await search('dept-320000.viewer', 'strong'), 'notice')).toBeUndefined();
  });

  it('the public portal finds published pilots by name and pinyin, and public notices', async () => {
    const anonymous = env.anonymous();
    const res = await anonymous.get(`/api/public/search?q=wuxi`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().groups).toEqual([
      { type: 'pilot', total: 1, totalExact: true, items: [expect.objectContaining({ pilotName: '无锡市', fragment: [] })] },
    ]);
    expect((await anonymous.get(`/api/public/search?q=${encodeURIComponent('鸳鸯')}`)).json().groups).toEqual([]);
    // a pilot's note is the registry's, not the public's: only its name (weight A) is searched there
    const [wuxi] = (await env.database.db.execute<{ id: string }>(sql`select id from pilots where published_name = '无锡市'`)).rows;
    await env.database.db.execute(sql`update pilots set note = '鹦鹉螺备注' where id = ${wuxi!.id}`);
    await indexRecord(env.database.db, 'pilot', wuxi!.id);
    expect(group(await search('mohurd.viewer', '鹦鹉螺'), 'pilot')?.items.map((i) => i.pilotName)).toEqual(['无锡市']);
    expect((await anonymous.get(`/api/public/search?q=${encodeURIComponent('鹦鹉螺')}`)).json().groups).toEqual([]);
    // and the public notices: the seed notice by a word of its text
    const seed = group((await anonymous.get(`/api/public/search?q=${encodeURIComponent('创建任务书')}`)).json().groups, 'notice');
    expect(seed?.total).toBe(1);
    expect(seed?.items[0]!.title.map((t) => t.text).join('')).toBe('住房城乡建设部办公厅关于做好国家智慧城市试点工作的通知');
    expect(marks(seed!.items[0]!.fragment)).toEqual(['创建任务书']);
    expect((await anonymous.get('/api/public/search?q=')).statusCode).toBe(400);
  });

  it('indexes at start what is missing, as far as its time allows, and the rest on a later call', async () => {
    // the reference pilots' entries gone, as after a bulk load outside the services
    await env.database.db.execute(sql`delete from search_documents where subject_type = 'pilot'`);
    const wuxi = async () => (await env.anonymous().get('/api/public/search?q=wuxi')).json().groups;
    expect(await wuxi()).toEqual([]);
    let allowed = 3;
    expect(await indexMissing(env.database.db, () => allowed-- > 0)).toEqual({ indexed: 3, left: 87 });
    expect(await indexMissing(env.database.db)).toEqual({ indexed: 87, left: 0 });
    expect(await wuxi()).toEqual([
      { type: 'pilot', total: 1, totalExact: true, items: [expect.objectContaining({ pilotName: '无锡市' })] },
    ]);
    // an entry indexed before names kept their weight (bare lexemes, no positions) is indexed again
    const weighted = sql`select count(*)::int as n from search_documents where subject_type = 'pilot' and strip(lexemes) <> lexemes`;
    await env.database.db.execute(
      sql`update search_documents set lexemes = strip(lexemes) where subject_type = 'pilot' and title = '无锡市'`,
    );
    expect((await env.database.db.execute<{ n: number }>(weighted)).rows[0]!.n).toBe(89);
    expect(await indexMissing(env.database.db)).toEqual({ indexed: 1, left: 0 });
    expect((await env.database.db.execute<{ n: number }>(weighted)).rows[0]!.n).toBe(90);
  });

  it('a start with no time to index serves at once and indexes behind it', async () => {
    await env.database.db.execute(sql`delete from search_documents where subject_type = 'pilot'`);
    const indexed = async () =>
      (await env.database.db.execute<{ n: number }>(sql`select count(*)::int as n from search_documents where subject_type = 'pilot'`))
        .rows[0]!.n;
    const app = await buildApp({ database: env.database, config: env.config, clock: env.clock, indexAtStartMs: 0 });
    try {
      await app.ready();
      expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
      await expect.poll(indexed, { timeout: 30_000 }).toBe(90);
      expect((await app.inject({ url: '/api/public/search?q=wuxi' })).json().groups).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});
