import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPage, openStage, signIn, type Stage } from './support.js';

let stage: Stage;
beforeAll(async () => {
  stage = await openStage();
});
afterAll(() => stage?.close());

const YEARS = [2013, 2014, 2015];

/** expect.poll waits 1 s by default: less than autosave's pause (1.5 s) plus a save on a busy machine. */
let bookUrl = '';

/** The <input> or <textarea> behind a test id (antd puts it on the element itself or on a wrapper). */
const field = (page: Page, testId: string): Locator =>
  page.getByTestId(testId).locator('xpath=descendant-or-self::*[self::input or self::textarea]').first();

async function fill(page: Page, testId: string, value: string | number) {
  const input = field(page, testId);
  await input.fill(String(value));
}

/** Saves a section now (autosave would too, 1.5 s later) and waits for the server to have it. */
async function saved(page: Page, n: number) {
  await page.getByTestId(`save-section-${n}`).click();
  await expect.poll(() => page.getByTestId(`section-status-${n}`).innerText()).toContain('已保存');
}

async function signOut(page: Page) {
  await page.getByTestId('signout').click();
  await page.waitForURL((url) => url.pathname === '/');
}

const status = (page: Page) => page.getByTestId('task-book-status').innerText();

describe('the creation task book, from the pilot’s draft to three signatures', () => {
  it('the pilot editor starts it from the to-do list, fills all eight sections and submits', async () => {
    const { page, shot } = await newPage(stage, 'task-book/1-pilot-editor');
    await signIn(page, stage.baseUrl, 'pilot-2012-025.editor');
    const todos = page.getByTestId('todo-list');
    await expect.poll(() => todos.innerText()).toContain('无锡市');
    expect(await todos.innerText()).toContain('新建并报送创建任务书');
    expect(await todos.innerText()).toContain('2013-02-22');
    await shot('todo');

    await todos.getByTestId('todo-item').first().locator('a').click();
    await page.waitForURL(/\/app\/pilots\/[0-9a-f-]{36}$/);
    await page.getByTestId('create-task-book').click();
    await page.waitForURL(/\/app\/task-books\/[0-9a-f-]{36}$/);
    bookUrl = page.url();
    await expect.poll(() => status(page)).toBe('编制中');
    expect(await page.getByTestId('section-2').innerText()).toContain(
      '二、主要任务和重点项目（包括任务名称、具体内容、资金筹措、责任部门等）',
    );
    await shot('new-task-book');

    // 一 创建目标
    await fill(page, 'field-goals-overall', '以城市公共信息平台为核心，建成集约、智能、绿色、低碳的智慧无锡。');
    await page.getByTestId('add-target').click();
    await fill(page, 'target-0-description', '政务信息资源共享率');
    await fill(page, 'target-0-value', 90);
    await fill(page, 'target-0-unit', '%');
    await saved(page, 1);

    // 八 创建周期 (default 2013–2015): saved as it is
    await fill(page, 'field-period-startYear', YEARS[0]!);
    await fill(page, 'field-period-endYear', YEARS.at(-1)!);

    // 三 考核指标: every required indicator, then targets, year targets and methods row by row
    await page.getByTestId('add-required').click();
    const rows = page.getByTestId('section-3').locator('tbody tr[data-row-key]');
    await expect.poll(() => rows.count()).toBe(11);
    for (let i = 0; i < 11; i++) {
      await fill(page, `indicator-${i}-unit`, '%');
      await fill(page, `indicator-${i}-target`, 90);
      for (const [k, y] of YEARS.entries()) await fill(page, `indicator-${i}-year-${y}`, 30 + k * 30);
      await fill(page, `indicator-${i}-method`, '查阅资料与现场核查');
    }
    await saved(page, 3);

    // 二 主要任务和重点项目: a task and a key project whose funding adds up
    await page.getByTestId('add-task').click();
    await fill(page, 'task-0-name', '城市公共信息平台建设');
    await fill(page, 'task-0-content', '整合现有信息资源和应用系统，实现跨部门数据共享。');
    await page.getByTestId('add-project').click();
    await fill(page, 'project-0-name', '城市公共信息平台一期');
    await fill(page, 'project-0-content', '建设数据交换共享系统与城市公共基础数据库。');
    await fill(page, 'project-0-totalInvestment', 12000);
    await fill(page, 'project-0-government', 6000);
    await fill(page, 'project-0-social', 4000);
    await expect.poll(() => page.getByTestId('project-0-sum').innerText()).toContain('差 -2000');
    await fill(page, 'project-0-bank', 2000);
    await fill(page, 'project-0-other', 0);
    await fill(page, 'project-0-department', '市经济和信息化委员会');
    await expect.poll(() => page.getByTestId('project-0-sum').innerText()).toContain('相符');
    await saved(page, 2);

    // 四 公共信息平台
    for (const [f, v] of Object.entries({
      framework: '一个平台、两个中心、多项应用。',
      structure: '基础设施层、数据层、支撑层、应用层。',
      functions: '数据交换、共享目录、身份认证。',
      operation: '市信息中心运营，政府购买服务。',
    })) {
      await fill(page, `field-platform-${f}`, v);
    }
    await page.getByTestId('add-system').click();
    await fill(page, 'system-0-name', '数字化城市管理系统');
    await fill(page, 'system-0-services', '城市部件与事件的发现、处置和考核。');
    await saved(page, 4);

    // 五 阶段目标和工作计划: one row per year
    for (const [k, y] of YEARS.entries()) {
      await fill(page, `plan-${y}-goals`, `第 ${k + 1} 年阶段目标`);
      await fill(page, `plan-${y}-work`, `第 ${k + 1} 年工作计划`);
    }
    await saved(page, 5);

    // 六 组织管理
    await fill(page, 'field-org-leadingGroup-head', '市长');
    await fill(page, 'field-org-leadingGroup-members', '各相关委办局主要负责人');
    await fill(page, 'field-org-office-name', '智慧城市试点工作实施管理办公室');
    await fill(page, 'field-org-office-director', '常务副市长');
    await page.getByTestId('add-department').click();
    await fill(page, 'department-0-name', '市住房和城乡建设局');
    await fill(page, 'department-0-duties', '城市建设管理类项目');
    await fill(page, 'field-org-responsible-name', '王明');
    await fill(page, 'field-org-responsible-title', '副市长');
    await saved(page, 6);

    // 七 保障条件
    for (const [f, v] of Object.entries({
      policy: '出台智慧城市建设管理办法。',
      funding: '设立专项资金。',
      technology: '与高校共建实验室。',
      talent: '引进信息化人才。',
    })) {
      await fill(page, `field-guarantees-${f}`, v);
    }
    await saved(page, 7);
    await shot('sections-filled');

    // typed but not yet saved when the page goes away: restored from this browser, then autosaved
    await fill(page, 'field-guarantees-talent', '引进信息化人才，建立专家库。');
    await page.reload();
    await expect.poll(() => page.getByTestId('section-restored-7').count()).toBe(1);
    expect(await field(page, 'field-guarantees-talent').inputValue()).toBe('引进信息化人才，建立专家库。');
    await expect.poll(() => page.getByTestId('section-status-7').innerText()).toContain('已保存');

    // everything persisted: reload and look
    await page.reload();
    await expect.poll(() => field(page, 'field-guarantees-talent').inputValue()).toBe('引进信息化人才，建立专家库。');
    expect(await page.getByTestId('section-restored-7').count()).toBe(0);
    await expect.poll(() => field(page, 'field-goals-overall').inputValue()).toContain('智慧无锡');
    expect(await field(page, 'project-0-government').inputValue()).toBe('6000');
    await expect.poll(() => page.getByTestId('completeness').innerText()).toContain('各节均已填写完整');
    await shot('complete-after-reload');

    // a second window with the same section open: its save is refused, and nothing is overwritten
    const other = await newPage(stage, 'task-book/1-pilot-editor-conflict');
    await signIn(other.page, stage.baseUrl, 'pilot-2012-025.editor');
    await other.page.goto(bookUrl);
    await expect.poll(() => field(other.page, 'field-goals-overall').inputValue()).toContain('智慧无锡');
    await fill(page, 'field-goals-overall', '建成集约、智能、绿色、低碳的智慧无锡（第一窗口）。');
    await saved(page, 1);
    await fill(other.page, 'field-goals-overall', '第二窗口的修改');
    await other.page.getByTestId('save-section-1').click();
    await expect.poll(() => other.page.getByTestId('section-stale-1').innerText()).toContain('记录已被他人修改');
    await other.page.getByTestId('section-reload-1').click();
    await expect.poll(() => field(other.page, 'field-goals-overall').inputValue()).toContain('第一窗口');
    expect(await field(other.page, 'section-conflict-1').inputValue()).toContain('第二窗口的修改');
    await other.shot('conflict-merge');
    await other.page.context().close();
    await page.reload();
    await expect.poll(() => field(page, 'field-goals-overall').inputValue()).toContain('第一窗口');

    await page.getByTestId('tb-action-submit').click();
    await expect.poll(() => status(page)).toBe('省级审核');
    expect(await page.getByTestId('save-section-1').count()).toBe(0); // frozen while reviewed
    await shot('submitted');
    await signOut(page);
  }, 240_000);

  it('the province and then the Ministry approve it from their to-do lists', async () => {
    for (const [who, action, next] of [
      ['dept-320000.reviewer', 'provinceApprove', '部级审核'],
      ['mohurd.reviewer', 'ministryApprove', '三方签署'],
    ] as const) {
      const { page, shot } = await newPage(stage, `task-book/2-${who}`);
      await signIn(page, stage.baseUrl, who);
      const todos = page.getByTestId('todo-list');
      await expect.poll(() => todos.innerText()).toContain('无锡市');
      expect(await todos.innerText()).toContain('审核创建任务书');
      await shot('todo');
      await todos.getByTestId('todo-item').filter({ hasText: '无锡市' }).locator('a').click();
      await page.waitForURL(bookUrl);
      await expect.poll(() => field(page, 'field-goals-overall').count()).toBe(0); // read-only
      expect(await page.getByTestId('section-1').innerText()).toContain('第一窗口');
      await shot('review');
      await page.getByTestId(`tb-action-${action}`).click();
      await expect.poll(() => status(page)).toBe(next);
      await shot('approved');
      await signOut(page);
    }
  }, 120_000);

  it('the three parties sign; the signed book verifies and downloads as DOCX and PDF', async () => {
    const signers = [
      ['mohurd.signatory', 'ministry', '仇保兴', '副部长'],
      ['pilot-2012-025.signatory', 'pilot', '朱克江', '无锡市市长'],
      ['dept-320000.signatory', 'province', '周岚', '江苏省住房和城乡建设厅厅长'],
    ] as const;
    for (const [k, [who, party, name, title]] of signers.entries()) {
      const { page, shot } = await newPage(stage, `task-book/3-${who}`);
      await signIn(page, stage.baseUrl, who);
      await expect.poll(() => page.getByTestId('todo-list').innerText()).toContain('签署创建任务书');
      await page.goto(bookUrl);
      await expect.poll(() => page.getByTestId(`signature-${party}`).innerText()).toContain('待签署');
      await fill(page, 'sign-name', name);
      await fill(page, 'sign-title', title);
      await page.getByTestId('sign-submit').click();
      await expect.poll(() => page.getByTestId(`signature-${party}`).innerText()).toContain(name);
      if (k < 2) {
        expect(await status(page)).toBe('三方签署');
        await shot('signed-one');
        await signOut(page);
        continue;
      }
      await expect.poll(() => status(page)).toBe('已签署');
      const block = await page.getByTestId('signing').innerText();
      for (const [, , n] of signers) expect(block).toContain(n);
      expect(block).toContain('住房和城乡建设部（甲方）');
      expect(block).toContain('无锡市人民政府（乙方）');
      expect(block).toContain('江苏省住房和城乡建设厅（丙方）');
      await page.getByTestId('verify').click();
      await expect.poll(() => page.getByTestId('verify-result').innerText()).toContain('校验通过');
      await shot('signed-and-verified');

      for (const [id, magic] of [
        ['download-docx', 'PK'],
        ['download-pdf', '%PDF-'],
      ] as const) {
        const href = await page.getByTestId(id).getAttribute('href');
        expect(href).toBeTruthy();
        const res = await page.request.get(new URL(href!, stage.baseUrl).toString());
        expect(res.status()).toBe(200);
        expect((await res.body()).subarray(0, magic.length).toString('latin1')).toBe(magic);
      }
      await signOut(page);
    }
  }, 180_000);
});
