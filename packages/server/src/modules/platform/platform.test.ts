import { count, eq, inArray, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personalDataReads, platformLoads, platformRecords, platformUsage } from '../../db/schema.js';
import { createTestEnv, type Agent, type TestEnv } from '../../test/harness.js';
import { sheetOf } from '../../test/sheets.js';
import { retentionJobs } from './retention.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

const DAY = 86_400_000;
const as = (who: string) => env.as(who);

/** 市场监督管理局's 市场主体登记 resource: key 统一社会信用代码, a legal representative's name (personal) and phone. */
const ENTERPRISES = {
  classification: '2-02-001-001',
  name: '市场主体登记信息',
  summary: '本市登记的企业、个体工商户等市场主体的基本信息。',
  themes: ['法人单位', '营商环境'],
  fields: [
    { name: 'uscc', label: '统一社会信用代码', type: 'string', key: true, required: true },
    { name: 'name', label: '名称', type: 'string', required: true },
    { name: 'legal_person', label: '法定代表人', type: 'string', personal: true },
    { name: 'phone', label: '联系电话', type: 'string', personal: true },
    { name: 'capital', label: '注册资本（万元）', type: 'decimal' },
    { name: 'registered_on', label: '成立日期', type: 'date' },
    { name: 'district', label: '所在区', type: 'string' },
  ],
  format: '结构化数据',
  updateCycle: 'daily',
  sharingClass: 'conditional',
  condition: '用于就业、社保业务核验，不得向第三方提供',
  sharingMethod: 'api',
  indicatorCodes: ['1.3.1'],
};

const CSV = [
  'uscc,name,legal_person,phone,capital,registered_on,district',
  '91320200MA1A000001,无锡甲科技有限公司,张三丰,13812345678,500,2015-03-02,梁溪区',
  '91320200MA1A000002,无锡乙贸易有限公司,李四,13900001111,120.5,2016-07-19,滨湖区',
  '91320200MA1A000003,无锡丙制造有限公司,王五,13700002222,abc,2014-01-08,新吴区',
  '91320200MA1A000004,"无锡丁服务有限公司，分公司",赵六,13600003333,80,2013-13-40,梁溪区',
  '91320200MA1A000005,无锡戊物流有限公司,钱七,13500004444,300,2017-05-05,惠山区',
].join('\n');

async function upload(agent: Agent, resourceId: string, name: string, body: string | Buffer, query = '') {
  return agent.upload(`/api/platform/resources/${resourceId}/loads${query}`, name, Buffer.isBuffer(body) ? body : Buffer.from(body));
}

