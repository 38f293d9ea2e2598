import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessibilityProblems,
  clickAndAwait,
  confirmTransition,
  field,
  fill,
  newPage,
  openStage,
  pickDate,
  signIn,
  type Stage,
} from './support.js';

let stage: Stage;
beforeAll(async () => {
  stage = await openStage();
});
afterAll(() => stage?.close());

async function signOut(page: Page) {
  await page.getByTestId('signout').click();
  await page.waitForURL((url) => url.pathname === '/');
}

const status = (page: Page) => page.getByTestId('application-status').innerText();

/** A tiny file the server takes for a PDF: it checks the content, not just the name. */
const pdf = (name: string) => ({
  name,
  mimeType: 'application/pdf',
  buffer: Buffer.from(`%PDF-1.4\n% ${name}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n`),
});

/** Demo experts by display name (the Ministry sees names; they sign in with usernames). */
const EXPERT_USERNAMES: Record<string, string> = {
  '张伟（专家，上海）': 'expert.zhang',
  '李娜（专家，广东）': 'expert.li',
  '王强（专家，四川）': 'expert.wang',
  '赵敏（专家，湖北）': 'expert.zhao',
  '陈静（专家，江苏）': 'expert.chen',
  '住房和城乡建设部智慧城市专家委员会（审核）': 'experts.reviewer',
};

let callUrl = '';
let appUrl = '';
let appId = '';

