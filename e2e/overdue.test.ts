import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedTaskBook } from '../packages/server/src/modules/annual-reports/test-helpers.js';
import { accessibilityProblems, clickAndAwait, newPage, openStage, pickDate, settled, signIn, type Stage } from './support.js';

// On 2013-02-26 every 江苏 pilot of batch 2012 is past its task-book deadline (2013-02-22); two have started their books,
// and 苏州's (pilot-2012-031) is signed for 2013–2015: its 2013 report is owed by 2013-12-31.
let stage: Stage;
const names: Record<string, string> = {};
let reportPilotId: string;
beforeAll(async () => {
  stage = await openStage();
  reportPilotId = (await signedTaskBook(stage.env, 'pilot-2012-031')).pilotId;
  names['pilot-2012-031'] = (await (await stage.env.as('pilot-2012-031.viewer')).get('/api/pilots')).json().items[0].publishedName;
  for (const p of ['pilot-2012-025', 'pilot-2012-026', 'pilot-2012-027']) {
    const editor = await stage.env.as(`${p}.editor`);
    const pilot = (await editor.get('/api/pilots')).json().items[0];
    names[p] = pilot.publishedName;
    if (p !== 'pilot-2012-027') await editor.post(`/api/pilots/${pilot.id}/task-books`);
  }
  stage.env.clock.advance(25 * 86_400_000);
});
afterAll(() => stage?.close());

/** A new page of the journey, signed in as `who`, at `path`. */
async function openAs(journey: string, who: string, path: string) {
  const opened = await newPage(stage, journey);
  await signIn(opened.page, stage.baseUrl, who);
  await opened.page.goto(`${stage.baseUrl}${path}`);
  return opened;
}

const overdueRows = (page: Page) => page.getByTestId('overdue-table').locator('tbody tr[data-row-key]');
const rowOf = (page: Page, name: string) => overdueRows(page).filter({ hasText: name });

describe("the Ministry's overdue list", () => {
  it('extends two pilots with one reason, and they leave the list; a reminder reaches the pilot it was sent to', async () => {
    const ministry = await openAs('overdue-bulk', 'mohurd.reviewer', '/app/dashboard?province=320000');
    await settled(ministry.page);
    for (const p of ['pilot-2012-025', 'pilot-2012-026', 'pilot-2012-027'])
      await expect.poll(() => rowOf(ministry.page, names[p]!).count(), { message: p }).toBe(1);
    expect(await accessibilityProblems(ministry.page)).toEqual([]);

    for (const p of ['pilot-2012-025', 'pilot-2012-026']) await rowOf(ministry.page, names[p]!).getByRole('checkbox').check();
    await expect.poll(() => ministry.page.getByTestId('overdue-selected').innerText()).toBe('已选 2 项');
    await ministry.shot('selected');
    await ministry.page.getByTestId('overdue-extend').click();
    await pickDate(ministry.page, 'overdue-extend-until', '2013-03-31');
    await ministry.page.getByTestId('overdue-extend-reason').fill('专家论证会统一推迟，报送期限延至三月底');
    expect(await accessibilityProblems(ministry.page)).toEqual([]);
    await ministry.shot('extend-dialog');
    await clickAndAwait(ministry.page, 'overdue-extend-confirm', { method: 'POST', path: '/api/extension-grants' });
    for (const p of ['pilot-2012-025', 'pilot-2012-026'])
      await expect.poll(() => rowOf(ministry.page, names[p]!).count(), { message: p }).toBe(0);
    expect(await rowOf(ministry.page, names['pilot-2012-027']!).count()).toBe(1);
    await ministry.shot('extended');

    await rowOf(ministry.page, names['pilot-2012-027']!).getByRole('checkbox').check();
    await ministry.page.getByTestId('overdue-remind').click();
    await clickAndAwait(ministry.page, 'overdue-remind-confirm', { method: 'POST', path: '/api/deadline-reminders' });
    await expect.poll(() => ministry.page.getByTestId('overdue-selected').innerText()).toBe('已选 0 项');
    await ministry.shot('reminded');

    const pilot = await openAs('overdue-bulk', 'pilot-2012-027.viewer', '/app/notifications');
    await expect
      .poll(() => pilot.page.getByTestId('notifications-page-list').innerText())
      .toContain(`${names['pilot-2012-027']}创建任务书已逾期未报送（期限 2013-02-22）`);
    expect(await accessibilityProblems(pilot.page)).toEqual([]);
    await pilot.shot('pilot-notified');
    // the extended pilots were told of their new deadline
    const extended = await openAs('overdue-bulk', 'pilot-2012-025.viewer', '/app/notifications');
    await expect
      .poll(() => extended.page.getByTestId('notifications-page-list').innerText())
      .toContain(`${names['pilot-2012-025']}创建任务书报送期限已延至 2013-03-31`);
  }, 180_000);
});

describe("an annual report's extension", () => {
  it('is asked from the report page by the pilot, granted by the Ministry, and the report shows the new due date', async () => {
    stage.env.clock.advance(new Date('2014-01-02T02:00:00Z').getTime() - stage.env.clock.now().getTime());
    const started = await (await stage.env.as('pilot-2012-031.editor')).post(`/api/pilots/${reportPilotId}/annual-reports`, { year: 2013 });
    const pilot = await openAs('report-extension', 'pilot-2012-031.editor', `/app/annual-reports/${started.json().id as string}`);
    await expect.poll(() => pilot.page.getByTestId('report-due').innerText()).toContain('2013-12-31');
    await expect.poll(() => pilot.page.getByTestId('extension-overdue').innerText()).toContain('年度报告已逾期');
    await pilot.page.getByTestId('extension-request-open').click();
    // the date first: its Enter sends the form, which waits for the reason
    await pickDate(pilot.page, 'extension-request-until', '2014-02-28');
    await pilot.page.getByTestId('extension-request-reason').fill('统计年鉴二月发布，请求延期报送');
    await clickAndAwait(pilot.page, 'extension-request-send', { method: 'POST', path: '/extension-requests' });
    await expect.poll(() => pilot.page.getByTestId('extension-latest').innerText()).toContain('待审批');
    await pilot.shot('requested');

    const ministry = await openAs('report-extension', 'mohurd.reviewer', '/app/todos');
    await ministry.page.getByRole('link', { name: `${names['pilot-2012-031']} · 审批延期申请` }).click();
    await ministry.page.waitForURL(/\/app\/extensions\//);
    await expect.poll(() => ministry.page.getByTestId('extension-page').innerText()).toContain('2013年度自评价报告');
    expect(await accessibilityProblems(ministry.page)).toEqual([]);
    await ministry.page.getByTestId('extension-approve').click();
    await clickAndAwait(ministry.page, 'extension-decide', { method: 'POST', path: '/transitions' });
    await expect.poll(() => ministry.page.getByTestId('extension-status').innerText()).toBe('已同意延期');

    await pilot.page.reload();
    await expect.poll(() => pilot.page.getByTestId('report-due').innerText()).toBe('2014-02-28');
    await pilot.shot('extended');
  }, 180_000);
});
