import { describe, expect, it } from 'vitest';
import { onDemoProgramme } from '../test/demo-env.js';
import { sheetOf } from '../test/sheets.js';

const demo = onDemoProgramme();

/**
 * Each list that exports, with how many rows its JSON gives the same reader (the oracle: the export must be that list,
 * whole), the header its province column has, if any, and whether the demo programme fills it for the Ministry.
 */
const LISTS: { path: string; count(json: never): number; province?: string; filled?: true }[] = [
  { path: '/api/pilots', count: (j: { total: number }) => j.total, province: '省份', filled: true },
  { path: '/api/task-books', count: (j: { items: unknown[] }) => j.items.length, province: '省份', filled: true },
  { path: '/api/annual-reports', count: (j: { total: number }) => j.total, province: '省份', filled: true },
  { path: '/api/inspections', count: (j: { items: unknown[] }) => j.items.length, province: '省份', filled: true },
  { path: '/api/applications', count: (j: { items: unknown[] }) => j.items.length, province: '省份', filled: true },
  { path: '/api/acceptances', count: (j: { items: unknown[] }) => j.items.length, province: '省份' },
  { path: '/api/agreements', count: (j: { items: unknown[] }) => j.items.length, province: '省份' },
  { path: '/api/notices', count: (j: { items: unknown[] }) => j.items.length, filled: true },
  { path: '/api/organisations', count: (j: { items: unknown[] }) => j.items.length, filled: true },
  { path: '/api/users', count: (j: { items: unknown[] }) => j.items.length, filled: true },
  { path: '/api/audit/events', count: (j: { total: number }) => j.total, filled: true },
];
const DASHBOARD: { path: string; count(json: never): number }[] = [
  { path: '/api/dashboard/provinces', count: (j: { provinces: unknown[] }) => j.provinces.length },
  // the dashboard shows the first hundred; the export is all of them
  { path: '/api/dashboard/overdue', count: (j: { overdue: { total: number } }) => j.overdue.total },
];

describe('every list exports what its JSON lists to the same reader', () => {
  it('registers .xlsx and .csv for exactly the lists named here', () => {
    const exports = demo.env.app.accessRules.filter((r) => /\/export\.(xlsx|csv)$/.test(r.url)).map((r) => r.url);
    const expected = [...LISTS, ...DASHBOARD].flatMap((l) => [`${l.path}/export.xlsx`, `${l.path}/export.csv`]);
    expect(exports.sort()).toEqual(expected.sort());
  });

  for (const who of ['mohurd.admin', 'dept-320000.admin']) {
    it(`gives ${who} every row of each list it may read, and nothing of another province`, async () => {
      const agent = await demo.env.as(who);
      for (const list of LISTS) {
        const json = await agent.get(list.path);
        const file = await agent.get(`${list.path}/export.xlsx`);
        if (json.statusCode !== 200) {
          // who may not read the list may not export it
          expect(file.statusCode, list.path).toBe(json.statusCode);
          continue;
        }
        expect(file.statusCode, list.path).toBe(200);
        const [title, headers, ...rows] = await sheetOf(file.rawPayload);
        expect(title![0], list.path).toMatch(/导出时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）/);
        expect(rows.length, list.path).toBe(list.count(json.json() as never));
        // an empty list would prove nothing about its rows
        if (who === 'mohurd.admin' && list.filled) expect(rows.length, list.path).toBeGreaterThan(0);
        if (who.startsWith('dept-320000') && list.province) {
          const column = headers!.indexOf(list.province);
          expect(column, list.path).toBeGreaterThanOrEqual(0);
          expect(
            rows.filter((r) => !r[column]!.includes('江苏')),
            list.path,
          ).toEqual([]);
        }
      }
      const dashboard = await agent.get('/api/dashboard');
      expect(dashboard.statusCode).toBe(200);
      for (const table of DASHBOARD) {
        const rows = (await sheetOf((await agent.get(`${table.path}/export.xlsx`)).rawPayload)).slice(2);
        expect(rows.length, table.path).toBe(table.count(dashboard.json() as never));
        if (who.startsWith('dept-320000')) expect(rows.filter((r) => !r.some((cell) => cell.includes('江苏')))).toEqual([]);
      }
    }, 120_000);
  }

  it('heads every list in English for an English reader, with no Chinese but names', async () => {
    const agent = await demo.env.as('mohurd.admin');
    for (const list of [...LISTS, ...DASHBOARD]) {
      const res = await agent.get(`${list.path}/export.csv`, { 'accept-language': 'en' });
      expect(res.statusCode, list.path).toBe(200);
      expect([...res.rawPayload.subarray(0, 3)], list.path).toEqual([0xef, 0xbb, 0xbf]);
      const [title, headers] = res.rawPayload.toString('utf8').slice(1).split('\r\n');
      expect(title, list.path).toMatch(/Exported at \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(Beijing time\)/);
      expect(headers, list.path).not.toMatch(/\p{Script=Han}/u);
    }
  });

  it('exports the overdue list in the dashboard’s order', async () => {
    const agent = await demo.env.as('mohurd.admin');
    const { overdue } = (await agent.get('/api/dashboard')).json() as {
      overdue: { items: { dueDate: string; pilot: { name: string } }[] };
    };
    const rows = (await sheetOf((await agent.get('/api/dashboard/overdue/export.xlsx')).rawPayload)).slice(2);
    expect(overdue.items.length).toBeGreaterThan(0);
    expect(rows.slice(0, overdue.items.length).map((r) => [r[0], r[2]])).toEqual(overdue.items.map((o) => [o.dueDate, o.pilot.name]));
  });
});