describe('the city platform: catalog, load, sharing, API keys', () => {
  let provider: Agent;
  let resourceId: string;

  beforeAll(async () => {
    provider = await as('wuxi-scjgj.editor');
  });

  it('a department lists a resource as a draft, with a code of classification, provider and sequence', async () => {
    const res = await provider.post('/api/platform/resources', ENTERPRISES);
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    resourceId = r.id;
    expect(r.code).toBe('2-02-001-001/WUXI-SCJGJ/0001');
    expect(r.status).toBe('draft');
    expect(r.actions.map((a: { action: string }) => a.action)).toEqual(['publish']);
    // a draft is its provider's alone
    expect((await (await as('wuxi-rsj.editor')).get(`/api/platform/resources/${resourceId}`)).statusCode).toBe(404);
  });

  it('refuses a conditional resource without its condition, open data that is not unconditional, an unknown indicator', async () => {
    const bad = await provider.post('/api/platform/resources', {
      ...ENTERPRISES,
      condition: null,
      openData: true,
      indicatorCodes: ['9.9.9'],
    });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().error.details?.map?.((d: { field: string }) => d.field) ?? [bad.json().error.field];
    expect(fields.join(' ')).toMatch(/condition|openData/);
  });

  it('the provider publishes, and loads a CSV all-or-nothing: two bad rows refuse the file, reported by line and field', async () => {
    const pub = await provider.post(`/api/platform/resources/${resourceId}/transitions`, { action: 'publish' });
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json().releaseDate).toBe('2013-02-01');
    const load = await upload(provider, resourceId, 'enterprises.csv', CSV);
    expect(load.statusCode, load.body).toBe(201);
    const l = load.json();
    expect(l).toMatchObject({ status: 'refused', rowsRead: 5, rejected: 2, added: 0, encoding: 'utf-8' });
    expect(l.problems).toEqual([
      { line: 4, field: 'capital', problem: 'notDecimal' },
      { line: 5, field: 'registered_on', problem: 'notDate' },
    ]);
    expect(l.digest).toBe(createHash('sm3').update(CSV).digest('hex'));
    expect((await provider.get(`/api/platform/resources/${resourceId}`)).json().rowCount).toBe(0);
  });

  it('loads the good rows when asked to, upserting by key', async () => {
    const load = await upload(provider, resourceId, 'enterprises.csv', CSV, '?policy=good');
    expect(load.json()).toMatchObject({ status: 'done', added: 3, rejected: 2 });
    const again = await upload(provider, resourceId, 'enterprises.csv', CSV.replace('500,2015', '600,2015'), '?policy=good');
    expect(again.json()).toMatchObject({ status: 'done', added: 0, updated: 1 });
    const r = (await provider.get(`/api/platform/resources/${resourceId}`)).json();
    expect(r).toMatchObject({ rowCount: 3, stale: false });
    const fresh = (await provider.get('/api/platform/resources?stale=false')).json();
    expect(fresh.items.map((x: { id: string }) => x.id)).toEqual([resourceId]);
    expect((await provider.get('/api/platform/resources?stale=true')).json().items).toEqual([]);
  });

  it('reads a GB18030 file (as Excel saves CSV on Chinese Windows)', async () => {
    // 梁溪区 in GB2312/GB18030: C1BA CFAA C7F8 (from the code chart, not from a decoder)
    const district = Buffer.from([0xc1, 0xba, 0xcf, 0xaa, 0xc7, 0xf8]);
    const file = Buffer.concat([
      Buffer.from('uscc,name,legal_person,phone,capital,registered_on,district\n91320200MA1A000009,GB,,,1,2018-01-01,'),
      district,
      Buffer.from('\n'),
    ]);
    const load = await upload(provider, resourceId, 'gb.csv', file);
    expect(load.json()).toMatchObject({ status: 'done', encoding: 'gb18030', added: 1 });
    const page = await provider.post(`/api/platform/resources/${resourceId}/query`, {
      filters: [{ field: 'uscc', op: 'eq', value: '91320200MA1A000009' }],
      fields: ['district'],
    });
    expect(page.json().items).toEqual([{ district: '梁溪区' }]);
    const gone = await provider.post(`/api/platform/resources/${resourceId}/records`, { delete: [{ uscc: '91320200MA1A000009' }] });
    expect(gone.json()).toEqual({ added: 0, updated: 0, deleted: 1 });
  });

  it('reads an XLSX (Excel dates, rich text, formulas); refuses a truncated workbook and one whose parts inflate beyond what they declare', async () => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('数据');
    ws.addRow(['uscc', 'name', 'legal_person', 'phone', 'capital', 'registered_on', 'district']);
    ws.addRow([
      '91320200MA1A000010',
      { richText: [{ text: '无锡己' }, { text: '有限公司', font: { bold: true } }] },
      '',
      '',
      50,
      new Date(Date.UTC(2019, 9, 8)),
      '新吴区',
    ]);
    ws.addRow(['91320200MA1A000011', '无锡庚有限公司', '', '', { formula: 'E2*2', result: 100 }, '2020-02-30', '新吴区']);
    ws.getColumn(6).numFmt = 'yyyy-mm-dd';
    const xlsx = Buffer.from(await book.xlsx.writeBuffer());
    const load = await upload(provider, resourceId, 'enterprises.xlsx', xlsx, '?policy=good');
    expect(load.statusCode, load.body).toBe(201);
    expect(load.json()).toMatchObject({
      status: 'done',
      format: 'xlsx',
      added: 1,
      rejected: 1,
      problems: [{ line: 3, field: 'registered_on', problem: 'notDate' }],
      digest: createHash('sm3').update(xlsx).digest('hex'),
    });
    const page = await provider.post(`/api/platform/resources/${resourceId}/query`, {
      filters: [{ field: 'uscc', op: 'eq', value: '91320200MA1A000010' }],
      fields: ['name', 'capital', 'registered_on'],
    });
    expect(page.json().items).toEqual([{ name: '无锡己有限公司', capital: 50, registered_on: '2019-10-08' }]);

    const truncated = await upload(provider, resourceId, 'cut.xlsx', xlsx.subarray(0, xlsx.length - 200));
    expect(truncated.statusCode).toBe(400);
    expect(truncated.json().error).toMatchObject({ code: 'load_not_xlsx', field: 'file' });
    // the sheet's central-directory entry declares 100 bytes; inflating it gives thousands
    const lying = Buffer.from(xlsx);
    const entry = lying.indexOf(
      'xl/worksheets/sheet1.xml',
      lying.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), lying.length - 22) - 200,
    );
    lying.writeUInt32LE(100, lying.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), entry) + 24);
    const bomb = await upload(provider, resourceId, 'bomb.xlsx', lying);
    expect(bomb.statusCode).toBe(413);
    expect(bomb.json().error.code).toBe('load_xlsx_too_large');
    // a form cut off before its closing boundary (found by the fuzz): the sender's 400, in either format
    for (const format of ['xlsx', 'csv']) {
      const cut = await provider.request(
        'POST',
        `/api/platform/resources/${resourceId}/loads?format=${format}`,
        '--cut\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\nuscc,name\r\n9132',
        { 'content-type': 'multipart/form-data; boundary=cut' },
      );
      expect(cut.statusCode, format).toBe(400);
      expect(cut.json().error).toMatchObject({ code: 'upload_incomplete', field: 'file' });
    }
    const gone = await provider.post(`/api/platform/resources/${resourceId}/records`, { delete: [{ uscc: '91320200MA1A000010' }] });
    expect(gone.json()).toMatchObject({ deleted: 1 });
  });

  it('exports a query as CSV and as XLSX, headers first', async () => {
    const body = { filters: [{ field: 'district', op: 'eq', value: '梁溪区' }], fields: ['uscc', 'capital'], sort: 'uscc' };
    const csv = await provider.post(`/api/platform/resources/${resourceId}/export`, body);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.body).toBe('\ufeffuscc,capital\r\n91320200MA1A000001,600\r\n');
    const xlsx = await provider.post(`/api/platform/resources/${resourceId}/export`, { ...body, format: 'xlsx' });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(await sheetOf(xlsx.rawPayload)).toEqual([
      ['uscc', 'capital'],
      ['91320200MA1A000001', '600'],
    ]);
  });

  it('refuses a whole file whose header lacks the key, even replacing with the good rows only', async () => {
    const before = (await provider.get(`/api/platform/resources/${resourceId}`)).json().rowCount;
    const load = await upload(provider, resourceId, 'nokey.csv', 'name,district\n无锡某公司,梁溪区\n', '?policy=good&mode=replace');
    expect(load.json()).toMatchObject({ status: 'refused', deleted: 0, problems: [{ line: 1, field: null, problem: 'badHeader' }] });
    expect((await provider.get(`/api/platform/resources/${resourceId}`)).json().rowCount).toBe(before);
  });

  it('a key repeated in the file is a bad row', async () => {
    const dup = [CSV.split('\n')[0], CSV.split('\n')[1], CSV.split('\n')[1]].join('\n');
    const load = await upload(provider, resourceId, 'dup.csv', dup);
    expect(load.json()).toMatchObject({ status: 'refused', problems: [{ line: 3, field: null, problem: 'duplicateKey' }] });
  });

  it('another department cannot read a conditional resource before a grant; asks; the provider grants two fields', async () => {
    const rsj = await as('wuxi-rsj.editor');
    const before = await rsj.post(`/api/platform/resources/${resourceId}/query`, {});
    expect(before.statusCode).toBe(403);
    expect(before.json().error.code).toBe('no_live_grant');
    // nor can its administrator issue a key for it yet
    const key = await (
      await as('wuxi-rsj.admin')
    ).post('/api/platform/api-keys', { name: '早了', resourceIds: [resourceId], expiresOn: '2013-12-31' });
    expect(key.statusCode).toBe(400);
    expect(key.json().error).toMatchObject({ code: 'api_key_not_readable', field: 'resourceIds.0' });
    const asked = await rsj.post(`/api/platform/resources/${resourceId}/sharing-requests`, {
      purpose: '核验参保单位登记信息',
      fields: ['uscc', 'name', 'legal_person', 'capital'],
      until: '2013-12-31',
    });
    expect(asked.statusCode, asked.body).toBe(201);
    // ten working days from Friday 1 February 2013: 4–8 February, then the Spring Festival (9–15 February) is off and
    // the weekend of 16–17 February is worked in exchange, then 18, 19 and 20 February
    expect(asked.json().dueOn).toBe('2013-02-20');
    const id = asked.json().id;
    // the consumer cannot approve its own request
    const self = await (await as('wuxi-rsj.admin')).post(`/api/platform/sharing-requests/${id}/transitions`, { action: 'approve' });
    expect(self.statusCode).toBe(403);
    const ok = await (
      await as('wuxi-scjgj.reviewer')
    ).post(`/api/platform/sharing-requests/${id}/transitions`, {
      action: 'approve',
      fields: ['uscc', 'legal_person'],
      expiresOn: '2013-03-31',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approved', grantedFields: ['uscc', 'legal_person'], live: true });
    const page = await rsj.post(`/api/platform/resources/${resourceId}/query`, { sort: 'uscc' });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().fields).toEqual(['uscc', 'legal_person']);
    expect(page.json().items[0]).toEqual({ uscc: '91320200MA1A000001', legal_person: '张三丰' });
    // a field outside the grant is refused by name
    const outside = await rsj.post(`/api/platform/resources/${resourceId}/query`, { filters: [{ field: 'capital', op: 'gt', value: 1 }] });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error).toMatchObject({ code: 'field_not_granted', field: 'filters.0.field' });
    const reads = await env.database.db.select().from(personalDataReads).where(eq(personalDataReads.resourceId, resourceId));
    expect(reads.at(-1)).toMatchObject({ purpose: '核验参保单位登记信息', fields: ['legal_person'], rows: 3 });
  });

  it('shows each platform’s health to its city, its province and the Ministry', async () => {
    const health = async (who: string) =>
      ((await (await as(who)).get('/api/platform/health')).json().items as { pilot: { name: string } }[]).map((h) => h.pilot.name);
    expect(await health('mohurd.viewer')).toEqual(['无锡市', '常州市']);
    expect(await health('dept-320000.viewer')).toEqual(['无锡市', '常州市']);
    expect(await health('cz-gaj.editor')).toEqual(['常州市']);
    const [wuxi] = (await (await as('pilot-2012-025.admin')).get('/api/platform/health')).json().items;
    // ten departments, one providing a published conditional resource loaded today; the request answered the day it
    // was asked; 人社局's one query (three rows) counts, its two refused ones and the provider's own reads do not
    expect(wuxi).toMatchObject({
      departments: 10,
      connected: 1,
      published: { unconditional: 0, conditional: 1, none: 0 },
      fresh: 1,
      waiting: 0,
      overdue: 0,
      answerDays: { median: 0, p90: 0 },
      calls: 1,
      consumers: 1,
      rowsServed: 3,
    });
  });

  it('filters by type, refuses unknown fields and wrong types, pages by cursor', async () => {
    const p = await provider.post(`/api/platform/resources/${resourceId}/query`, {
      filters: [{ field: 'capital', op: 'gte', value: 200 }],
      fields: ['uscc', 'capital'],
    });
    expect(p.json().items).toEqual([
      { uscc: '91320200MA1A000001', capital: 600 },
      { uscc: '91320200MA1A000005', capital: 300 },
    ]);
    const unknown = await provider.post(`/api/platform/resources/${resourceId}/query`, {
      filters: [{ field: 'nope', op: 'eq', value: 1 }],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'unknown_field', field: 'filters.0.field' });
    const wrong = await provider.post(`/api/platform/resources/${resourceId}/query`, {
      filters: [{ field: 'registered_on', op: 'gt', value: "2015'; drop table platform_records; --" }],
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('filter_value');
    const first = await provider.post(`/api/platform/resources/${resourceId}/query`, { sort: '-capital', limit: 2, fields: ['uscc'] });
    expect(first.json().items.map((x: { uscc: string }) => x.uscc)).toEqual(['91320200MA1A000001', '91320200MA1A000005']);
    const next = await provider.post(`/api/platform/resources/${resourceId}/query`, {
      sort: '-capital',
      limit: 2,
      fields: ['uscc'],
      cursor: first.json().nextCursor,
    });
    expect(next.json()).toMatchObject({ items: [{ uscc: '91320200MA1A000002' }], nextCursor: null });
  });

  it('an API key reads what its department may, until the grant expires; every call is metered', async () => {
    const admin = await as('wuxi-rsj.admin');
    const made = await admin.post('/api/platform/api-keys', { name: '社保核验系统', resourceIds: [resourceId], expiresOn: '2013-12-31' });
    expect(made.statusCode, made.body).toBe(201);
    const token = made.json().token as string;
    const bearer = { authorization: `Bearer ${token}` };
    const call = () => env.anonymous().request('POST', `/api/platform/resources/${resourceId}/query`, {}, bearer);
    const ok = await call();
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().fields).toEqual(['uscc', 'legal_person']);
    // the key is no session: other routes refuse it
    expect((await env.anonymous().request('GET', '/api/platform/resources', undefined, bearer)).statusCode).toBe(401);
    env.clock.advance(60 * DAY); // past 2013-03-31
    const expired = await call();
    expect(expired.statusCode).toBe(403);
    expect(expired.json().error.code).toBe('no_live_grant');
    await env.app.meter.flush();
    const usage = await env.database.db.select().from(platformUsage).where(eq(platformUsage.resourceId, resourceId));
    expect(usage.filter((u) => u.apiKeyId === made.json().id).map((u) => u.status)).toEqual([200, 403]);
    // the last thirty days' usage as a file, by day and department: the refused call of today
    const viewer = await as('wuxi-scjgj.viewer');
    const csv = await viewer.get(`/api/platform/resources/${resourceId}/usage/export?format=csv`);
    expect(csv.statusCode).toBe(200);
    const [day, department, calls, byKey, rows, bytes] = csv.body.split('\r\n')[1]!.split(',');
    expect([day, department, calls, byKey, rows]).toEqual(['2013-04-02', '无锡市人力资源和社会保障局', '1', '1', '0']);
    expect(Number(bytes)).toBeGreaterThan(0); // the refusal's body
    const xlsx = await viewer.get(`/api/platform/resources/${resourceId}/usage/export`);
    expect((await sheetOf(xlsx.rawPayload)).at(-1)).toEqual(['2013-04-02', '无锡市人力资源和社会保障局', '1', '1', '0', bytes]);
    // (signed in again: sixty days is longer than a session)
    const revoked = await (await as('wuxi-rsj.admin')).delete(`/api/platform/api-keys/${made.json().id}`);
    expect(revoked.statusCode).toBe(204);
    expect((await call()).statusCode).toBe(401);
  });

  it('province and Ministry see the catalog but never the records; another city’s department sees nothing of it', async () => {
    for (const who of ['dept-320000.viewer', 'mohurd.viewer']) {
      const agent = await as(who);
      expect((await agent.get(`/api/platform/resources/${resourceId}`)).statusCode).toBe(200);
      expect((await agent.post(`/api/platform/resources/${resourceId}/query`, {})).statusCode).toBe(403);
    }
    const changzhou = await as('cz-gaj.editor');
    expect((await changzhou.get(`/api/platform/resources/${resourceId}`)).statusCode).toBe(404);
    expect((await changzhou.post(`/api/platform/resources/${resourceId}/query`, {})).statusCode).toBe(404);
    expect((await changzhou.get('/api/platform/resources')).json().items).toEqual([]);
  });

  it('forgets metering and personal-information reads past their retention, keeps the recent', async () => {
    env.clock.advance(31 * DAY);
    expect((await provider.post(`/api/platform/resources/${resourceId}/query`, { limit: 1 })).statusCode).toBe(401); // session long gone
    const fresh = await as('wuxi-scjgj.editor');
    expect((await fresh.post(`/api/platform/resources/${resourceId}/query`, { limit: 1 })).statusCode).toBe(200);
    await env.app.meter.flush();
    const { handlers } = retentionJobs(30);
    await env.database.db.transaction((tx) => handlers['platform.retention']!(tx, {}, env.clock));
    const usage = await env.database.db.select().from(platformUsage).where(eq(platformUsage.resourceId, resourceId));
    expect(usage.map((u) => u.operation)).toEqual(['query']);
    expect(await env.database.db.select().from(personalDataReads).where(eq(personalDataReads.resourceId, resourceId))).toEqual([]);
  });

  it('records the loads', async () => {
    const loads = await env.database.db.select().from(platformLoads).where(eq(platformLoads.resourceId, resourceId));
    // the truncated and the lying workbook were refused before any load was recorded; the CSV cut off mid-upload failed
    expect(loads.map((l) => l.status).sort()).toEqual(['done', 'done', 'done', 'done', 'failed', 'refused', 'refused', 'refused']);
  });
});

