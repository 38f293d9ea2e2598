import { TASK_BOOK_SECTIONS } from '@smartcity/domain';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeContent } from '../packages/server/src/test/task-book-fixture.js';
import { signProgramme } from '../packages/server/src/test/signed-programme.js';
import {
  accessibilityProblems,
  newContext,
  newPage,
  openStage,
  screenshot,
  settled,
  signIn,
  switchToEnglish,
  type Stage,
} from './support.js';

// axe-core on the five pages the issue names, and the headers on a phone.
let stage: Stage;
let signedBook = '';
let draftBook = '';

beforeAll(async () => {
  stage = await openStage();
  signedBook = (await signProgramme(stage.env)).taskBookId; // 无锡市
  // 常州市's task book, every section drafted but not submitted: the editor with all its fields
  const editor = await stage.env.as('pilot-2012-026.editor');
  const pilotId = (await editor.get('/api/pilots')).json().items[0].id as string;
  const created = await editor.post(`/api/pilots/${pilotId}/task-books`);
  expect(created.statusCode, created.body).toBe(201);
  draftBook = created.json().id;
  const content = completeContent();
  for (const s of TASK_BOOK_SECTIONS) {
    const version = (await editor.get(`/api/task-books/${draftBook}`)).json().sections[s.n - 1].version;
    const res = await editor.patch(`/api/task-books/${draftBook}/sections/${s.n}`, content[s.key], { 'if-match': `"${version}"` });
    expect(res.statusCode, res.body).toBe(200);
  }
}, 180_000);
afterAll(() => stage?.close());

describe('accessibility (axe-core, WCAG 2.1 A/AA): no critical or serious violation', () => {
  it('on the public portal and the sign-in page', async () => {
    const { page, shot } = await newPage(stage, 'accessibility/public');
    await page.goto(stage.baseUrl + '/');
    await expect.poll(() => page.locator('[data-testid^="public-province-"]').count()).toBe(28);
    await expect.poll(() => page.getByTestId('china-map').locator('canvas').count()).toBeGreaterThan(0);
    await settled(page);
    // the map's text alternative: the provinces with their counts
    expect(await page.getByTestId('china-map-text').innerText()).toContain('江苏省: 9');
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('portal');
    await page.goto(stage.baseUrl + '/login');
    await settled(page);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('sign-in');
  });

  it('on the registry', async () => {
    const { page, shot } = await newPage(stage, 'accessibility/registry');
    await signIn(page, stage.baseUrl, 'mohurd.admin');
    await page.goto(stage.baseUrl + '/app/pilots');
    await expect.poll(() => page.getByTestId('pilot-table').locator('tbody tr[data-row-key]').count()).toBeGreaterThan(0);
    await settled(page);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('registry');
  });

  it('in the task-book editor (a draft, as the pilot’s editor)', async () => {
    const { page, shot } = await newPage(stage, 'accessibility/task-book-editor');
    await signIn(page, stage.baseUrl, 'pilot-2012-026.editor');
    await page.goto(`${stage.baseUrl}/app/task-books/${draftBook}`);
    await expect.poll(() => page.getByTestId('save-section-1').count()).toBe(1);
    await settled(page);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('editor');
  });

  it('on a signed task book', async () => {
    const { page, shot } = await newPage(stage, 'accessibility/signed-task-book');
    await signIn(page, stage.baseUrl, 'pilot-2012-025.editor');
    await page.goto(`${stage.baseUrl}/app/task-books/${signedBook}`);
    await expect.poll(() => page.getByTestId('task-book-status').innerText()).toBe('已签署');
    await settled(page);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('signed');
  });
});

/** Every visible element of the header lies inside a 390 px wide viewport, and nothing scrolls sideways — once the page has
 *  settled: right after a navigation the closing drawer and the loading page may briefly lay out wider. */
async function fits(page: Page, header: Locator) {
  await expect.poll(() => page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
  const outside = () =>
    header.evaluate((h) =>
      [h, ...h.querySelectorAll('*')]
        .filter((el) => el.getClientRects().length > 0)
        .map((el) => ({ el, box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.width > 0 && (box.left < 0 || box.right > window.innerWidth + 0.5))
        .map(
          ({ el, box }) =>
            `${el.tagName.toLowerCase()} "${(el.textContent ?? '').slice(0, 30)}" ${Math.round(box.left)}–${Math.round(box.right)}`,
        ),
    );
  await expect.poll(outside).toEqual([]);
}

describe('on a phone (390 × 844)', () => {
  async function phone(journey: string) {
    const context = await newContext(stage, {
      locale: 'zh-CN',
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    return { page, shot: (name: string, target: Page | Locator = page) => screenshot(target, `phone/${journey}-${name}.png`) };
  }

  it('the public header fits, and the map comes before the long list', async () => {
    const { page, shot } = await phone('public');
    await page.goto(stage.baseUrl + '/');
    await expect.poll(() => page.locator('[data-testid^="public-province-"]').count()).toBe(28);
    const header = page.getByTestId('public-header');
    await fits(page, header);
    await shot('header', header);
    const map = await page.getByTestId('china-map').boundingBox();
    const list = await page.getByTestId('public-list').boundingBox();
    expect(map!.y + map!.height).toBeLessThanOrEqual(list!.y);
    await shot('portal');
    // in English too (longer words)
    await switchToEnglish(page);
    await fits(page, header);
    await shot('header-en', header);
  });

  it('the signed-in header fits, its menu in a drawer', async () => {
    const { page, shot } = await phone('signed-in');
    await signIn(page, stage.baseUrl, 'dept-320000.reviewer');
    await page.goto(stage.baseUrl + '/app/pilots'); // a province lands on its overview
    await expect.poll(() => page.getByTestId('pilot-table').locator('tbody tr[data-row-key]').count()).toBe(9);
    const header = page.getByTestId('app-header');
    await fits(page, header);
    await shot('header', header);
    await shot('registry');
    await page.getByTestId('menu-open').click();
    const drawer = page.getByRole('dialog');
    await expect.poll(() => drawer.innerText()).toContain('江苏省住房和城乡建设厅');
    await shot('drawer');
    await drawer.getByRole('menuitem', { name: '创建任务书' }).click();
    await page.waitForURL(/\/app\/task-books$/);
    await fits(page, header);
    await switchToEnglish(page);
    await fits(page, header);
    await shot('header-en', header);
  });
});
