import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPerson } from '../packages/server/src/test/signed-programme.js';
import { clickAndAwait, newPage, openStage, signIn, signInDialog, type Stage } from './support.js';
import { field, fill, fillPlainSection, saved } from './task-book-form.js';

let stage: Stage;
beforeAll(async () => {
  stage = await openStage();
});
afterAll(() => stage?.close());

const YEARS = [2013, 2014, 2015];

let bookUrl = '';

async function signOut(page: Page) {
  await page.getByTestId('signout').click();
  await page.waitForURL((url) => url.pathname === '/');
}

const status = (page: Page) => page.getByTestId('task-book-status').innerText();

/** Answers 是 in the yes/no Select behind a test id, by keyboard (its first option is active when it opens). */
async function chooseYes(page: Page, testId: string) {
  await page.getByTestId(testId).click();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId(testId).innerText()).toContain('是');
}

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
    // 1.2.1–1.2.3 (rows 5–7) are quantitative; the others qualitative: 是/否 or a text, no number box
    for (let i = 0; i < 11; i++) {
      if (i >= 5 && i <= 7) {
        await fill(page, `indicator-${i}-unit`, '%');
        await fill(page, `indicator-${i}-target`, 90);
        for (const [k, y] of YEARS.entries()) await fill(page, `indicator-${i}-year-${y}`, 30 + k * 30);
      } else {
        for (const testId of [`indicator-${i}-target`, ...YEARS.map((y) => `indicator-${i}-year-${y}`)]) await chooseYes(page, testId);
      }
      await fill(page, `indicator-${i}-method`, '查阅资料与现场核查');
    }
    // a 规定项 cannot be removed: its button is disabled and says why
    expect(await page.getByTestId('indicator-0-remove').isDisabled()).toBe(true);
    expect(await page.getByTestId('indicator-0-remove').getAttribute('title')).toBe('规定项不能删除');
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

    // 四 to 七: 公共信息平台, 阶段目标和工作计划 (a row per year), 组织管理, 保障条件
    for (const n of [4, 5, 6, 7] as const) await fillPlainSection(page, n, YEARS);
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

  it('returned once and resubmitted, the reviewer sees which sections changed and a diff in words', async () => {
    // set up through the API: the province returns 三 with a reason; the pilot rewrites one method and resubmits
    const env = stage.env;
    const id = bookUrl.split('/').at(-1)!;
    const province = await env.as('dept-320000.reviewer');
    const returned = await province.post(`/api/task-books/${id}/transitions`, {
      action: 'provinceReturn',
      sectionReasons: [{ section: 3, text: '规定项“信息安全”的考核方法不具体' }],
    });
    expect(returned.statusCode, returned.body).toBe(200);
    const editor = await env.as('pilot-2012-025.editor');
    const three = returned.json().sections[2];
    const items = structuredClone(three.content.items) as { indicatorCode: string; method: string }[];
    items.find((i) => i.indicatorCode === '1.3.3')!.method = '等级保护测评报告与渗透测试';
    expect((await editor.patch(`/api/task-books/${id}/sections/3`, { items }, { 'if-match': `"${three.version}"` })).statusCode).toBe(200);
    expect((await editor.post(`/api/task-books/${id}/transitions`, { action: 'submit' })).statusCode).toBe(200);

    const { page, shot } = await newPage(stage, 'task-book/2-province-resubmission');
    await signIn(page, stage.baseUrl, 'dept-320000.reviewer');
    await page.goto(bookUrl);
    await expect.poll(() => page.getByTestId('changed-since-return').innerText()).toContain('自第 1 版以来修改了 三');
    expect(await page.getByTestId('changed-since-return-3').innerText()).toBe('自第 1 版退回后已修改');
    expect(await page.getByTestId('changed-since-return-2').count()).toBe(0);
    // the comparison (version 1 with 2) names the field as the form does, under labelled columns
    const diff = page.getByTestId('diff-section-3');
    await expect.poll(() => diff.locator('[data-testid="diff-label"]').first().innerText()).toBe('考核指标「1.3.3 信息安全」 › 考核方法');
    expect(await diff.locator('thead').innerText()).toMatch(/字段\s+原值\s+新值\s+改动/);
    expect(await diff.locator('tbody').innerText()).toContain('等级保护测评报告与渗透测试');
    await page.getByTestId('versions').scrollIntoViewIfNeeded();
    await shot('changed-since-return-and-diff');
    await signOut(page);
  });

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
      // a decision is confirmed with its 审核意见: 同意 unless edited
      expect(await page.getByTestId('decision-question').innerText()).toContain('确定');
      expect(await page.getByTestId('return-reason').inputValue()).toBe('同意');
      if (action === 'ministryApprove') await fill(page, 'return-reason', '同意，请按计划组织签署。');
      await shot('opinion');
      await clickAndAwait(page, 'return-confirm', { method: 'POST', path: '/transitions' });
      await expect.poll(() => status(page)).toBe(next);
      // shown with the reviewer's name and the date, as return reasons are
      const reviews = await page.getByTestId('reviews').innerText();
      expect(reviews).toContain(action === 'ministryApprove' ? '同意，请按计划组织签署。' : '同意');
      await shot('approved');
      await signOut(page);
    }
  });

  it('the three parties sign; the signed book verifies and downloads as DOCX and PDF', async () => {
    const signers = [
      ['mohurd.signatory', 'ministry', '仇保兴', '副部长'],
      ['pilot-2012-025.signatory', 'pilot', '朱克江', '无锡市市长'],
      ['dept-320000.signatory', 'province', '周岚', '江苏省住房和城乡建设厅厅长'],
    ] as const;
    for (const [k, [who, party, name, title]] of signers.entries()) {
      // the signature names the person and 职务 the account records (as the organisation's admin keeps them)
      await setPerson(stage.env, who, { name, title });
      const { page, shot } = await newPage(stage, `task-book/3-${who}`);
      await signIn(page, stage.baseUrl, who);
      await expect.poll(() => page.getByTestId('todo-list').innerText()).toContain('签署创建任务书');
      await page.goto(bookUrl);
      await expect.poll(() => page.getByTestId(`signature-${party}`).innerText()).toContain('待签署');
      // the dialog shows who signs, as what, and the SM3 digest of the frozen version; the password is asked again
      await page.getByTestId('sign-open').click();
      await expect.poll(() => page.getByTestId('sign-summary').innerText()).toContain(title);
      await expect.poll(() => page.getByTestId('sign-digest').innerText()).toMatch(/^[0-9a-f]{64}$/);
      await shot('sign-dialog');
      await page.keyboard.press('Escape');
      const digest = await signInDialog(page, '', k === 0);
      await expect.poll(() => page.getByTestId(`signature-${party}`).innerText()).toContain(name);
      expect(await page.getByTestId(`signature-${party}`).innerText()).toContain(title);
      // what was signed is the version the versions card lists
      expect(await page.getByTestId('versions').innerText()).toContain(digest.slice(0, 16));
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
