import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessibilityProblems,
  chineseOutsideNames,
  mapPointOf,
  newPage,
  openStage,
  settled,
  signIn,
  switchToEnglish,
  type Stage,
} from './support.js';

// The overview on the demo programme (batch 1 in motion): figures that open the registry with the same count.
let stage: Stage;
beforeAll(async () => {
  stage = await openStage({ demo: 'programme' });
}, 600_000);
afterAll(() => stage?.close());

const figure = async (page: Page, id: string) =>
  Number((await page.getByTestId(`figure-${id}`).locator('.ant-statistic-content-value').innerText()).replace(/\D/g, ''));
/** The registry's "共 N 条" once its list has loaded. */
const registryTotal = async (page: Page) => {
  await expect.poll(() => page.getByTestId('pilot-table').locator('tbody tr[data-row-key]').count()).toBeGreaterThan(0);
  await settled(page);
  return Number((await page.locator('.ant-pagination-total-text').innerText()).replace(/\D/g, ''));
};

describe('the Ministry overview', () => {
  it('lands there with numbers, and each figure opens the registry with that filter and count', async () => {
    const { page, shot } = await newPage(stage, 'dashboard-ministry');
    await signIn(page, stage.baseUrl, 'mohurd.viewer');
    await page.waitForURL(/\/app\/dashboard$/);
    await settled(page);
    expect(await figure(page, 'pilots')).toBeGreaterThanOrEqual(90);
    await expect.poll(() => page.getByTestId('province-table').locator('tbody tr[data-row-key]').count()).toBeGreaterThan(20);
    await expect.poll(() => page.getByTestId('china-map').locator('canvas').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('overdue-table').locator('tbody tr[data-row-key]').count()).toBeGreaterThan(0);
    await shot('overview');
    expect(await accessibilityProblems(page)).toEqual([]);

    for (const [id, filter] of [
      ['report-overdue', /report=overdue&year=\d{4}/],
      ['task-book-signing', /taskBook=signing/],
      ['open-findings', /findings=open/],
    ] as const) {
      const expected = await figure(page, id);
      expect(expected, id).toBeGreaterThan(0);
      await page.getByTestId(`figure-${id}`).click();
      await page.waitForURL(filter);
      expect(await registryTotal(page), id).toBe(expected);
      await expect.poll(() => page.locator('[data-testid^="fact-"]').count()).toBe(1); // the filter is shown
      await shot(`registry-${id}`);
      await page.goBack();
      await page.waitForURL(/\/app\/dashboard$/);
      await settled(page);
    }

    // a province clicked on the map opens its pilots in the registry
    const jiangsu = page.getByTestId('province-table').locator('tr[data-row-key="320000"]');
    const pilots = Number(await jiangsu.locator('td').nth(2).innerText());
    const onMap = await mapPointOf(page, 'china-map', '江苏省');
    await page.mouse.click(onMap.x, onMap.y);
    await page.waitForURL(/\/app\/pilots\?.*province=320000/);
    expect(await registryTotal(page)).toBe(pilots);
    await page.goBack();
    await page.waitForURL(/\/app\/dashboard$/);
    await settled(page);

    // the map's metric switches; the province table's numbers open the province's list
    await page.getByTestId('map-metric').getByText('任务书签署率（%）').click();
    await expect.poll(() => page.getByRole('figure').getAttribute('aria-label')).toContain('任务书签署率');
    await jiangsu.locator('td').nth(2).getByRole('link').click();
    await page.waitForURL(/province=320000/);
    expect(await registryTotal(page)).toBe(pilots);

    // planned investment by year and source: its table beside the chart, and the pilots whose signed books it sums
    await page.goBack();
    await page.waitForURL(/\/app\/dashboard$/);
    const investment = page.getByTestId('investment');
    await expect.poll(() => investment.getByTestId('investment-table').locator('tbody tr[data-row-key]').count()).toBeGreaterThan(0);
    expect(await investment.locator('thead').innerText()).toMatch(/政府投资[\s\S]*社会资本[\s\S]*银行贷款[\s\S]*其他[\s\S]*合计/);
    const signed = await figure(page, 'task-book-signed');
    await investment.getByRole('link', { name: '已签署任务书的试点' }).click();
    await page.waitForURL(/taskBook=signed/);
    expect(await registryTotal(page)).toBe(signed);
  });

  it('reads in English with no Chinese but names', async () => {
    const { page, shot } = await newPage(stage, 'dashboard-english');
    await page.goto(stage.baseUrl + '/login');
    await switchToEnglish(page);
    await signIn(page, stage.baseUrl, 'mohurd.viewer');
    await page.waitForURL(/\/app\/dashboard$/);
    await settled(page);
    await expect.poll(() => page.getByTestId('figure-pilots').innerText()).toContain('Pilots');
    await shot('overview-en');
    expect(await chineseOutsideNames(page)).toEqual([]);
  });
});