describe('indexed fields: filters and sorts on the index columns answer as on the JSONB', () => {
  const DISTRICTS = ['梁溪区', '滨湖区', '新吴区', '', '惠山区'];
  // 40 rows: capitals repeat (ties broken by key), some capitals, dates and districts empty (nulls sort last)
  const rows = Array.from({ length: 40 }, (_, i) =>
    [
      `9132${String(i).padStart(14, '0')}`,
      `单位${i}`,
      '',
      '',
      i % 7 === 3 ? '' : String((i * 37) % 11) + (i % 2 ? '.5' : ''),
      i % 9 === 4 ? '' : `20${10 + (i % 8)}-0${1 + (i % 9)}-1${i % 10}`,
      DISTRICTS[i % 5],
    ].join(','),
  );
  const csv = [CSV.split('\n')[0], ...rows].join('\n');
  const indexed = new Set(['capital', 'registered_on', 'district', 'name']);
  const ids: { plain: string; indexed: string } = { plain: '', indexed: '' };
  let provider: Agent;

  beforeAll(async () => {
    provider = await as('wuxi-scjgj.editor');
    for (const kind of ['plain', 'indexed'] as const) {
      const made = await provider.post('/api/platform/resources', {
        ...ENTERPRISES,
        classification: kind === 'plain' ? '2-02-001-002' : '2-02-001-003',
        fields: ENTERPRISES.fields.map((f) => ({ ...f, indexed: kind === 'indexed' && indexed.has(f.name) })),
      });
      expect(made.statusCode, made.body).toBe(201);
      ids[kind] = made.json().id;
      expect((await upload(provider, ids[kind], 'rows.csv', csv)).json()).toMatchObject({ status: 'done', added: 40 });
    }
  });

  /** Every page of a query, by cursor, `limit` rows at a time. */
  async function all(id: string, q: Record<string, unknown>, limit: number) {
    const keys: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (await provider.post(`/api/platform/resources/${id}/query`, { ...q, fields: ['uscc'], limit, cursor })).json();
      keys.push(...page.items.map((x: { uscc: string }) => x.uscc));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return keys;
  }

  it('refuses an index on a yes/no field, and a third text index', async () => {
    const textIndexed = ENTERPRISES.fields.map((f) => ({ ...f, indexed: f.type === 'string' }));
    const yesNo = await provider.post('/api/platform/resources', {
      ...ENTERPRISES,
      fields: [...ENTERPRISES.fields, { name: 'active', label: '是否存续', type: 'boolean', indexed: true }],
    });
    expect(yesNo.statusCode).toBe(400);
    expect(yesNo.json().error).toMatchObject({ code: 'indexed_type', field: 'fields.7.indexed' });
    const third = await provider.post('/api/platform/resources', { ...ENTERPRISES, fields: textIndexed });
    expect(third.statusCode).toBe(400);
    expect(third.json().error).toMatchObject({ code: 'indexed_too_many', field: 'fields.2.indexed' });
  });

  it('answers every filter and sort alike, paging by cursor in both directions with the empty values last', async () => {
    const queries: Record<string, unknown>[] = [
      { sort: 'capital' },
      { sort: '-capital' },
      { sort: 'registered_on' },
      { sort: '-registered_on' },
      { sort: 'district' },
      { sort: '-district', filters: [{ field: 'capital', op: 'gte', value: 4 }] },
      { filters: [{ field: 'district', op: 'eq', value: '滨湖区' }], sort: '-capital' },
      { filters: [{ field: 'registered_on', op: 'lt', value: '2013-05-01' }] },
      { filters: [{ field: 'capital', op: 'in', value: [0, 3.5, 7] }], sort: 'registered_on' },
      { filters: [{ field: 'capital', op: 'ne', value: 5 }] },
      { filters: [{ field: 'name', op: 'prefix', value: '单位1' }], sort: '-name' },
      { filters: [{ field: 'district', op: 'contains', value: '湖' }] },
    ];
    // the indexed resource's values are in its index columns (name → t1, district → t2, capital → n1, date → n2)
    const [filled] = await env.database.db
      .select({ t2: count(platformRecords.t2), n1: count(platformRecords.n1), t1: sql<number>`count(${platformRecords.t1})::int` })
      .from(platformRecords)
      .where(inArray(platformRecords.resourceId, [ids.indexed]));
    expect(filled).toEqual({ t2: 32, n1: 34, t1: 40 });
    for (const q of queries) {
      const plain = await all(ids.plain, q, 1000);
      expect(plain.length, JSON.stringify(q)).toBeGreaterThan(0);
      expect(await all(ids.indexed, q, 1000), JSON.stringify(q)).toEqual(plain);
      expect(await all(ids.indexed, q, 3), JSON.stringify(q)).toEqual(plain);
    }
    // one order written out by hand: capital descending, ties by key descending, the empty capitals last by key
    const byCapital = await all(ids.indexed, { sort: '-capital', filters: [{ field: 'district', op: 'eq', value: '梁溪区' }] }, 2);
    // i = 0, 5, …, 35: capital (i·37 mod 11)(.5 when odd), empty when i mod 7 = 3 — 0: 0, 5: 9.5, 10: empty, 15: 5.5,
    // 20: 3, 25: 1.5, 30: 10, 35: 8.5
    expect(byCapital.map((k) => Number(k.slice(4)))).toEqual([30, 5, 35, 15, 20, 25, 0, 10]);
  });

  it('recomputes the index columns when a draft changes which fields are indexed; keeps the types of fields with records', async () => {
    const put = async (fields: Record<string, unknown>[]) => {
      const { version } = (await provider.get(`/api/platform/resources/${ids.indexed}`)).json();
      return provider.put(
        `/api/platform/resources/${ids.indexed}`,
        { ...ENTERPRISES, classification: '2-02-001-003', fields },
        { 'if-match': `"${version}"` },
      );
    };
    const fields = ENTERPRISES.fields.map((f) => ({ ...f, indexed: f.name === 'capital' }));
    const changed = await put(fields);
    expect(changed.statusCode, changed.body).toBe(200);
    const q = { sort: 'capital', filters: [{ field: 'district', op: 'eq', value: '新吴区' }] };
    expect(await all(ids.indexed, q, 2)).toEqual(await all(ids.plain, q, 1000));
    const typeChange = await put(fields.map((f) => (f.name === 'district' ? { ...f, type: 'integer' } : f)));
    expect(typeChange.statusCode).toBe(409);
    expect(typeChange.json().error).toMatchObject({ code: 'field_type_with_records', field: 'fields.6.type' });
  });
});
