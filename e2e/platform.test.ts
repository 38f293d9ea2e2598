import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '../packages/server/src/lib/clock.js';
import { startWebhookDispatcher } from '../packages/server/src/modules/platform/webhooks.js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessibilityProblems,
  choose,
  clickAndAwait,
  fill,
  newPage,
  openStage,
  pick,
  pickDateAndSend,
  settled,
  signIn,
  type Stage,
} from './support.js';

// 无锡's city platform: 市场监督管理局 lists a 有条件共享 resource, publishes it and loads a CSV (two bad rows, the good ones
// loaded); 人社局 asks for four of its fields; the provider grants two until 31 March; 人社局's administrator issues an API
// key, which reads those two fields only — until the grant expires.
let stage: Stage;
beforeAll(async () => {
  stage = await openStage();
});
afterAll(() => stage?.close());

const DAY = 86_400_000;
const NAME = '市场主体登记信息';
const FIELDS: { name: string; label: string; type?: string; personal?: true; indexed?: true }[] = [
  { name: 'uscc', label: '统一社会信用代码' }, // the first row: key and required already
  { name: 'name', label: '名称' },
  { name: 'legal_person', label: '法定代表人', personal: true },
  { name: 'phone', label: '联系电话', personal: true },
  { name: 'capital', label: '注册资本（万元）', type: '小数', indexed: true },
  { name: 'registered_on', label: '成立日期', type: '日期' },
];
// lines 4 and 5 are bad: a capital that is no number, a day that is no date
const CSV = [
  'uscc,name,legal_person,phone,capital,registered_on',
  '91320200MA1A000001,无锡甲科技有限公司,张三丰,13812345678,500,2015-03-02',
  '91320200MA1A000002,无锡乙贸易有限公司,李四,13900001111,120.5,2016-07-19',
  '91320200MA1A000003,无锡丙制造有限公司,王五,13700002222,abc,2014-01-08',
  '91320200MA1A000004,无锡丁服务有限公司,赵六,13600003333,80,2013-13-40',
  '91320200MA1A000005,无锡戊物流有限公司,钱七,13500004444,300,2017-05-05',
].join('\n');

/** A department's user signs in and lands on the catalog. */
async function signInToCatalog(stage: Stage, journey: string, username: string) {
  const session = await newPage(stage, journey);
  await signIn(session.page, stage.baseUrl, username);
  await session.page.waitForURL(/\/app\/platform\/resources$/);
  await settled(session.page);
  return session;
}

const rowTexts = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"] tbody tr.ant-table-row`).allInnerTexts();

