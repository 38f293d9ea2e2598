import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema.js';
import { createTestEnv, type Agent, type TestEnv } from '../../test/harness.js';
import { completeContent } from '../../test/task-book-fixture.js';
import { callInput } from '../applications/applications.test-kit.js';
import { TEMPLATE_HEADERS } from '../../test/matrix/examples.js';
import { editableContent, filledIn, signedTaskBook } from '../annual-reports/test-helpers.js';

// Files are built here with exceljs, by hand, never with the templates' own code: the test says what a person types.
type Value = ExcelJS.CellValue;
async function workbook(sheets: Record<string, Value[][]>, edit?: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) wb.addWorksheet(name).addRows(rows);
  edit?.(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const PROJECT_HEADERS = TEMPLATE_HEADERS.projects;
const project = (name: string, total: Value, gov: number, over: Partial<Record<number, Value>> = {}) => {
  const row: Value[] = [
    name,
    `${name}的建设内容`,
    total,
    gov,
    total === null ? 0 : Number(total) - gov,
    0,
    0,
    '市大数据管理局',
    2013,
    2015,
    '1.3.2、市民卡应用覆盖率',
  ];
  for (const [i, v] of Object.entries(over)) row[Number(i)] = v;
  return row;
};

let env: TestEnv;
let editor: Agent;
let bookId: string;

const book = async () => (await editor.get(`/api/task-books/${bookId}`)).json();
const sectionVersion = async (n: number) => (await book()).sections[n - 1].version as number;
const projectNames = async () => ((await book()).sections[1].content.projects as { name: string }[]).map((p) => p.name);
async function importProjects(file: Buffer, agent = editor, lang = 'zh-CN') {
  const [body, headers] = await multipart(file, await sectionVersion(2), lang);
  return agent.request('POST', `/api/task-books/${bookId}/sections/2/import`, body, headers);
}

/** A multipart body with If-Match and the reader's language, as the web app sends it. */
async function multipart(file: Buffer, version: number, lang: string): Promise<[string, Record<string, string>]> {
  const boundary = '----import-test';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="import.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return [
    body as unknown as string,
    { 'content-type': `multipart/form-data; boundary=${boundary}`, 'if-match': `"${version}"`, 'accept-language': lang },
  ];
}

beforeAll(async () => {
  env = await createTestEnv();
  editor = await env.as('pilot-2012-025.editor');
  const pilotId = (await editor.get('/api/pilots')).json().items[0].id;
  bookId = (await editor.post(`/api/pilots/${pilotId}/task-books`)).json().id;
  // 三 first, so projects can link to its indicators
  const content = completeContent();
  const res = await editor.patch(`/api/task-books/${bookId}/sections/3`, content.indicators, {
    'if-match': `"${await sectionVersion(3)}"`,
  });
  expect(res.statusCode, res.body).toBe(200);
}, 120_000);
afterAll(() => env?.close());

