import { TASK_BOOK_SECTIONS } from '@smartcity/domain';
import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeContent } from '../packages/server/src/test/task-book-fixture.js';
import { DEMO_PASSWORD } from '../packages/server/src/test/harness.js';
import {
  accessibilityProblems,
  choose,
  confirmTransition,
  field,
  sidewaysScrollers,
  fill,
  newPage,
  openStage,
  settled,
  signIn,
  type Stage,
} from './support.js';

let stage: Stage;
const PILOT = 'pilot-2012-025'; // 无锡市, supervised by 江苏 (dept-320000)
const PROVINCE = 'dept-320000';

/** The task book taken to signed through the API (the task-book journey tests the screens): the report needs it. */
async function signedTaskBook() {
  const { env } = stage;
  const editor = await env.as(`${PILOT}.editor`);
  const pilotId = (await editor.get('/api/pilots')).json().items[0].id as string;
  const created = await editor.post(`/api/pilots/${pilotId}/task-books`);
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  const content = completeContent(2013, 2015);
  for (const s of TASK_BOOK_SECTIONS) {
    const version = (await editor.get(`/api/task-books/${id}`)).json().sections[s.n - 1].version;
    const res = await editor.patch(`/api/task-books/${id}/sections/${s.n}`, content[s.key], { 'if-match': `"${version}"` });
    expect(res.statusCode, `section ${s.n}: ${res.body}`).toBe(200);
  }
  for (const [who, action] of [
    [`${PILOT}.editor`, 'submit'],
    [`${PROVINCE}.reviewer`, 'provinceApprove'],
    ['mohurd.reviewer', 'ministryApprove'],
  ] as const) {
    const res = await (await env.as(who)).post(`/api/task-books/${id}/transitions`, { action });
    expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  }
  for (const who of ['mohurd.signatory', `${PILOT}.signatory`, `${PROVINCE}.signatory`]) {
    const res = await (await env.as(who)).post(`/api/task-books/${id}/signatures`, { password: DEMO_PASSWORD });
    expect(res.statusCode, `${who}: ${res.body}`).toBe(200);
  }
  expect((await editor.get(`/api/task-books/${id}`)).json().status).toBe('signed');
}

beforeAll(async () => {
  stage = await openStage();
  await signedTaskBook();
}, 180_000);
afterAll(() => stage?.close());

async function signOut(page: Page) {
  await page.getByTestId('signout').click();
  await page.waitForURL((url) => url.pathname === '/');
}

const status = (page: Page) => page.getByTestId('report-status').innerText();
const INDICATORS = 12; // completeContent: 11 规定项 and one 创新项
let reportUrl = '';

async function saveReport(page: Page) {
  await page.getByTestId('report-save').click();
  await expect.poll(() => page.getByTestId('report-save-status').innerText()).toBe('已保存');
}