describe('the city public information platform', () => {
  it('lists, loads, shares a resource conditionally and serves it to an API key until the grant expires', async () => {
    // ——— 市场监督管理局 lists the resource in the catalog (a draft), through the form ———
    const provider = await signInToCatalog(stage, 'platform-provider', 'wuxi-scjgj.editor');
    const p = provider.page;
    expect(await accessibilityProblems(p)).toEqual([]);
    await p.getByTestId('resource-new').click();
    const dialog = p.getByRole('dialog');
    await fill(p, 'resource-classification', '2-02-001-001');
    await fill(p, 'resource-name', NAME);
    await fill(p, 'resource-summary', '本市登记的企业、个体工商户等市场主体的基本信息。');
    for (const [i, f] of FIELDS.entries()) {
      if (i > 0) await p.getByTestId('field-add').click();
      await fill(p, `field-name-${i}`, f.name);
      await fill(p, `field-label-${i}`, f.label);
      if (f.type) await choose(p, `field-type-${i}`, f.type);
      if (f.personal) await p.getByTestId(`field-personal-${i}`).check();
      if (f.indexed) await p.getByTestId(`field-indexed-${i}`).check();
    }
    await fill(p, 'resource-condition', '用于就业、社保业务核验，不得向第三方提供');
    expect(await accessibilityProblems(p)).toEqual([]);
    await provider.shot('new-resource');
    await clickAndAwait(p, 'resource-save', { method: 'POST', path: '/api/platform/resources' });
    await p.waitForURL(/\/app\/platform\/resources\/[0-9a-f-]{36}$/);
    const resourceId = p.url().split('/').at(-1)!;
    await expect.poll(() => p.getByTestId('resource-code').innerText()).toBe('2-02-001-001/WUXI-SCJGJ/0001');
    expect(await dialog.count()).toBe(0);
    expect(await p.getByTestId('resource-status').innerText()).toBe('草稿');

    // ——— publishes it, and loads the CSV keeping the good rows: the two bad ones reported by line and field ———
    await clickAndAwait(p, 'resource-action-publish', { method: 'POST', path: '/transitions' });
    await expect.poll(() => p.getByTestId('resource-status').innerText()).toBe('已发布');
    await p.getByTestId('load-policy').getByText('只装载合格行').click();
    await p
      .locator('[data-testid="load-file"] input[type=file]')
      .setInputFiles({ name: '市场主体.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await expect.poll(() => p.getByTestId('load-file-name').innerText()).toBe('市场主体.csv');
    await clickAndAwait(p, 'load-start', { method: 'POST', path: `/api/platform/resources/${resourceId}/loads` });
    await expect.poll(() => p.getByTestId('load-outcome').innerText()).toContain('已装载合格行：新增 3 条');
    expect(await p.getByTestId('load-rejected').innerText()).toBe('2');
    const problems = await rowTexts(p, 'load-problems');
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^4\s+注册资本（万元） \(capital\)\s+不是数值$/);
    expect(problems[1]).toMatch(/^5\s+成立日期 \(registered_on\)\s+不是日期（YYYY-MM-DD）$/);
    await expect.poll(() => p.getByTestId('resource-rows').innerText()).toBe('3');
    await expect.poll(() => p.getByTestId('resource-freshness').innerText()).toBe('数据及时');
    await expect.poll(() => rowTexts(p, 'resource-sample')).toHaveLength(3);
    await expect.poll(() => rowTexts(p, 'load-history')).toHaveLength(1);
    await settled(p);
    expect(await accessibilityProblems(p)).toEqual([]);
    await provider.shot('loaded');

    // ——— 人社局 finds it (有条件共享), cannot read it yet, and asks for four fields until the end of the year ———
    const consumer = await signInToCatalog(stage, 'platform-consumer', 'wuxi-rsj.editor');
    const c = consumer.page;
    await pick(c, 'filter-sharingClass', /有条件共享/, /sharingClass=conditional/);
    await c.getByTestId('resource-link').filter({ hasText: '2-02-001-001/WUXI-SCJGJ/0001' }).click();
    await c.waitForURL(new RegExp(`/app/platform/resources/${resourceId}$`));
    await expect.poll(() => c.getByTestId('resource-no-read').innerText()).toContain('提出共享申请');
    expect(await c.getByTestId('resource-sample').count()).toBe(0);
    await c.getByTestId('sharing-request-open').click();
    const ask = c.getByRole('dialog');
    await fill(c, 'sharing-request-purpose', '核验参保单位登记信息');
    for (const f of ['uscc', 'name', 'legal_person', 'capital']) await ask.getByRole('checkbox', { name: `(${f})` }).check();
    expect(await accessibilityProblems(c)).toEqual([]);
    await consumer.shot('request');
    await pickDateAndSend(c, 'sharing-request-until', '2013-12-31', 'sharing-request-send', {
      method: 'POST',
      path: `/api/platform/resources/${resourceId}/sharing-requests`,
    });
    await c.waitForURL(/\/app\/platform\/sharing-requests\?side=consumer$/);
    const asked = c.getByTestId('sharing-row').filter({ hasText: NAME });
    await expect.poll(() => asked.innerText()).toContain('待答复');
    // ten working days from Friday 1 February 2013, the Spring Festival off and its make-up weekend worked
    expect(await asked.innerText()).toContain('2013-02-20');
    await settled(c);
    expect(await accessibilityProblems(c)).toEqual([]);

    // ——— the provider's reviewer grants two of the four fields, until 31 March ———
    const reviewer = await signInToCatalog(stage, 'platform-reviewer', 'wuxi-scjgj.reviewer');
    const r = reviewer.page;
    await r.getByRole('menuitem', { name: '共享申请' }).click();
    await r.waitForURL(/\/app\/platform\/sharing-requests$/);
    const request = r.getByTestId('sharing-row').filter({ hasText: NAME });
    await expect.poll(() => request.innerText()).toContain('人力资源和社会保障局');
    await request.getByTestId('sharing-approve').click();
    const approve = r.getByRole('dialog');
    // the dialog names the fields once the resource has loaded: once (CI, 6 December) a click while it loaded did not take
    await settled(r);
    for (const f of ['name', 'capital']) await approve.getByRole('checkbox', { name: `(${f})` }).uncheck();
    expect(await accessibilityProblems(r)).toEqual([]);
    await reviewer.shot('approve');
    await pickDateAndSend(r, 'sharing-approve-expires', '2013-03-31', 'sharing-approve-confirm', { method: 'POST', path: '/transitions' });
    await expect.poll(() => request.innerText()).toContain('已授权');
    expect(await request.getByTestId('sharing-expires').innerText()).toBe('有效期至 2013-03-31');
    expect(await request.innerText()).toContain('uscc、legal_person');
    await settled(r);
    expect(await accessibilityProblems(r)).toEqual([]);
    await reviewer.shot('approved');

    // ——— 人社局's administrator issues an API key for it; the token is shown once ———
    const admin = await signInToCatalog(stage, 'platform-admin', 'wuxi-rsj.admin');
    const a = admin.page;
    await a.getByRole('menuitem', { name: 'API 密钥' }).click();
    await a.waitForURL(/\/app\/platform\/api-keys$/);
    await settled(a);
    expect(await accessibilityProblems(a)).toEqual([]);
    await a.getByTestId('api-key-new').click();
    await fill(a, 'api-key-name', '社保核验系统');
    await choose(a, 'api-key-resources', NAME, { multiple: true });
    await pickDateAndSend(a, 'api-key-expires', '2013-12-31', 'api-key-create', { method: 'POST', path: '/api/platform/api-keys' });
    const token = (await a.getByTestId('api-key-token').innerText()).trim();
    expect(token).toMatch(/^sck_[\w-]{43}$/);
    expect(await accessibilityProblems(a)).toEqual([]);
    await admin.shot('token');
    await a.getByTestId('api-key-token-done').click();
    await expect.poll(() => rowTexts(a, 'api-key-table')).toEqual([expect.stringContaining('社保核验系统')]);

    // ——— 民政局 asks too (through the API) and nobody answers: past its ten working days the request escalates to the
    // pilot government (the platform's administrator), which sees its departments and settles the request in their place ———
    const mzj = await stage.env.as('wuxi-mzj.editor');
    const late = await mzj.post(`/api/platform/resources/${resourceId}/sharing-requests`, {
      purpose: '核验低保申请人名下市场主体',
      fields: ['uscc', 'name'],
      until: '2013-06-30',
    });
    expect(late.statusCode, late.body).toBe(201);
    stage.env.clock.advance(20 * DAY); // 2013-02-21: past its answer date, 2013-02-20
    const government = await newPage(stage, 'platform-government');
    const g = government.page;
    await signIn(g, stage.baseUrl, 'pilot-2012-025.admin');
    await g.getByRole('menuitem', { name: '平台概况' }).click();
    await g.waitForURL(/\/app\/platform$/);
    // its own platform's health: one department of its ten provides a published resource; the request is overdue
    await expect.poll(() => rowTexts(g, 'health-table')).toEqual([expect.stringMatching(/^无锡市\s+1 \/ \d+\s+1（无条件 0，有条件 1/)]);
    expect(await rowTexts(g, 'health-table')).toEqual([expect.stringMatching(/1（逾期 1）/)]);
    const scjgj = g.getByTestId('department-table').locator('tbody tr').filter({ hasText: 'WUXI-SCJGJ' });
    await expect.poll(() => scjgj.innerText()).toMatch(/市场监督管理局\s+1\s+1/);
    const escalated = g.getByTestId('escalated-table').getByTestId('sharing-row');
    await expect.poll(() => escalated.allInnerTexts()).toEqual([expect.stringMatching(/民政局[\s\S]*2013-02-20\s+逾期上报/)]);
    await settled(g);
    expect(await accessibilityProblems(g)).toEqual([]);
    await government.shot('escalated');
    await escalated.getByTestId('sharing-refuse').click();
    await fill(g, 'sharing-reason', '该资源不含低保核验所需信息，请向民政部门数据资源申请');
    await clickAndAwait(g, 'sharing-reason-confirm', { method: 'POST', path: '/transitions' });
    await expect.poll(() => escalated.count()).toBe(0);
    // (signed in again: twenty days is longer than a session)
    const refused = (await (await stage.env.as('wuxi-mzj.editor')).get(`/api/platform/sharing-requests/${late.json().id}`)).json();
    expect(refused).toMatchObject({ status: 'refused', decisionReason: '该资源不含低保核验所需信息，请向民政部门数据资源申请' });

    // ——— the key reads the two granted fields only; past the grant's expiry the next call is refused ———
    const call = () =>
      stage.env.anonymous().request('POST', `/api/platform/resources/${resourceId}/query`, {}, { authorization: `Bearer ${token}` });
    const ok = await call();
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().fields).toEqual(['uscc', 'legal_person']);
    expect(ok.json().items).toHaveLength(3);
    expect(ok.json().items[0]).toEqual({ uscc: '91320200MA1A000001', legal_person: '张三丰' });
    stage.env.clock.advance(40 * DAY); // 2013-04-02: past 31 March, the key itself still valid
    const expired = await call();
    expect(expired.statusCode, expired.body).toBe(403);
    expect(expired.json().error.code).toBe('no_live_grant');

    // ——— the Ministry sees how each city platform is doing, never its records ———
    const ministry = await newPage(stage, 'platform-ministry');
    const mp = ministry.page;
    await signIn(mp, stage.baseUrl, 'mohurd.viewer');
    await mp.getByRole('menuitem', { name: '平台概况' }).click();
    await mp.waitForURL(/\/app\/platform$/);
    await expect.poll(() => rowTexts(mp, 'health-table')).toEqual([expect.stringMatching(/^无锡市/), expect.stringMatching(/^常州市/)]);
    expect(await mp.getByTestId('department-table').count()).toBe(0);
    await settled(mp);
    expect(await accessibilityProblems(mp)).toEqual([]);
    await ministry.shot('health');

    // ——— the provider sees who used it in the last thirty days: the refused call, by 人社局's key ———
    const owner = await signInToCatalog(stage, 'platform-usage', 'wuxi-scjgj.editor');
    const o = owner.page;
    await o.goto(`${stage.baseUrl}/app/platform/resources/${resourceId}`);
    await expect
      .poll(() => rowTexts(o, 'usage-by-consumer'))
      .toEqual(expect.arrayContaining([expect.stringMatching(/人力资源和社会保障局\s+1\s+1\s+0/)]));
    expect(await o.getByTestId('usage-consumer-chart').count()).toBe(1);
    await settled(o);
    expect(await accessibilityProblems(o)).toEqual([]);
    await owner.shot('usage');
  }, 300_000);
});