describe('a list the browser sorts', () => {
  const zh = new Intl.Collator('zh-CN', { numeric: true });
  it('exports in the order its table shows: by the column named, either way, statuses in lifecycle order', async () => {
    const agent = await demo.env.as('mohurd.admin');
    const books = (await agent.get('/api/task-books')).json().items as { province: { name: string }; status: string }[];
    const rows = async (sort: string) => (await sheetOf((await agent.get(`/api/task-books/export.xlsx?sort=${sort}`)).rawPayload)).slice(2);
    // 省份 is the second column, 状态 the sixth
    const byProvince = books.map((b) => b.province.name).sort(zh.compare);
    expect((await rows('province')).map((r) => r[1])).toEqual(byProvince);
    expect((await rows('-province')).map((r) => r[1])).toEqual([...byProvince].reverse());
    const lifecycle = ['编制中', '省级审核', '部级审核', '三方签署', '已签署'];
    const statuses = (await rows('status')).map((r) => lifecycle.indexOf(r[5]!));
    expect(statuses.every((s) => s >= 0)).toBe(true);
    expect(statuses).toEqual([...statuses].sort((a, b) => a - b));
    // the title says so; a column the list has not is refused by name
    const [title] = (await sheetOf((await agent.get('/api/task-books/export.xlsx?sort=-province')).rawPayload))[0]!;
    expect(title).toContain('排序: 省份 降序');
    const bad = await agent.get('/api/task-books/export.xlsx?sort=colour');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('sort');
  });
});

describe('the organisations page’s filters', () => {
  it('reach its export: a type and a name-or-code search, as the page filters them', async () => {
    const agent = await demo.env.as('mohurd.admin');
    const all = (await agent.get('/api/organisations')).json().items as { name: string; code: string; type: string }[];
    const expected = all.filter((o) => o.type === 'provinceDept' && (o.name.includes('江') || o.code.includes('江'))).map((o) => o.name);
    expect(expected.length).toBeGreaterThan(1);
    const listed = (await agent.get(`/api/organisations?type=provinceDept&q=${encodeURIComponent('江')}`)).json().items;
    expect(listed.map((o: { name: string }) => o.name)).toEqual(expected);
    const [title, , ...rows] = await sheetOf(
      (await agent.get(`/api/organisations/export.xlsx?type=provinceDept&q=${encodeURIComponent('江')}`)).rawPayload,
    );
    expect(rows.map((r) => r[1])).toEqual(expected);
    expect(title![0]).toContain('名称包含: 江');
  });
});
