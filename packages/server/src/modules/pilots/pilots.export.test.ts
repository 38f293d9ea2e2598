import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Agent, type TestEnv } from '../../test/harness.js';
import { sheetOf } from '../../test/sheets.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

interface ListedPilot {
  seq: number;
  publishedName: string;
  provinceName: string;
  provinceCode: string;
}

/** RFC 4180 as Excel writes it: quoted fields may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (quoted || (c !== ',' && c !== '\r')) field += c;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else {
      rows.push([...row, field]);
      row = [];
      field = '';
      i++; // the \n of \r\n
    }
  }
  return rows;
}

const listed = async (agent: Agent, query: string): Promise<ListedPilot[]> => {
  const res = await agent.get(`/api/pilots?pageSize=200&${query}`);
  expect(res.statusCode).toBe(200);
  return (res.json() as { items: ListedPilot[] }).items;
};

// the test clock reads 2013-02-01T08:00Z: 16:00 in Beijing
const EXPORTED_AT = '导出时间：2013-02-01 16:00（北京时间）';

describe('the registry exports to .xlsx and CSV with its filters, sort and scope', () => {
  it('gives the Ministry the filtered, sorted list the JSON gives, under a title row and Chinese headers', async () => {
    const agent = await env.as('mohurd.viewer');
    const query = 'province=320000&sort=-name';
    const res = await agent.get(`/api/pilots/export.xlsx?${query}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    // the Chinese name survives in filename*; the ASCII fallback replaces it
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('试点名录-2013-02-01.xlsx')}`);
    const [title, headers, ...rows] = await sheetOf(res.rawPayload);
    expect(title![0]).toContain('试点名录');
    expect(title![0]).toContain('筛选条件：省份: 江苏省');
    expect(title![0]).toContain('排序: 名称 降序');
    expect(title![0]).toContain(EXPORTED_AT);
    expect(headers).toEqual(['序号', '名称', '省份', '类型', '批次', '状态', '正式名称', '行政区划代码', '主管部门（丙方）']);
    const expected = await listed(agent, query);
    expect(expected).toHaveLength(9);
    expect(rows.map((r) => [Number(r[0]), r[1], r[2]])).toEqual(expected.map((p) => [p.seq, p.publishedName, p.provinceName]));
    expect(rows.every((r) => r[4] === '2012年度' && r[5] === '列入试点')).toBe(true);
  });

  it('gives a province only its own pilots, whatever it asks for', async () => {
    const agent = await env.as('dept-320000.viewer');
    const rows = (await sheetOf((await agent.get('/api/pilots/export.xlsx')).rawPayload)).slice(2);
    const own = await listed(agent, '');
    expect(rows.map((r) => r[1])).toEqual(own.map((p) => p.publishedName));
    expect(rows).toHaveLength(9);
    expect(rows.every((r) => r[2] === '江苏省')).toBe(true);
    // another province's filter is an empty sheet, not its pilots
    const foreign = await sheetOf((await agent.get('/api/pilots/export.xlsx?province=110000')).rawPayload);
    expect(foreign.slice(2)).toEqual([]);
  });

  it('words headers, filters and values in English for Accept-Language: en, and for ?lang=en from a download link', async () => {
    const agent = await env.as('mohurd.viewer');
    for (const [query, headers] of [
      ['kind=town', { 'accept-language': 'en' }],
      ['kind=town&lang=en', {}],
    ] as const) {
      const res = await agent.get(`/api/pilots/export.xlsx?${query}`, headers);
      const [title, header, ...rows] = await sheetOf(res.rawPayload);
      expect(title![0]).toContain('Pilot registry');
      expect(title![0]).toContain('Filter: Kind: Town');
      expect(title![0]).toContain('Exported at 2013-02-01 16:00 (Beijing time)');
      expect(header!.slice(0, 6)).toEqual(['No.', 'Name', 'Province', 'Kind', 'Batch', 'Status']);
      expect(rows.map((r) => [r[1], r[3], r[4]])).toEqual([
        ['昆山市张浦镇', 'Town', '2012 batch'],
        ['浏阳市柏加镇', 'Town', '2012 batch'],
        ['佛山市乐从镇', 'Town', '2012 batch'],
      ]);
    }
  });

  it('writes CSV as Excel reads it: a byte-order mark, the title line, headers, then the JSON list’s rows', async () => {
    const agent = await env.as('mohurd.viewer');
    const query = `q=${encodeURIComponent('株洲')}&sort=seq`;
    const res = await agent.get(`/api/pilots/export.csv?${query}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [title, headers, ...rows] = parseCsv(res.rawPayload.toString('utf8').slice(1));
    expect(title).toHaveLength(1);
    expect(title![0]).toContain('名称包含: 株洲');
    expect(headers![1]).toBe('名称');
    const expected = await listed(agent, query);
    expect(rows.map((r) => [Number(r[0]), r[1]])).toEqual(expected.map((p) => [p.seq, p.publishedName]));
    expect(rows.map((r) => r[1])).toEqual(['株洲市', '株洲市云龙示范区']);
  });

  it('exports the whole list, not a page, and refuses what the list refuses', async () => {
    const agent = await env.as('mohurd.viewer');
    const rows = (await sheetOf((await agent.get('/api/pilots/export.xlsx')).rawPayload)).slice(2);
    expect(rows).toHaveLength(90);
    expect(rows.map((r) => Number(r[0]))).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
    // a report fact without its year: 400 naming the field, as JSON, before any file is begun
    const refused = await agent.get('/api/pilots/export.csv?report=overdue');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.field).toBe('year');
    expect((await agent.get('/api/pilots/export.xlsx?page=2')).statusCode).toBe(400);
    expect((await env.anonymous().get('/api/pilots/export.xlsx')).statusCode).toBe(401);
  });
});