describe('open data on the portal', () => {
  it('a visitor finds a city’s open dataset, filters by department and downloads it with personal information masked', async () => {
    // 民政局 opens its 养老服务机构 list: published, shared unconditionally, flagged open data, loaded
    const provider = await stage.env.as('wuxi-mzj.editor');
    const made = await provider.post('/api/platform/resources', {
      classification: '2-02-003-009',
      name: '养老服务机构名录',
      summary: '本市养老服务机构的名称、地址和床位数。',
      themes: ['养老服务'],
      fields: [
        { name: 'org_code', label: '机构编码', type: 'string', key: true },
        { name: 'name', label: '机构名称', type: 'string' },
        { name: 'phone', label: '联系电话', type: 'string', personal: true },
        { name: 'beds', label: '床位数', type: 'integer' },
      ],
      format: '结构化数据',
      updateCycle: 'monthly',
      sharingClass: 'unconditional',
      sharingMethod: 'api',
      openData: true,
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as string;
    expect((await provider.post(`/api/platform/resources/${id}/transitions`, { action: 'publish' })).statusCode).toBe(200);
    const csv = 'org_code,name,phone,beds\nYL001,梁溪区社会福利中心,13812345678,320\nYL002,滨湖区颐养院,13900001111,180\n';
    expect((await provider.upload(`/api/platform/resources/${id}/loads`, 'yl.csv', Buffer.from(csv))).json().status).toBe('done');

    const { page, shot } = await newPage(stage, 'open-data');
    await page.goto(stage.baseUrl + '/');
    await page.getByTestId('portal-open-data').click();
    await page.waitForURL(/\/open-data$/);
    const item = page.locator('[data-testid^="open-dataset-"]').filter({ hasText: '养老服务机构名录' });
    await expect.poll(() => item.innerText()).toMatch(/无锡市[\s\S]*无锡市民政局[\s\S]*2 条记录/);
    // by department: its own department's filter keeps it, alone
    await pick(page, 'open-data-department', /无锡市民政局/, /organization=wuxi-mzj/);
    await expect.poll(() => page.locator('[data-testid^="open-dataset-"]').count()).toBe(1);
    await settled(page);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('catalog');
    const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), item.getByRole('link', { name: /CSV/ }).click()]);
    const text = await readFile((await file.path())!, 'utf8');
    expect(text).toContain('梁溪区社会福利中心');
    expect(text).toContain('138****5678');
    expect(text).not.toContain('13812345678');
    // a search that matches nothing says so
    await page.getByTestId('open-data-search').locator('input').fill('不存在的数据');
    await page.getByTestId('open-data-search').locator('input').press('Enter');
    await expect.poll(() => page.getByTestId('open-data-list').innerText()).toContain('没有符合条件的开放数据');
  });
});