describe('a province and a pilot', () => {
  it("shows the province its own pilots only, each pilot's progress, and a pilot its own", async () => {
    const { page, shot } = await newPage(stage, 'dashboard-province');
    await signIn(page, stage.baseUrl, 'dept-320000.viewer');
    await page.waitForURL(/\/app\/dashboard$/);
    await settled(page);
    expect(await figure(page, 'pilots')).toBe(9);
    await expect.poll(() => page.getByTestId('province-table').locator('tbody tr[data-row-key]').count()).toBe(1);
    await expect.poll(() => page.getByTestId('progress-table').locator('tbody tr[data-row-key]').count()).toBe(9);
    await shot('province-overview');
    expect(await accessibilityProblems(page)).toEqual([]);
    // 无锡市's own progress, on its hub
    await page.getByTestId('progress-table').getByRole('link', { name: '无锡市' }).click();
    await page.waitForURL(/\/app\/pilots\/[0-9a-f-]{36}$/);
    const card = page.getByTestId('pilot-dashboard');
    await expect.poll(() => card.getByTestId('pilot-indicators').locator('tbody tr[data-row-key]').count()).toBeGreaterThan(0);
    await expect.poll(() => card.getByTestId('pilot-funding').locator('tbody tr[data-row-key]').count()).toBeGreaterThan(0);
    await settled(page);
    await shot('pilot-progress');
    expect(await accessibilityProblems(page)).toEqual([]);
  });
});

describe('indicator analytics', () => {
  /** Each row's year and pilot count of a summary table (the count is the table's first number column). */
  const counts = async (page: Page, testId: string) => {
    const rows = page.getByTestId(testId).locator('tbody tr[data-row-key]');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    return rows.evaluateAll((trs) =>
      trs.map((tr) => {
        const cells = [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '');
        return { key: tr.getAttribute('data-row-key') ?? '', cells };
      }),
    );
  };

  it('opens from the overview and the indicator tree, switches cohorts, and shows the pilots behind each figure', async () => {
    const { page, shot } = await newPage(stage, 'indicator-analytics');
    await signIn(page, stage.baseUrl, 'mohurd.viewer');
    await page.waitForURL(/\/app\/dashboard$/);
    await page.getByTestId('dashboard-analytics').click();
    await page.waitForURL(/\/app\/indicators\/analytics$/);
    await settled(page);
    // from the indicator tree: 1.2.1 无线网络, a quantitative indicator every batch-1 task book carries
    await page.goto(`${stage.baseUrl}/app/indicators`);
    await page.getByTestId('analyse-1.2.1').click();
    await page.waitForURL(/\/app\/indicators\/analytics\?indicator=[0-9a-f-]{36}$/);
    await settled(page);
    const years = await counts(page, 'analytics-years');
    // year, pilots, min, q1, median, q3, max: the demo's accepted reports of 2013–2015
    expect(years.map((r) => r.key)).toEqual(expect.arrayContaining(['2013', '2014']));
    const pilotsIn = new Map(years.map((r) => [r.key, Number(r.cells[1])]));
    for (const n of pilotsIn.values()) expect(n).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('analytics-chart').locator('canvas').count()).toBeGreaterThan(0);
    await shot('by-batch');
    expect(await accessibilityProblems(page)).toEqual([]);

    // by kind: the cohorts' pilots of a year add up to the year's pilots (every pilot is of one kind)
    await page.getByTestId('analytics-cohort').getByText('按类型').click();
    await page.waitForURL(/cohort=kind/);
    await settled(page);
    await expect.poll(() => page.getByTestId('analytics-cohorts').innerText()).toContain('区');
    const byKind = await counts(page, 'analytics-cohorts');
    const added = new Map<string, number>();
    for (const r of byKind) {
      // a cohort's first row carries its name cell: year and pilots are then one column further
      const [year, pilots] = r.cells.length === 8 ? [r.cells[1]!, r.cells[2]!] : [r.cells[0]!, r.cells[1]!];
      added.set(year, (added.get(year) ?? 0) + Number(pilots));
    }
    expect(added).toEqual(pilotsIn);
    await shot('by-kind');
    expect(await accessibilityProblems(page)).toEqual([]);
  });
});

