import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeContent } from '../packages/server/src/test/task-book-fixture.js';
import { accessibilityProblems, chineseOutsideNames, newPage, openStage, settled, signIn, switchToEnglish, type Stage } from './support.js';

// The header's search box: a two-character word inside a task book's key project, found by its province, not by another.
let stage: Stage;
let bookId: string;
beforeAll(async () => {
  stage = await openStage();
  const editor = await stage.env.as('pilot-2012-026.editor');
  const pilotId = (await editor.get('/api/pilots')).json().items[0].id as string;
  bookId = (await editor.post(`/api/pilots/${pilotId}/task-books`)).json().id as string;
  const tasks = completeContent().tasks;
  tasks.projects[0]!.content = '在湿地公园布设鹭鸶栖息地监测系统，数据接入城市公共信息平台。';
  const version = (await editor.get(`/api/task-books/${bookId}`)).json().sections[1].version;
  const saved = await editor.patch(`/api/task-books/${bookId}/sections/2`, tasks, { 'if-match': `"${version}"` });
  expect(saved.statusCode, saved.body).toBe(200);
});
afterAll(() => stage?.close());

async function searchFor(page: Page, q: string) {
  await page.getByTestId('search-box').locator('input').fill(q);
  await page.getByTestId('search-box').locator('input').press('Enter');
  await page.waitForURL(/\/app\/search\?/);
  await settled(page);
}

describe('searching from the header', () => {
  it('finds the word in the task book, grouped and marked, and opens it', async () => {
    const { page, shot } = await newPage(stage, 'search');
    await signIn(page, stage.baseUrl, 'dept-320000.viewer');
    await searchFor(page, '鹭鸶');
    await expect.poll(() => page.title()).toBe('检索结果 - 国家智慧城市试点管理平台');
    const books = page.getByTestId('search-group-taskBook');
    expect(await books.getByRole('heading', { level: 2 }).innerText()).toContain('任务书');
    expect(await books.locator('mark').allInnerTexts()).toEqual(['鹭鸶']);
    expect(await books.getByTestId('search-hit').innerText()).toContain('常州市');
    expect(await page.getByTestId('search-group-pilot').count()).toBe(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('results');

    await books.getByTestId('search-hit-link').click();
    await page.waitForURL(new RegExp(`/app/task-books/${bookId}$`));
    await settled(page);
    await shot('opened');
  });

  it('shows another province nothing of it', async () => {
    const { page, shot } = await newPage(stage, 'search-foreign');
    await signIn(page, stage.baseUrl, 'dept-110000.viewer');
    await searchFor(page, '鹭鸶');
    await expect.poll(() => page.getByText('没有找到相关内容').count()).toBe(1);
    expect(await page.getByTestId('search-hit').count()).toBe(0);
    await shot('nothing');
  });

  it('reads in English, the records’ own words marked as Chinese', async () => {
    const { page, shot } = await newPage(stage, 'search-english');
    await page.goto(`${stage.baseUrl}/login`);
    await switchToEnglish(page);
    await signIn(page, stage.baseUrl, 'mohurd.viewer');
    await searchFor(page, '鹭鸶');
    expect(await page.getByTestId('search-group-taskBook').getByRole('heading', { level: 2 }).innerText()).toContain('Task book');
    expect(await chineseOutsideNames(page)).toEqual([]);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('english');
  });
});