describe('the annual self-assessment report, from the pilot’s draft to the Ministry’s acceptance', () => {
  it('the pilot editor starts the 2013 report, fills every indicator, the projects and the narrative, and submits', async () => {
    const { page, shot } = await newPage(stage, 'annual-report/1-pilot-editor');
    await signIn(page, stage.baseUrl, `${PILOT}.editor`);
    // the menu once the landing page has loaded, as a reader clicks it (in one full CI run a click on the menu while the
    // page still rendered led nowhere in 20 s)
    await settled(page);
    // opening 年度报告 asks only what it may: no request refused while the page loads (was GET /api/task-books/ → 400)
    const refused: string[] = [];
    const listen = (res: Response) => {
      if (res.status() >= 400 && res.status() < 500) refused.push(`${res.status()} ${res.request().method()} ${res.url()}`);
    };
    page.on('response', listen);
    await page.locator('.ant-menu').getByText('年度报告').click();
    await page.waitForURL(/\/app\/annual-reports$/);
    await expect.poll(() => page.getByTestId('start-report').innerText()).toContain('2013');
    await settled(page);
    page.off('response', listen);
    expect(refused).toEqual([]);
    await page.getByTestId('start-report').click();
    await page.waitForURL(/\/app\/annual-reports\/[0-9a-f-]{36}$/);
    reportUrl = page.url();
    await expect.poll(() => status(page)).toBe('编制中');
    const rows = page.getByTestId('report-indicators').locator('tbody tr[data-row-key]');
    await expect.poll(() => rows.count()).toBe(INDICATORS);
    expect(await page.getByTestId('report-problems').innerText()).toContain('缺少实际值');
    await shot('new-report');
    // the editor with its warnings showing (each missing value named beside its row)
    expect(await accessibilityProblems(page)).toEqual([]);

    for (let i = 0; i < INDICATORS; i++) {
      await fill(page, `ind-${i}-actual`, 30 + i);
      await fill(page, `ind-${i}-source`, '市统计局统计年报');
      await choose(page, `ind-${i}-quality`, i % 3 === 0 ? '推算' : '实测');
    }
    await page
      .getByTestId('ind-0-upload-input')
      .setInputFiles({ name: '统计年报.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await expect.poll(() => page.getByTestId('ind-0-evidence').innerText()).toContain('统计年报.pdf');
    await choose(page, 'proj-0-state', '在建');
    await fill(page, 'proj-0-percent', 40);
    await fill(page, 'proj-0-spent-government', 2000);
    await fill(page, 'proj-0-spent-social', 500);
    await fill(page, 'report-platform', '城市公共信息平台一期已上线数据交换共享系统。');
    await fill(page, 'report-narrative', '2013年，无锡市按任务书推进智慧城市创建，各项工作进展顺利。');
    await saveReport(page);
    await expect.poll(() => page.getByTestId('report-problems').innerText()).toContain('内容完整');
    await page.reload();
    await expect.poll(() => field(page, 'ind-5-actual').inputValue()).toBe('35');
    expect(await field(page, 'proj-0-percent').inputValue()).toBe('40');
    await shot('filled');

    await page.getByTestId('report-action-submit').click();
    await expect.poll(() => status(page)).toBe('省级审核');
    expect(await page.getByTestId('report-save').count()).toBe(0);
    await shot('submitted');
    await signOut(page);
  }, 240_000);

  it('the province returns it with a reason on one indicator', async () => {
    const { page, shot } = await newPage(stage, 'annual-report/2-province-return');
    await signIn(page, stage.baseUrl, `${PROVINCE}.reviewer`);
    const todos = page.getByTestId('todo-list');
    await expect.poll(() => todos.innerText()).toContain('审核年度自评价报告');
    await todos.getByTestId('todo-item').filter({ hasText: '审核年度自评价报告' }).locator('a').click();
    await page.waitForURL(reportUrl);
    await expect.poll(() => status(page)).toBe('省级审核');
    await page.getByTestId('report-action-provinceReturn').click();
    await fill(page, 'item-reason-ind-2', '实际值与统计年报不一致，请核实。');
    await shot('return');
    await confirmTransition(page);
    await expect.poll(() => status(page)).toBe('编制中');
    await signOut(page);
  });

  it('the pilot sees the reason beside that indicator, fixes it and resubmits', async () => {
    const { page, shot } = await newPage(stage, 'annual-report/3-pilot-fix');
    await signIn(page, stage.baseUrl, `${PILOT}.editor`);
    await page.goto(reportUrl);
    // said at the top first: who returned it, and the opinion
    const banner = page.getByTestId('returned-banner');
    await expect.poll(() => banner.innerText()).toContain('退回，请按意见修改');
    expect(await banner.innerText()).toContain('实际值与统计年报不一致，请核实。');
    await expect.poll(() => page.getByTestId('ind-2-reasons').innerText()).toContain('实际值与统计年报不一致');
    expect(await page.getByTestId('report-indicators').locator('tbody tr[data-returned="true"]').count()).toBe(1);
    expect(await page.getByTestId('ind-1-reasons').count()).toBe(0);
    await fill(page, 'ind-2-actual', 36.5);
    await saveReport(page);
    await expect.poll(() => page.getByTestId('report-changes').innerText()).toContain('36.5');
    expect(await page.getByTestId('report-changes').innerText()).toContain('规定项 1.1.3');
    await shot('fixed');
    await page.getByTestId('report-action-submit').click();
    await expect.poll(() => status(page)).toBe('省级审核');
    expect(await banner.count()).toBe(0);
    await signOut(page);
  });

  it('the province approves, the Ministry accepts: 已接受 and read-only', async () => {
    for (const [who, action, next] of [
      [`${PROVINCE}.reviewer`, 'provinceApprove', '部级审核'],
      ['mohurd.reviewer', 'accept', '已接受'],
    ] as const) {
      const { page, shot } = await newPage(stage, `annual-report/4-${who}`);
      await signIn(page, stage.baseUrl, who);
      await page.goto(reportUrl);
      await expect.poll(() => page.getByTestId(`report-action-${action}`).count()).toBe(1);
      await page.getByTestId(`report-action-${action}`).click();
      // confirmed with the opinion it is recorded with, 同意 unless edited
      expect(await page.getByTestId('action-reason').inputValue()).toBe('同意');
      await confirmTransition(page);
      await expect.poll(() => status(page)).toBe(next);
      await shot('done');
      await signOut(page);
    }
    const { page, shot } = await newPage(stage, 'annual-report/5-pilot-accepted');
    await signIn(page, stage.baseUrl, `${PILOT}.editor`);
    await page.goto(reportUrl);
    await expect.poll(() => status(page)).toBe('已接受');
    expect(await page.getByTestId('report-readonly').count()).toBe(1);
    expect(await page.getByTestId('report-save').count()).toBe(0);
    expect(await page.locator('[data-testid="annual-report"] input, [data-testid="annual-report"] textarea').count()).toBe(0);
    expect(await page.locator('[data-testid^="report-action-"]').count()).toBe(0);
    expect(await page.getByTestId('ind-2-actual').innerText()).toBe('36.5');
    // read like the document: label–value blocks, nothing scrolls sideways
    expect(await page.getByTestId('report-indicators-read').locator('.ant-descriptions').count()).toBe(INDICATORS);
    expect(await page.getByTestId('report-projects-read').locator('.ant-descriptions').count()).toBeGreaterThan(0);
    expect(await sidewaysScrollers(page.getByTestId('annual-report'))).toBe(0);
    await shot('accepted');
    expect(await accessibilityProblems(page)).toEqual([]);
  });
});
