import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisations } from '../packages/server/src/db/schema.js';
import { notify } from '../packages/server/src/shared/notify.js';
import { accessibilityProblems, choose, clickAndAwait, clickUntil, newPage, openStage, signIn, type Stage } from './support.js';

// A province's inbox: the registrations waiting for it, and its notifications page.
let stage: Stage;
beforeAll(async () => {
  stage = await openStage();
});
afterAll(() => stage?.close());

const register = async (organisationName: string, adminCode: string) => {
  const res = await stage.env
    .anonymous()
    .post('/api/applicants', { organisationName, provinceCode: '320000', adminCode, displayName: '注册人', password: 'Register-2013-pw' });
  expect(res.statusCode, res.body).toBe(201);
};

describe('a province deciding on registrations', () => {
  it('approves one registration and refuses another with a reason, each confirmed', async () => {
    await register('南通市人民政府', '320600');
    await register('连云港市人民政府', '320700');
    const { page, shot } = await newPage(stage, 'applicants');
    await signIn(page, stage.baseUrl, 'dept-320000.admin');
    await page.getByRole('menuitem', { name: '注册审核' }).click();
    await page.waitForURL(/\/app\/applicants$/);
    await expect.poll(() => page.title()).toBe('注册审核 - 国家智慧城市试点管理平台');
    const rows = page.getByTestId('applicant-table').locator('tbody tr[data-row-key]');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await page.getByTestId('applicant-table').innerText()).toContain('南通市人民政府');
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('pending');

    await page.getByTestId('approve-APPL-320600').click();
    // (antd spaces two-character Chinese button labels: 通 过)
    await clickAndAwait(page, page.getByRole('dialog').getByRole('button', { name: /^通\s?过$/ }), {
      method: 'POST',
      path: '/api/applicants/',
    });
    await expect.poll(() => rows.count()).toBe(1);

    await page.getByTestId('refuse-APPL-320700').click();
    // the reason is required (the click sends nothing without one, so a click lost to the opening dialog is repeated)
    await clickUntil(page.getByRole('dialog').getByRole('button', { name: '不予通过' }), async () => {
      return (await page.getByText('请填写不予通过的理由').count()) === 1;
    });
    await page.getByTestId('refuse-reason').fill('行政区划代码与申报单位不符');
    await clickAndAwait(page, page.getByRole('dialog').getByRole('button', { name: '不予通过' }), {
      method: 'POST',
      path: '/api/applicants/',
    });
    await expect.poll(() => rows.count()).toBe(0);
    await shot('decided');

    // the decisions took effect for the applicants themselves
    const listed = (await (await stage.env.as('dept-320000.viewer')).get('/api/applicants')).json().items as {
      code: string;
      status: string;
    }[];
    expect(listed.find((a) => a.code === 'APPL-320600')?.status).toBe('active');
    expect(listed.find((a) => a.code === 'APPL-320700')?.status).toBe('refused');
  });
});

describe('the notifications page', () => {
  it('filters by kind of record, opens one and marks everything read', async () => {
    const db = stage.env.database.db;
    const [jiangsu] = await db.select().from(organisations).where(eq(organisations.code, 'DEPT-320000'));
    await db.transaction(async (tx) => {
      for (const pilot of ['无锡市', '常州市', '镇江市'])
        await notify(tx, jiangsu!.id, { kind: 'taskBook.submit', subject: { type: 'taskBook', id: randomUUID() }, params: { pilot } });
      for (const pilot of ['南京市', '苏州市'])
        await notify(tx, jiangsu!.id, {
          kind: 'annualReport.submit',
          subject: { type: 'annualReport', id: randomUUID() },
          params: { pilot },
        });
    });
    const { page, shot } = await newPage(stage, 'notifications');
    await signIn(page, stage.baseUrl, 'dept-320000.reviewer');
    await page.getByTestId('notifications').click();
    await page.getByTestId('notifications-view-all').click();
    await page.waitForURL(/\/app\/notifications$/);
    await expect.poll(() => page.title()).toBe('通知 - 国家智慧城市试点管理平台');
    const items = page.getByTestId('notifications-page-item');
    await expect.poll(() => items.locator('xpath=self::*[@data-read="false"]').count()).toBeGreaterThanOrEqual(5);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('all');

    await choose(page, 'notifications-type', '年度报告');
    await expect.poll(() => items.count()).toBe(2);
    expect(await page.getByTestId('notifications-page-list').innerText()).toContain('苏州市');
    await shot('annual-reports');

    const readAll = page.getByTestId('notifications-read-all');
    await readAll.click();
    await expect.poll(() => page.getByTestId('notifications').getAttribute('data-unread')).toBe('0');
    // the bell's count and the list are two queries: the list may follow a moment later
    await expect.poll(() => items.locator('xpath=self::*[@data-read="false"]').count()).toBe(0);
    await expect.poll(() => readAll.isDisabled()).toBe(true);
    // read for this reader only
    expect((await (await stage.env.as('dept-320000.viewer')).get('/api/notifications')).json().unread).toBeGreaterThanOrEqual(5);

    await items.first().getByRole('button', { name: '查看' }).click();
    await page.waitForURL(/\/app\/annual-reports\/[0-9a-f-]{36}$/);
    await shot('opened');
  });
});
