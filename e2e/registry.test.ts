import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPage, openStage, signIn, type Stage } from './support.js';

let stage: Stage;
beforeAll(async () => {
  stage = await openStage();
});
afterAll(() => stage?.close());

describe('the public portal, without sign-in', () => {
  it('shows the first batch as 附件1 publishes it, and the map', async () => {
    const { page, shot } = await newPage(stage, 'public');
    await page.goto(stage.baseUrl + '/');
    const list = page.getByTestId('public-list');
    await expect.poll(() => list.innerText()).toContain('第一批国家智慧城市试点名单');
    await expect.poll(() => page.locator('[data-testid^="public-province-"]').count()).toBe(28);
    const beijing = await page.getByTestId('public-province-110000').innerText();
    expect(beijing).toContain('北京市');
    expect(beijing).toContain('北京东城区、北京市朝阳区、北京未来科技城、北京市丽泽商务区');
    expect(await page.getByTestId('public-province-320000').innerText()).toContain('昆山市张浦镇');
    await expect.poll(() => page.getByTestId('china-map').locator('canvas').count()).toBeGreaterThan(0);
    await shot('public-list-and-map');
    // nothing non-public: the registry sends an anonymous visitor to sign in
    await page.goto(stage.baseUrl + '/app/pilots');
    await page.waitForURL(/\/login/);
  });
});

describe('a province in the registry', () => {
  it('signs in, sees only its pilots, filters, opens one and signs out', async () => {
    const { page, shot } = await newPage(stage, 'province');
    await signIn(page, stage.baseUrl, 'dept-320000.reviewer');
    await expect.poll(() => page.getByTestId('user-org-name').innerText()).toContain('江苏省住房和城乡建设厅');
    const rows = page.getByTestId('pilot-table').locator('tbody tr[data-row-key]');
    await expect.poll(() => rows.count()).toBe(9);
    const text = await page.getByTestId('pilot-table').innerText();
    expect(text).toContain('无锡市');
    expect(text).not.toContain('北京东城区');
    await expect.poll(() => page.getByTestId('china-map').locator('canvas').count()).toBeGreaterThan(0);
    await shot('registry-jiangsu');

    // filter by kind: 镇
    await page.getByTestId('filter-kind').click();
    await page.locator('.ant-select-item-option', { hasText: /^镇$/ }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('昆山市张浦镇');
    expect(page.url()).toContain('kind=town');
    await shot('filtered-town');

    // search by name
    await page.goto(stage.baseUrl + '/app/pilots');
    // antd puts the test id on the <input> itself (inside its affix wrapper)
    const search = page.locator('input[data-testid="filter-search"], [data-testid="filter-search"] input').first();
    await search.fill('苏州');
    await search.press('Enter');
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().click();
    await page.waitForURL(/\/app\/pilots\/[0-9a-f-]{36}/);
    const detail = page.getByTestId('pilot-detail');
    await expect.poll(() => detail.innerText()).toContain('苏州工业园区');
    expect(await detail.innerText()).toContain('江苏省住房和城乡建设厅');
    await shot('pilot-detail');

    await page.getByTestId('signout').click();
    await page.waitForURL((url) => url.pathname === '/');
    const session = await page.request.get(stage.baseUrl + '/api/session');
    expect(session.status()).toBe(401);
  });
});