describe('task book key projects from Excel', () => {
  it('offers a template with the headers in the reader’s language', async () => {
    const zh = await editor.get(`/api/task-books/${bookId}/sections/2/template.xlsx`);
    expect(zh.statusCode).toBe(200);
    expect(zh.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(zh.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(1).values).toEqual([undefined, ...PROJECT_HEADERS]);
    const en = await editor.get(`/api/task-books/${bookId}/sections/2/template.xlsx`, { 'accept-language': 'en' });
    await wb.xlsx.load(en.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getCell('A1').value).toBe('Project name');
  });

  it('imports valid rows as the section’s projects, audited as a hand save, linked to the indicators named', async () => {
    const saves = () =>
      env.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.targetId, bookId), eq(auditLog.action, 'taskBook.saveSection')));
    const before = (await saves()).length;
    const file = await workbook({
      重点项目: [PROJECT_HEADERS, project('城市公共信息平台', 12000, 6000), project('智慧交通一期', 3000, 3000)],
    });
    const res = await importProjects(file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().rows).toBe(2);
    const projects = (await book()).sections[1].content.projects;
    expect(projects.map((p: { name: string }) => p.name)).toEqual(['城市公共信息平台', '智慧交通一期']);
    expect(projects[0].funding).toEqual({ government: 6000, social: 6000, bank: 0, other: 0 });
    // 1.3.2 and the innovative indicator by its name: the fixture's ids
    expect(projects[0].indicatorIds).toEqual(['i-1.3.2', 'inno-1']);
    const after = await saves();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)!.actorName).toBeTruthy();
  });

  it('refuses the whole file when any row fails, listing every problem by row and column, in the reader’s language', async () => {
    const before = await projectNames();
    const file = await workbook({
      重点项目: [
        PROJECT_HEADERS,
        project('好项目', 100, 100),
        project('资金不平', 100, 10, { 4: 0 }), // row 3: 10 + 0 ≠ 100
        project('总投资不是数', '很多', 0), // row 4, column C
        project('好项目', 100, 100), // row 5 repeats row 2
      ],
    });
    const res = await importProjects(file);
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.code).toBe('import_rows');
    const at = error.problems.map((p: { row: number; column: string; code: string }) => `${p.row}${p.column}:${p.code}`);
    expect(at).toEqual(expect.arrayContaining(['3C:funding_sum', '4C:import_not_number', '5A:import_duplicate_row']));
    expect(error.problems.find((p: { row: number }) => p.row === 4).message).toMatch(/^第 4 行 C 列：总投资（万元）/);
    const en = await importProjects(file, editor, 'en');
    expect(en.json().error.problems.find((p: { row: number }) => p.row === 4).message).toMatch(/^row 4, column C: Total investment/);
    expect(await projectNames()).toEqual(before);
  });

  it('refuses hostile and malformed files with a 4xx naming what is wrong, and writes nothing', async () => {
    const before = await sectionVersion(2);
    const cases: [string, Buffer, number, string][] = [
      ['not an xlsx', Buffer.from('name,total\n平台,100\n'), 400, 'import_not_xlsx'],
      ['empty', Buffer.alloc(0), 400, 'import_empty'],
      ['a zip that is no workbook', Buffer.from(zipSync({ 'a.txt': new TextEncoder().encode('hello') })), 400, 'import_not_xlsx'],
      ['headers only', await workbook({ 重点项目: [PROJECT_HEADERS] }), 400, 'import_no_rows'],
    ];
    for (const [what, file, status, code] of cases) {
      const res = await importProjects(file);
      expect(res.statusCode, what).toBe(status);
      expect(res.json().error.code, what).toBe(code);
    }
    expect(await sectionVersion(2)).toBe(before);
  });

  it('names missing and unknown columns', async () => {
    const headers = PROJECT_HEADERS.filter((h) => h !== '责任部门').concat('备注');
    const res = await importProjects(await workbook({ 重点项目: [headers, ['平台']] }));
    expect(res.statusCode).toBe(400);
    const problems = res.json().error.problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 1, column: null, code: 'import_missing_column', message: expect.stringContaining('责任部门') }),
        expect.objectContaining({ row: 1, column: 'K', code: 'import_unknown_column' }),
      ]),
    );
  });

  it('refuses formulas (their cached results are not trusted) and merged cells, at their cells', async () => {
    const file = await workbook({ 重点项目: [PROJECT_HEADERS, project('平台', 100, 100), project('二期', 100, 100)] }, (wb) => {
      const ws = wb.worksheets[0]!;
      ws.getCell('C2').value = { formula: 'D2+E2', result: 100 };
      ws.mergeCells('H3:I3');
    });
    const res = await importProjects(file);
    expect(res.statusCode).toBe(400);
    const at = res.json().error.problems.map((p: { row: number; column: string; code: string }) => `${p.row}${p.column}:${p.code}`);
    expect(at).toEqual(expect.arrayContaining(['2C:import_formula', '3H:import_merged']));
  });

  it('refuses 100,000 rows before parsing them, and a zip bomb before inflating it', async () => {
    // the limit is checked while inflating, before the header is read: one cell a row is enough to show it
    const many = await importProjects(await workbook({ 重点项目: [PROJECT_HEADERS, ...Array.from({ length: 100_000 }, (_, i) => [i])] }));
    expect(many.statusCode).toBe(413);
    expect(many.json().error.code).toBe('import_too_many_rows');

    // a real workbook with a 40 MB sheet of spaces: a few KB on the wire
    const real = zipSync({
      '[Content_Types].xml': new TextEncoder().encode('<Types/>'),
      'xl/workbook.xml': new TextEncoder().encode('<workbook/>'),
      'xl/worksheets/sheet1.xml': new Uint8Array(40 * 1024 * 1024).fill(32),
    });
    expect(real.length).toBeLessThan(200_000);
    const bomb = await importProjects(Buffer.from(real));
    expect(bomb.statusCode).toBe(413);
    expect(bomb.json().error.code).toBe('import_too_large');

    // the same, its directory lying that the sheet is 1 KB: caught while inflating
    const lying = Buffer.from(real);
    for (let p = lying.length - 22; p > 0; p--) {
      if (
        lying.readUInt32LE(p) === 0x02014b50 &&
        lying.toString('utf8', p + 46, p + 46 + lying.readUInt16LE(p + 28)) === 'xl/worksheets/sheet1.xml'
      ) {
        lying.writeUInt32LE(1024, p + 24);
        break;
      }
    }
    const liar = await importProjects(lying);
    expect(liar.statusCode).toBe(413);
    expect(liar.json().error.code).toBe('import_too_large');
  }, 120_000);

  it('takes If-Match like a hand save: stale → 409, missing → 428', async () => {
    const file = await workbook({ 重点项目: [PROJECT_HEADERS, project('平台', 100, 100)] });
    const [body, headers] = await multipart(file, (await sectionVersion(2)) - 1, 'zh-CN');
    expect((await editor.request('POST', `/api/task-books/${bookId}/sections/2/import`, body, headers)).statusCode).toBe(409);
    const { 'if-match': _, ...without } = headers;
    expect((await editor.request('POST', `/api/task-books/${bookId}/sections/2/import`, body, without)).statusCode).toBe(428);
  });

  it('never lets a pilot import into another pilot’s task book', async () => {
    const other = await env.as('pilot-2012-026.editor');
    const file = await workbook({ 重点项目: [PROJECT_HEADERS, project('他人的项目', 100, 100)] });
    const res = await importProjects(file, other);
    expect(res.statusCode).toBe(404);
    expect((await other.get(`/api/task-books/${bookId}/sections/2/template.xlsx`)).statusCode).toBe(404);
    expect(await projectNames()).not.toContain('他人的项目');
  });
});

