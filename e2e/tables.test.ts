import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { submittedTaskBook } from '../packages/server/src/test/signed-programme.js';
import {
  accessibilityProblems,
  choose,
  newPage,
  sidewaysScrollers,
  screenshot,
  openStage,
  pickDate,
  settled,
  signIn,
  type Stage,
} from './support.js';

// Lists and record pages as a good admin system has them: empty states, a dialog that fits a small screen, antd date
// pickers, breadcrumbs back, sortable columns, and a submitted task book that reads like the document.
let stage: Stage;
beforeAll(async () => {
  stage = await openStage();
}, 120_000);
afterAll(() => stage?.close());

const PROVINCE = 'dept-320000.reviewer';
let inspectionId = '';

/** The dates in the inspection table's first column, top to bottom. */
const listedDates = (page: Page) =>
  page
    .getByTestId('inspection-table')
    .locator('tbody tr[data-row-key]')
    .evaluateAll((rows) => rows.map((r) => r.querySelector('td')!.textContent!.trim()));

describe('the province’s inspections', () => {
  it('shows the empty list with its illustration and the action, which opens a dialog that fits 1280×800', async () => {
    const { page, shot } = await newPage(stage, 'tables/1-empty-and-dialog');
    await signIn(page, stage.baseUrl, PROVINCE);
    await page.goto(`${stage.baseUrl}/app/inspections`);
    await settled(page);
    const empty = page.getByTestId('inspection-table').getByTestId('empty-state');
    expect(await empty.locator('.ant-empty-image svg').count()).toBe(1); // antd's illustration
    expect(await empty.innerText()).toContain('暂无监督检查记录');
    await shot('empty-list');
    expect(await accessibilityProblems(page)).toEqual([]);

    // a small laptop screen; the dialog grows with three findings, its body scrolls and the buttons stay in view
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('inspection-create-empty').click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await choose(page, 'inspection-pilot', '无锡市');
    await pickDate(page, 'inspection-date', '2013-01-20');
    await page.getByTestId('inspection-inspectors').fill('张检查，李检查');
    for (let i = 0; i < 3; i++) {
      await page.getByTestId('add-finding').click();
      await page.getByTestId(`finding-${i}-title`).fill(`发现的问题 ${i + 1}`);
    }
    await pickDate(page, 'finding-0-due', '2013-04-30');
    const body = dialog.locator('.ant-modal-body');
    expect(await body.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true); // taller than the screen: it scrolls
    const save = page.getByTestId('inspection-save');
    const box = (await save.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(800);
    await shot('tall-dialog-1280x800');
    expect(await accessibilityProblems(page)).toEqual([]);

    await save.click();
    await page.waitForURL(/\/app\/inspections\/[0-9a-f-]{36}$/);
    inspectionId = page.url().split('/').at(-1)!;
    // the dates picked are the dates stored
    const stored = (await (await stage.env.as(PROVINCE)).get(`/api/inspections/${inspectionId}`)).json();
    expect(stored.inspectedOn).toBe('2013-01-20');
    expect(stored.findings.map((f: { rectificationDue: string | null }) => f.rectificationDue)).toEqual(['2013-04-30', null, null]);
  });

  it('leads back along its breadcrumb: the pilot, then the registry', async () => {
    const { page, shot } = await newPage(stage, 'tables/2-breadcrumbs');
    await signIn(page, stage.baseUrl, PROVINCE);
    await page.goto(`${stage.baseUrl}/app/inspections/${inspectionId}`);
    await settled(page);
    const trail = page.getByTestId('breadcrumb');
    expect((await trail.innerText()).replace(/\s+/g, '')).toBe('试点名录/无锡市/监督检查');
    expect(await page.title()).toBe('监督检查 - 国家智慧城市试点管理平台');
    await shot('inspection-breadcrumb');
    expect(await accessibilityProblems(page)).toEqual([]);
    await trail.getByRole('link', { name: '无锡市' }).click();
    await page.waitForURL(/\/app\/pilots\/[0-9a-f-]{36}$/);
    // the URL changes before the pilot's page has replaced the inspection's
    await expect.poll(async () => (await page.getByTestId('breadcrumb').innerText()).replace(/\s+/g, '')).toBe('试点名录/无锡市');
    await page.getByTestId('breadcrumb').getByRole('link', { name: '试点名录' }).click();
    await page.waitForURL(/\/app\/pilots$/);

    // in English: the labels and the title from the English catalog, the city's name marked as a Chinese proper name
    await page.evaluate(() => localStorage.setItem('smartcity.lang', 'en'));
    await page.goto(`${stage.baseUrl}/app/inspections/${inspectionId}`);
    await settled(page);
    expect((await page.getByTestId('breadcrumb').innerText()).replace(/\s+/g, ' ')).toBe('Pilot registry / 无锡市 / Inspection');
    expect(await page.getByTestId('breadcrumb').locator('[lang="zh-CN"]', { hasText: '无锡市' }).count()).toBe(1);
    expect(await page.title()).toBe('Inspection - Smart City Pilot Platform');
    await shot('inspection-breadcrumb-english');
  });

  it('sorts the list by a column header either way, as the API’s own dates sort', async () => {
    const province = await stage.env.as(PROVINCE);
    const pilots = (await province.get('/api/pilots?pageSize=3')).json().items as { id: string }[];
    for (const [i, inspectedOn] of ['2013-01-28', '2013-01-05'].entries()) {
      const res = await province.post('/api/inspections', {
        pilotId: pilots[i + 1]!.id,
        inspectedOn,
        inspectors: ['王检查'],
        projectsChecked: [],
        summary: '',
        findings: [],
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const dates = ((await province.get('/api/inspections')).json().items as { inspectedOn: string }[]).map((x) => x.inspectedOn);
    const ascending = [...dates].sort();
    expect(ascending).toHaveLength(3);

    const { page, shot } = await newPage(stage, 'tables/3-sorting');
    await signIn(page, stage.baseUrl, PROVINCE);
    await page.goto(`${stage.baseUrl}/app/inspections`);
    await settled(page);
    const header = page.getByTestId('inspection-table').locator('th', { hasText: '检查日期' });
    await header.click();
    await expect.poll(() => listedDates(page)).toEqual(ascending);
    await header.click();
    await expect.poll(() => listedDates(page)).toEqual([...ascending].reverse());
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    await shot('sorted-by-date-descending');
    expect(await accessibilityProblems(page)).toEqual([]);
  });
});

describe('a submitted task book', () => {
  it('reads like the document: projects and indicators as label–value blocks, no sideways scrolling', async () => {
    const { id } = await submittedTaskBook(stage.env, 'pilot-2012-025'); // 无锡市
    const { page, shot } = await newPage(stage, 'tables/4-task-book-read-view');
    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page, stage.baseUrl, PROVINCE);
    await page.goto(`${stage.baseUrl}/app/task-books/${id}`);
    await settled(page);
    expect((await page.getByTestId('breadcrumb').innerText()).replace(/\s+/g, '')).toBe('试点名录/无锡市/创建任务书');
    const projects = page.getByTestId('projects-read');
    expect(await projects.innerText()).toContain('城市公共信息平台一期');
    expect(await projects.innerText()).toContain('市经济和信息化委员会');
    expect(await page.getByTestId('indicators-read').locator('.ant-descriptions').count()).toBeGreaterThan(10);
    // nothing in sections 二 and 三 scrolls sideways
    for (const n of [2, 3]) {
      expect(await sidewaysScrollers(page.getByTestId(`section-${n}`)), `section ${n}`).toBe(0);
    }
    await shot('read-view');
    for (const n of [2, 3]) await screenshot(page.getByTestId(`section-${n}`), `tables/4-task-book-read-view/section-${n}.png`);
    expect(await accessibilityProblems(page)).toEqual([]);
  }, 180_000);
});
