import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sheetOf } from '../packages/server/src/test/sheets.js';
import { accessibilityProblems, newPage, openStage, pick, signIn, type Stage } from './support.js';

let stage: Stage;
beforeAll(async () => {
  stage = await openStage();
});
afterAll(() => stage?.close());

describe('the Ministry exports the registry it is looking at', () => {
  it('filters and sorts the registry, downloads the .xlsx, and finds the rows the page shows', async () => {
    const { page, shot } = await newPage(stage, 'export');
    await signIn(page, stage.baseUrl, 'mohurd.viewer');
    await page.goto(`${stage.baseUrl}/app/pilots`);
    const table = page.getByTestId('pilot-table');
    const rows = table.locator('tbody tr[data-row-key]');
    const settledRows = async () => ((await table.getAttribute('aria-busy')) === 'true' ? -1 : rows.count());
    await expect.poll(settledRows).toBe(20);

    // 附件1 lists 16 districts: one page of the table; then by name, descending
    await pick(page, 'filter-kind', /^区$/, /kind=district/);
    await expect.poll(settledRows).toBe(16);
    const nameHeader = table.locator('th', { hasText: '名称' });
    const shown = async () => ((await settledRows()) === 16 ? rows.locator('td:nth-child(2)').allInnerTexts() : []);
    // the URL changes before the page's list does: wait for the sorted page's answer, then for the table to show it
    const sortBy = async (sort: string) => {
      const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/pilots' && r.url().includes(`sort=${sort}`));
      await nameHeader.click();
      await answered;
      await expect.poll(() => nameHeader.getAttribute('aria-sort')).toBe(sort.startsWith('-') ? 'descending' : 'ascending');
    };
    await sortBy('name');
    let ascending: string[] = [];
    await expect.poll(async () => (ascending = await shown()).length).toBe(16);
    await sortBy('-name');
    // the same sixteen, the other way round; kept as the poll saw them settled (reading again could catch it busy)
    let onPage: string[] = [];
    await expect.poll(async () => (onPage = await shown())).toEqual([...ascending].reverse());
    await shot('districts-by-name-descending');

    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('export-xlsx').click()]);
    // the file keeps its Chinese name
    expect(download.suggestedFilename()).toMatch(/^试点名录-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const [title, headers, ...exported] = await sheetOf(await readFile(await download.path()));
    expect(title![0]).toContain('试点名录');
    expect(title![0]).toContain('类型: 区');
    expect(title![0]).toContain('排序: 名称 降序');
    expect(headers![1]).toBe('名称');
    expect(exported.map((r) => r[1])).toEqual(onPage);
    expect(exported.every((r) => r[3] === '区')).toBe(true);

    // the CSV beside it is the same list, with a byte-order mark for Excel
    const [csv] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('export-csv').click()]);
    expect(csv.suggestedFilename()).toMatch(/^试点名录-.*\.csv$/);
    const text = await readFile(await csv.path(), 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(
      text
        .trim()
        .split('\r\n')
        .slice(2)
        .map((line) => line.split(',')[1]),
    ).toEqual(onPage);
    expect(await accessibilityProblems(page)).toEqual([]);
  });
});

describe('a list the browser sorts', () => {
  it('exports the task books in the order the table shows them', async () => {
    // three pilots, of three provinces, start their task books
    for (const p of ['pilot-2012-001', 'pilot-2012-025', 'pilot-2012-060']) {
      const editor = await stage.env.as(`${p}.editor`);
      const pilot = (await editor.get('/api/pilots')).json().items[0];
      expect((await editor.post(`/api/pilots/${pilot.id}/task-books`)).statusCode).toBe(201);
    }
    const { page } = await newPage(stage, 'export-sorted');
    await signIn(page, stage.baseUrl, 'mohurd.viewer');
    await page.goto(`${stage.baseUrl}/app/task-books`);
    const rows = page.getByTestId('task-book-table').locator('tbody tr[data-row-key]');
    await expect.poll(() => rows.count()).toBe(3);
    const header = page.getByTestId('task-book-table').locator('th', { hasText: '省级主管部门' });
    await header.click();
    await header.click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    const shown = await rows.locator('td:nth-child(2)').allInnerTexts();
    expect(shown).toEqual([...shown].sort(new Intl.Collator('zh-CN').compare).reverse());

    const [csv] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('export-csv').click()]);
    const lines = (await readFile(await csv.path(), 'utf8')).trim().split('\r\n');
    expect(lines[0]).toContain('排序: 省份 降序');
    expect(lines.slice(2).map((line) => line.split(',')[1])).toEqual(shown);
  });
});