describe('task book indicators from Excel', () => {
  const years = ['2013 年目标', '2014 年目标', '2015 年目标'];
  const headers = ['指标类别', '指标编号', '指标名称', '指标定义', '单位', '基准值', '基准年', '目标值', ...years, '考核方法'];
  const REQUIRED = ['1.1.1', '1.1.2', '1.1.3', '1.1.4', '1.1.5', '1.2.1', '1.2.2', '1.2.3', '1.3.1', '1.3.2', '1.3.3'];
  const QUANTITATIVE = ['1.2.1', '1.2.2', '1.2.3'];
  const required = REQUIRED.map((code) =>
    QUANTITATIVE.includes(code)
      ? ['规定项', code, '', '', '%', 10, 2012, 90, 30, 60, 90, '统计']
      : ['规定项', code, '', '', '', null, null, '是', '是', '是', '是', '现场核查'],
  );
  const upload = async (file: Buffer) => {
    const [body, h] = await multipart(file, await sectionVersion(3), 'zh-CN');
    return editor.request('POST', `/api/task-books/${bookId}/sections/3/import`, body, h);
  };

  it('imports the indicators, keeping the ids of those already there', async () => {
    const res = await upload(
      await workbook({
        考核指标: [headers, ...required, ['创新项', '', '市民卡应用覆盖率', '', '%', 20, 2012, 85, 40, 60, 85, '统计报表']],
      }),
    );
    expect(res.statusCode, res.body).toBe(200);
    const items = (await book()).sections[2].content.items;
    expect(items).toHaveLength(12);
    expect(items.find((i: { indicatorCode: string }) => i.indicatorCode === '1.2.1')).toMatchObject({
      id: 'i-1.2.1',
      target: 90,
      targetsByYear: { 2013: 30, 2014: 60, 2015: 90 },
    });
    expect(items.find((i: { indicatorCode: string }) => i.indicatorCode === '1.1.1')).toMatchObject({ target: true });
    expect(items.find((i: { name: string }) => i.name === '市民卡应用覆盖率')).toMatchObject({ id: 'inno-1', target: 85 });
  });

  it('applies the indicator system’s rules at the row and column concerned', async () => {
    const before = await sectionVersion(3);
    const bad = required.map((r) => [...r]);
    bad[0]![7] = 95; // row 2: 1.1.1 is qualitative
    const res = await upload(
      await workbook({ 考核指标: [headers, ...bad, ['规定项', '9.9.9', '不存在', '', '', null, null, '是', '是', '是', '是', '核查']] }),
    );
    expect(res.statusCode).toBe(400);
    const at = res.json().error.problems.map((p: { row: number; column: string; code: string }) => `${p.row}${p.column}:${p.code}`);
    expect(at).toEqual(expect.arrayContaining(['2H:qualitative_target', '13B:unknown_indicator']));
    expect(await sectionVersion(3)).toBe(before);
  });
});