describe('a call for applications, from the Ministry’s call to a designated pilot', () => {
  it('the Ministry admin creates the 2013 call and opens it', async () => {
    const { page, shot } = await newPage(stage, 'application/1-ministry-call');
    await signIn(page, stage.baseUrl, 'mohurd.admin');
    await page.goto(`${stage.baseUrl}/app/calls`);
    await page.getByTestId('call-create').click();
    await fill(page, 'call-field-year', 2013);
    await fill(page, 'call-field-title', '2013年度国家智慧城市试点申报');
    await pickDate(page, 'call-field-opensOn', '2013-01-15');
    await pickDate(page, 'call-field-closesOn', '2013-04-30');
    await fill(page, 'call-field-quota', 2);
    await pickDate(page, 'call-field-taskBookDeadline', '2013-09-30');
    await shot('new-call');
    await page.getByTestId('call-save').click();
    await page.waitForURL(/\/app\/calls\/[0-9a-f-]{36}$/);
    callUrl = page.url();
    await expect.poll(() => page.getByTestId('call-status').innerText()).toBe('草稿');
    await page.getByTestId('call-action-open').click();
    await expect.poll(() => page.getByTestId('call-status').innerText()).toBe('申报中');
    await shot('opened');
    await signOut(page);
  });

  it('the applicant (苏州市人民政府) applies, fills it in, uploads the four files and submits', async () => {
    const { page, shot } = await newPage(stage, 'application/2-applicant');
    await signIn(page, stage.baseUrl, 'appl-320500.editor');
    await page.waitForURL(/\/app\/calls$/); // applicants land on the calls
    const menu = await page.locator('.ant-menu').innerText();
    expect(menu).toContain('申报');
    expect(menu).toContain('待办');
    expect(menu).not.toContain('试点名录');
    await page.getByTestId('call-table').getByText('2013年度国家智慧城市试点申报').click();
    await page.waitForURL(callUrl);
    await page.getByTestId('apply').click();
    await page.waitForURL(/\/app\/applications\/[0-9a-f-]{36}$/);
    appUrl = page.url();
    appId = appUrl.split('/').at(-1)!;
    await expect.poll(() => status(page)).toBe('编制中');

    await fill(page, 'app-field-name', '苏州市');
    await fill(page, 'app-field-adminCode', '320500');
    await fill(page, 'app-field-summary', '以城市公共信息平台为核心，推进政务、民生和产业的智慧化。');
    for (const d of ['inLocalPlan', 'fundingChannel', 'leaderInCharge']) await page.getByTestId(`declaration-${d}`).check();
    await fill(page, 'app-field-contactName', '李明');
    await fill(page, 'app-field-contactPhone', '0512-12345678');
    await page.getByTestId('app-save').click();
    await expect
      .poll(async () => (await page.request.get(`${stage.baseUrl}/api/applications/${appId}`)).json())
      .toMatchObject({
        name: '苏州市',
        adminCode: '320500',
        declarations: { inLocalPlan: true, fundingChannel: true, leaderInCharge: true },
        contact: { name: '李明' },
      });

    expect(await page.getByTestId('missing-attachments').innerText()).toContain('申报书');
    for (const kind of ['applicationForm', 'developmentOutline', 'implementationPlan', 'financingPlan']) {
      await page.getByTestId(`upload-input-${kind}`).setInputFiles(pdf(`${kind}.pdf`));
      await expect.poll(() => page.getByTestId(`attachments-${kind}`).innerText()).toContain(`${kind}.pdf`);
    }
    await expect.poll(() => page.getByTestId('missing-attachments').innerText()).toContain('必需材料已齐全');
    await shot('filled');

    await page.getByTestId('app-action-submit').click();
    await expect.poll(() => status(page)).toBe('省级初审');
    expect(await page.getByTestId('app-save').count()).toBe(0); // read-only once submitted
    await shot('submitted');
    await signOut(page);
  });

  it('the province forwards it with its 初审 report', async () => {
    const { page, shot } = await newPage(stage, 'application/3-province');
    await signIn(page, stage.baseUrl, 'dept-320000.reviewer');
    await page.goto(callUrl);
    await page.getByTestId('application-table').getByText('苏州市人民政府').click();
    await page.waitForURL(appUrl);
    await expect.poll(() => status(page)).toBe('省级初审');
    await page.getByTestId('app-action-forward').click();
    await fill(page, 'action-reason', '经初审，苏州市符合申报条件，材料齐全，同意推荐。');
    await shot('forward');
    await confirmTransition(page);
    await expect.poll(() => status(page)).toBe('综合评审');
    expect(await page.getByTestId('province-report').innerText()).toContain('同意推荐');
    await shot('forwarded');
    await signOut(page);
  });

  let experts: string[] = [];
  it('the Ministry assigns three experts automatically, each with the reason for the choice', async () => {
    const { page, shot } = await newPage(stage, 'application/4-ministry-assign');
    await signIn(page, stage.baseUrl, 'mohurd.admin');
    await page.goto(appUrl);
    await page.getByTestId('assign-experts').click();
    const rows = page.getByTestId('expert-reviews').locator('tbody tr[data-row-key]');
    await expect.poll(() => rows.count()).toBe(3);
    const reviews = (await (await page.request.get(`${stage.baseUrl}/api/applications/${appId}/reviews`)).json()) as {
      items: { expert: { name: string }; explanation: string }[];
    };
    expect(reviews.items).toHaveLength(3);
    for (const r of reviews.items) expect(r.explanation).toBeTruthy();
    experts = reviews.items.map((r) => {
      const username = EXPERT_USERNAMES[r.expert.name];
      if (!username) throw new Error(`unknown expert ${r.expert.name}`);
      return username;
    });
    expect(experts).not.toContain('expert.chen'); // 江苏: conflict of interest
    expect(await page.getByTestId('expert-panel').innerText()).toContain('回避本省');
    await shot('assigned');
    await signOut(page);
  });

  it('each assigned expert scores by the rubric, blind to the others until the panel closes', async () => {
    for (const [k, who] of experts.entries()) {
      const { page, shot } = await newPage(stage, `application/5-${who}`);
      await signIn(page, stage.baseUrl, who);
      // 我的评审任务 lists the application, to be declared first
      await page.goto(`${stage.baseUrl}/app/my-reviews`);
      await expect.poll(() => page.getByTestId('my-review-tasks').innerText()).toContain('待声明');
      if (k === 0) {
        await shot('my-review-tasks');
        expect(await accessibilityProblems(page)).toEqual([]);
      }
      await page.goto(appUrl);
      // a conflict-of-interest declaration before the score sheet
      await expect.poll(() => page.getByTestId('declaration').count()).toBe(1);
      await page.getByTestId('declare-none').click();
      await page.getByTestId('declare-submit').click();
      await expect.poll(() => page.getByTestId('score-form').count()).toBe(1);
      // before scoring: only their own row, the others' scores hidden
      expect(await page.getByTestId('others-hidden').count()).toBe(1);
      expect(await page.getByTestId('expert-reviews').locator('tbody tr[data-row-key]').count()).toBe(1);
      expect(await page.getByTestId('guidance-planning').innerText()).toContain('发展规划');
      const base = 70 + k * 5;
      if (k === 0) {
        // an out-of-range score is refused at its criterion, not clamped
        await fill(page, 'score-planning', 120);
        await page.getByTestId('score-save-draft').click();
        await expect.poll(() => page.getByTestId('score-form').innerText()).toContain('请输入 0 至 100 之间的分数');
        await shot('out-of-range');
        // a draft with one criterion, kept when the expert comes back
        await fill(page, 'score-planning', base + 5);
        await page.getByTestId('score-save-draft').click();
        await expect.poll(() => page.locator('.ant-message').innerText()).toContain('草稿已保存');
        await page.reload();
        await expect.poll(() => field(page, 'score-planning').inputValue()).toBe(String(base + 5));
        await shot('draft-back');
        expect(await accessibilityProblems(page)).toEqual([]);
      } else await fill(page, 'score-planning', base + 5);
      await fill(page, 'score-organisation', base);
      await fill(page, 'score-platform', base + 10);
      await fill(page, 'score-feasibility', base);
      await fill(page, 'score-comment', '规划完整，平台方案可行。');
      await page.getByTestId('score-submit').click();
      // submitted scores are final: confirmed first
      await clickAndAwait(page, 'score-confirm', { method: 'PUT', path: '/reviews/mine' });
      await expect.poll(() => page.getByTestId('score-form').count()).toBe(0);
      // still only their own row, now scored: the others stay hidden until the Ministry decides
      expect(await page.getByTestId('others-hidden').count()).toBe(1);
      await expect.poll(() => page.getByTestId('expert-reviews').locator('tbody tr[data-row-key]').innerText()).toContain('规划完整');
      expect(await page.getByTestId('expert-reviews').locator('tbody tr[data-row-key]').count()).toBe(1);
      await shot('scored');
      await signOut(page);
    }
  }, 180_000);

  it('the Ministry sees the ranking and designates: 列为试点, and the pilot is in the 2013 registry', async () => {
    const { page, shot } = await newPage(stage, 'application/6-ministry-designate');
    await signIn(page, stage.baseUrl, 'mohurd.admin');
    await page.goto(callUrl);
    const ranking = page.getByTestId('ranking');
    await expect.poll(() => ranking.innerText()).toContain('苏州市');
    const row = ranking.locator('tbody tr[data-row-key]').first();
    const cells = await row.locator('td').allInnerTexts();
    expect(cells[0]).toBe('1');
    expect(cells[5]).toBe('3'); // three scores
    expect(Number(cells[3])).toBeGreaterThan(70); // weighted mean
    await shot('ranking');

    await row.click();
    await page.waitForURL(appUrl);
    await page.getByTestId('app-action-designate').click();
    await fill(page, 'action-reason', '同意列为 2013 年度试点。');
    await shot('designate-opinion');
    await confirmTransition(page);
    await expect.poll(() => status(page)).toBe('列为试点');
    // the opinion stays in the history with who decided and when
    await expect.poll(() => page.getByTestId('application-history').innerText()).toContain('同意列为 2013 年度试点。');
    await expect.poll(() => page.getByTestId('open-pilot').count()).toBe(1);
    await shot('designated');

    await page.goto(`${stage.baseUrl}/app/pilots?batch=2013`);
    await expect.poll(() => page.getByTestId('pilot-table').innerText()).toContain('苏州市');
    await shot('registry');
    await signOut(page);
  });
});