describe('the city platform in the annual report', () => {
  it('shows 无锡’s platform values with evidence that opens the year’s figures, and the platform year by year', async () => {
    const { page, shot } = await newPage(stage, 'platform-values');
    await signIn(page, stage.baseUrl, 'dept-320000.viewer');
    const pilotId = (await (await stage.env.as('pilot-2012-025.viewer')).get('/api/pilots')).json().items[0].id as string;
    const reports = await (await stage.env.as('dept-320000.viewer')).get(`/api/annual-reports?year=2015&pilot=${pilotId}`);
    const report = (reports.json().items as { id: string; pilot: { id: string } }[]).find((r) => r.pilot.id === pilotId)!;
    await page.goto(`${stage.baseUrl}/app/annual-reports/${report.id}`);
    const card = page.getByTestId('report-platform-values');
    await expect.poll(() => card.getByTestId('platform-value-1.3.1').innerText()).toBe('100 %');
    await expect.poll(() => page.getByTestId('report-trace').locator('tbody tr[data-row-key]').count()).toBeGreaterThan(0);
    await settled(page);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('report');
    // the 1.3.2 evidence: the year's figures, whose digest is the one the report cites
    const cited = (await (await stage.env.as('dept-320000.viewer')).get(`/api/annual-reports/${report.id}/platform-values`)).json();
    await card.getByTestId('platform-evidence-1.3.2').click();
    await page.waitForURL(new RegExp(`/app/platform/years/${pilotId}/2015$`));
    await expect.poll(() => page.getByTestId('platform-year-digest').innerText()).toContain(cited.figures.digest);
    await expect.poll(() => page.getByTestId('platform-year-linked').locator('tbody tr[data-row-key]').count()).toBe(4);
    await settled(page);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('year');
    // the overview draws the years, 2013 to now, in English too
    await page.goto(`${stage.baseUrl}/app/platform`);
    await expect.poll(() => page.getByTestId('platform-years').locator('tbody tr[data-row-key]').count()).toBeGreaterThan(10);
    await switchToEnglish(page);
    await expect.poll(() => page.getByTestId('platform-years').innerText()).toContain('(so far)');
    await settled(page);
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(await chineseOutsideNames(page)).toEqual([]);
    await shot('years-en');
  });
});

describe('the annual reports of the whole programme', () => {
  it('pages the Ministry’s list on the server, with its total, and sorts it there', async () => {
    const { page, shot } = await newPage(stage, 'annual-report-list');
    await signIn(page, stage.baseUrl, 'mohurd.viewer');
    const { total, items } = (await (await stage.env.as('mohurd.viewer')).get('/api/annual-reports?sort=year&pageSize=1')).json();
    expect(total).toBeGreaterThan(10);
    await page.goto(`${stage.baseUrl}/app/annual-reports?pageSize=10`);
    const rows = page.getByTestId('report-table').locator('tbody tr[data-row-key]');
    await expect.poll(() => rows.count()).toBe(10);
    await expect.poll(() => page.getByText(`共 ${total} 份报告`).count()).toBe(1);
    await page.getByTestId('report-table').locator('th', { hasText: '年度' }).click();
    await page.waitForURL(/sort=year/);
    await expect.poll(() => rows.first().locator('td').nth(2).innerText()).toBe(String(items[0].year));
    await page.locator('.ant-pagination-item-2').click();
    await page.waitForURL(/page=2/);
    await settled(page);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('page-2-by-year');
  });
});