describe('annual report from Excel', () => {
  let reportId: string;
  let pilotEditor: Agent;
  beforeAll(async () => {
    const signed = await signedTaskBook(env, 'pilot-2012-027');
    pilotEditor = signed.editor;
    reportId = (await pilotEditor.post(`/api/pilots/${signed.pilotId}/annual-reports`, { year: 2013 })).json().id;
  }, 120_000);

  const report = async () => (await pilotEditor.get(`/api/annual-reports/${reportId}`)).json();
  const upload = async (file: Buffer, agent = pilotEditor) => {
    const [body, h] = await multipart(file, (await report()).version, 'zh-CN');
    return agent.request('POST', `/api/annual-reports/${reportId}/import`, body, h);
  };
  const indicatorHeaders = TEMPLATE_HEADERS.reportIndicators;
  const projectHeaders = TEMPLATE_HEADERS.reportProjects;

  it('offers the report’s items in its template', async () => {
    const res = await pilotEditor.get(`/api/annual-reports/${reportId}/template.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('指标实际值')!.getCell('A2').value).toBe((await report()).content.indicators[0].id);
    expect(wb.getWorksheet('项目进展')!.getRow(1).values).toEqual([undefined, ...projectHeaders]);
  });

  it('imports actuals and progress through the report’s save; rows not in the file stay', async () => {
    const content = (await report()).content;
    const [first, second] = content.indicators;
    const res = await upload(
      await workbook({
        指标实际值: [indicatorHeaders, [first.id, '', '', '', 42, '统计年鉴', '实测']],
        项目进展: [projectHeaders, [content.projects[0].id, '', '在建', 40, 1000, 500, 0, 0]],
      }),
    );
    expect(res.statusCode, res.body).toBe(200);
    const after = (await report()).content;
    expect(after.indicators[0]).toMatchObject({ actual: 42, source: '统计年鉴', quality: 'measured' });
    expect(after.indicators[1]).toEqual(second);
    expect(after.projects[0]).toMatchObject({
      state: 'inProgress',
      percentComplete: 40,
      spent: { government: 1000, social: 500, bank: 0, other: 0 },
    });
  });

  it('refuses unknown numbers and out-of-range values, writing nothing', async () => {
    const before = await report();
    const id = before.content.indicators[0].id;
    const res = await upload(
      await workbook({
        指标实际值: [indicatorHeaders, [id, '', '', '', 7, '抽样', '估计'], ['no-such', '', '', '', 1, '', '']],
        项目进展: [projectHeaders, [before.content.projects[0].id, '', '在建', 140, 0, 0, 0, 0]],
      }),
    );
    expect(res.statusCode).toBe(400);
    const problems = res.json().error.problems as { sheet: string; row: number; column: string; code: string; message: string }[];
    expect(problems.map((p) => `${p.sheet}${p.row}${p.column}:${p.code}`)).toEqual(
      expect.arrayContaining(['指标实际值3A:import_unknown_item', '项目进展2D:too_big']),
    );
    expect(problems[0]!.message).toMatch(/^工作表「/);
    expect(await report()).toEqual(before);
  });

  it('keeps another pilot out', async () => {
    const other = await env.as('pilot-2012-025.editor');
    expect((await upload(await workbook({ 指标实际值: [indicatorHeaders], 项目进展: [projectHeaders] }), other)).statusCode).toBe(404);
  });

  it('is refused once submitted (409), like a hand save', async () => {
    const content = filledIn(editableContent((await report()).content));
    const saved = await pilotEditor.patch(`/api/annual-reports/${reportId}`, content, { 'if-match': `"${(await report()).version}"` });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await pilotEditor.post(`/api/annual-reports/${reportId}/transitions`, { action: 'submit' })).statusCode).toBe(200);
    const res = await upload(await workbook({ 指标实际值: [indicatorHeaders], 项目进展: [projectHeaders] }));
    expect(res.statusCode).toBe(409);
  });
});

describe('a new batch’s pilots from Excel', () => {
  const headers = TEMPLATE_HEADERS.pilots;
  let ministry: Agent;
  beforeAll(async () => {
    ministry = await env.as('mohurd.admin');
    const call = await ministry.post('/api/calls', callInput(2013, { title: '第二批国家智慧城市试点申报' }));
    expect(call.statusCode, call.body).toBe(201);
  });
  const upload = async (file: Buffer, commit: boolean, agent = ministry) =>
    agent.upload(`/api/batches/2013/pilots/import?commit=${commit}`, 'pilots.xlsx', file);
  const batch2013 = async () => (await ministry.get('/api/pilots?batch=2013&pageSize=100')).json();

  it('previews without writing, then commits every row', async () => {
    const file = await workbook({
      试点名单: [
        headers,
        ['北京市门头沟区', null, '北京市', '区', '110109'],
        ['南京市', '南京市', '江苏', '地级市', 320100],
        ['某某新区', null, '浙江省', '新区·园区', null],
      ],
    });
    const preview = await upload(file, false);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({
      committed: false,
      items: [
        { row: 2, provinceCode: '110000', kind: 'district', adminCode: '110109' },
        { adminCode: '320100', kind: 'prefectureCity' },
        { kind: 'zone', adminCode: null },
      ],
    });
    expect((await batch2013()).total).toBe(0);
    const commit = await upload(file, true);
    expect(commit.statusCode, commit.body).toBe(200);
    const list = await batch2013();
    expect(list.items.map((p: { publishedName: string }) => p.publishedName).sort()).toEqual(
      ['北京市门头沟区', '南京市', '某某新区'].sort(),
    );
    const audit = await env.database.db.select().from(auditLog).where(eq(auditLog.action, 'pilot.import'));
    expect(audit).toHaveLength(3);
  });

  it('refuses duplicates against the registry and within the file, and other bad rows, all at once', async () => {
    const file = await workbook({
      试点名单: [
        headers,
        ['无锡市', null, '江苏省', '地级市', '320200'], // row 2: batch 1 has it (name and code)
        ['常州新城', null, '江苏省', '区', '320411'],
        ['常州新城', null, '江苏省', '区', null], // row 4 repeats row 3
        ['某镇', null, '火星', '镇', null], // row 5: no such province
        ['某区', null, '江苏省', '区', '110101'], // row 6: a Beijing code in 江苏
      ],
    });
    const res = await upload(file, false);
    expect(res.statusCode).toBe(400);
    const at = res.json().error.problems.map((p: { row: number; column: string; code: string }) => `${p.row}${p.column}:${p.code}`);
    expect(at).toEqual(
      expect.arrayContaining([
        '2A:import_registered',
        '2E:import_registered',
        '4A:import_duplicate_row',
        '5C:import_not_option',
        '6E:import_province_mismatch',
      ]),
    );
    expect((await upload(file, true)).statusCode).toBe(400);
    expect((await batch2013()).total).toBe(3);
  });

  it('is the Ministry’s alone', async () => {
    const province = await env.as('dept-320000.admin');
    const res = await upload(await workbook({ 试点名单: [headers, ['常州', null, '江苏省', '地级市', null]] }), true, province);
    expect(res.statusCode).toBe(403);
  });
});