describe('change subscriptions', () => {
  it('a department subscribes its system, sees each delivery, and a failing endpoint paused, then resumed with what it missed', async () => {
    // two endpoints of 人社局's system: one answers, one fails until it is mended
    let mended = false;
    const got: string[] = [];
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        got.push(req.url ?? '');
        res.statusCode = req.url === '/failing' && !mended ? 503 : 200;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // this stage runs no dispatcher of its own (tests start theirs): one as a city's intranet deployment would run it
    const dispatcher = startWebhookDispatcher(stage.env.database.db, systemClock, {
      intervalMs: 100,
      timeoutMs: 2_000,
      retryBaseMs: 100,
      pauseAfter: 3,
      allowPrivate: true,
      concurrency: 10,
      onError: () => undefined,
    });
    try {
      const provider = await stage.env.as('wuxi-jtj.editor');
      const made = await provider.post('/api/platform/resources', {
        classification: '2-06-009-001',
        name: '公交站点实时客流',
        summary: '公交站点的实时客流数据。',
        themes: ['交通'],
        fields: [
          { name: 'stop_id', label: '站点编号', type: 'string', key: true },
          { name: 'riders', label: '客流', type: 'integer' },
        ],
        format: '结构化数据',
        updateCycle: 'realtime',
        sharingClass: 'unconditional',
        sharingMethod: 'api',
      });
      const id = made.json().id as string;
      expect((await provider.post(`/api/platform/resources/${id}/transitions`, { action: 'publish' })).statusCode).toBe(200);
      const write = (stop: string) =>
        provider.post(`/api/platform/resources/${id}/records`, { upsert: [{ stop_id: stop, riders: 12 }], delete: [] });

      const { page, shot } = await signInToCatalog(stage, 'subscriptions', 'wuxi-rsj.editor');
      await page.goto(`${stage.baseUrl}/app/platform/resources/${id}`);
      for (const path of ['/ok', '/failing']) {
        await page.getByTestId('subscribe').click();
        await fill(page, 'subscribe-url', base + path);
        await clickAndAwait(page, 'subscribe-ok', { method: 'POST', path: '/subscriptions' });
        expect(await page.getByTestId('subscription-secret').innerText()).toMatch(/^[0-9a-f]{64}$/);
        await page.getByTestId('subscription-secret-done').click();
      }
      await expect.poll(() => rowTexts(page, 'subscription-table')).toHaveLength(2);
      expect((await write('S1')).statusCode).toBe(200);
      const failing = page.getByTestId('subscription-table').locator('tr.ant-table-row').filter({ hasText: '/failing' });
      await expect.poll(() => failing.innerText(), { timeout: 30_000 }).toContain('已暂停（连续失败 3 次）');
      expect((await write('S2')).statusCode).toBe(200); // missed while paused
      const ok = page.getByTestId('subscription-table').locator('tr.ant-table-row').filter({ hasText: '/ok' });
      await ok.click(); // its deliveries
      await expect
        .poll(() => rowTexts(page, 'delivery-table'), { timeout: 30_000 })
        .toEqual([expect.stringMatching(/增量写入\s+1\s+已送达\s+1\s+200/), expect.stringMatching(/增量写入\s+1\s+已送达\s+1\s+200/)]);
      await settled(page);
      expect(await accessibilityProblems(page)).toEqual([]);
      await shot('paused');
      mended = true;
      await clickAndAwait(page, failing.getByTestId('subscription-resume'), { method: 'POST', path: '/transitions' });
      await expect.poll(() => failing.innerText(), { timeout: 30_000 }).toMatch(/正常推送\s+0/);
      expect(got.filter((u) => u === '/failing')).toHaveLength(3 + 2);
    } finally {
      await dispatcher.stop();
      server.closeAllConnections();
      server.close();
    }
  }, 180_000);
});
