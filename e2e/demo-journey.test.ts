import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expertReviews, users } from '../packages/server/src/db/schema.js';
import { clickAndAwait, newPage, openStage, settled, signIn, signInDialog, type Stage } from './support.js';
import { field, fill, fillPlainSection, saved } from './task-book-form.js';

// The demo programme's live work, walked to completion in the browser by the demo users who own it: an overdue task
// book from extension to three signatures, and an expert's score on the live demo call.
let stage: Stage;
/** the overdue draft the journey takes: batch 1's draft never returned with the fewest gaps */
let book: { id: string; pilotId: string; name: string; org: string; dept: string; missing: number[] };
let expert: { username: string; applicationId: string; name: string };
const YEARS = [2013, 2014, 2015];

beforeAll(async () => {
  stage = await openStage({ demo: 'programme' });
  const viewer = await stage.env.as('mohurd.viewer');
  const drafts = ((await viewer.get('/api/task-books')).json().items as { id: string; status: string }[]).filter(
    (b) => b.status === 'draft',
  );
  const details = await Promise.all(drafts.map(async (b) => (await viewer.get(`/api/task-books/${b.id}`)).json()));
  const fresh = details
    .filter((d: { reviews: unknown[] }) => d.reviews.length === 0)
    .sort((a: { completeness: unknown[] }, b: { completeness: unknown[] }) => a.completeness.length - b.completeness.length)[0];
  const [owner] = (
    await stage.env.database.db.execute<{ code: string; province: string }>(
      sql`select lower(o.code) as code, p.province_code as province from pilots p join organisations o on o.id = p.organisation_id where p.id = ${fresh.pilot.id}`,
    )
  ).rows;
  book = {
    id: fresh.id,
    pilotId: fresh.pilot.id,
    name: fresh.pilot.name,
    org: owner!.code,
    dept: `dept-${owner!.province}`,
    missing: [...new Set((fresh.completeness as { section: number }[]).map((p) => p.section))].sort(),
  };
  // an expert of the live call's panel who has not scored yet
  const [open] = await stage.env.database.db
    .select({ username: users.username, applicationId: expertReviews.subjectId })
    .from(expertReviews)
    .innerJoin(users, eq(users.id, expertReviews.expertUserId))
    .where(and(eq(expertReviews.subjectType, 'application'), isNull(expertReviews.submittedAt)))
    .orderBy(users.username)
    .limit(1);
  const application = (await viewer.get(`/api/applications/${open!.applicationId}`)).json();
  expert = { ...open!, name: application.name };
}, 600_000);
afterAll(() => stage?.close());

/** A dialog done opening (antd zooms it in), so its screenshot shows it whole. */
async function opened(page: Page) {
  await page.getByRole('dialog').last().waitFor();
  await expect.poll(() => page.locator('.ant-zoom-appear, .ant-zoom-enter').count()).toBe(0);
}

const status = (page: Page) => page.getByTestId('task-book-status').innerText();
const transition = new RegExp('/api/task-books/[0-9a-f-]+/transitions$');

/** Opens the journey's record from the to-do list on the signed-in user's landing page, by pilot and what is to do. */
async function fromTodos(page: Page, todo: string) {
  await page.goto(`${stage.baseUrl}/app`);
  await settled(page);
  await page
    .getByTestId('todo-list')
    .getByRole('link', { name: `${book.name} · ${todo}` })
    .first()
    .click();
  await page.waitForURL(new RegExp(`/app/(task-books/${book.id}|extensions/[0-9a-f-]{36})$`));
  await settled(page);
}

describe('the demo programme, walked by its users', () => {
  let pilot: Awaited<ReturnType<typeof newPage>>;
  let ministry: Awaited<ReturnType<typeof newPage>>;
  let province: Awaited<ReturnType<typeof newPage>>;

  it('an overdue pilot asks for an extension; the Ministry grants it from its to-do list', async () => {
    pilot = await newPage(stage, 'demo-journey/pilot');
    await signIn(pilot.page, stage.baseUrl, `${book.org}.editor`);
    await settled(pilot.page);
    await pilot.shot('landing');
    await fromTodos(pilot.page, '编制并报送创建任务书');
    expect(pilot.page.url()).toContain(book.id);
    expect(await status(pilot.page)).toBe('编制中');
    // overdue, said at the top: why it cannot be submitted, and what to do
    expect(await pilot.page.getByTestId('extension-overdue').innerText()).toContain('报送期限 2013-02-22 已过');
    await pilot.shot('overdue-task-book');
    await pilot.page.getByTestId('extension-request-open').click();
    await fill(pilot.page, 'extension-request-reason', '组织管理与保障条件两节需经市政府常务会议审定，请求延期报送。');
    const until = pilot.page.locator('input[data-testid="extension-request-until"], [data-testid="extension-request-until"] input').first();
    await until.fill('2026-12-15');
    // the typed date is taken when the field loses focus (Enter might also send the form: not both); Tab, not a click
    // elsewhere, since the open calendar may cover what would be clicked
    await until.press('Tab');
    await expect.poll(() => pilot.page.locator('.ant-picker-dropdown:visible').count()).toBe(0);
    expect(await until.inputValue()).toBe('2026-12-15');
    await opened(pilot.page);
    await pilot.shot('extension-request');
    await clickAndAwait(pilot.page, 'extension-request-send', { method: 'POST', path: /\/extension-requests$/ });
    await expect.poll(() => pilot.page.getByTestId('extension-latest').innerText()).toContain('待审批');
    await pilot.shot('extension-requested');

    ministry = await newPage(stage, 'demo-journey/ministry');
    await signIn(ministry.page, stage.baseUrl, 'mohurd.reviewer');
    await fromTodos(ministry.page, '审批延期申请');
    await expect.poll(() => ministry.page.getByTestId('extension-page').innerText()).toContain('市政府常务会议审定');
    await ministry.page.getByTestId('extension-approve').click();
    await fill(ministry.page, 'extension-decide-reason', '同意延期至 12 月 15 日，请抓紧完善。');
    await opened(ministry.page);
    await ministry.shot('extension-opinion');
    await clickAndAwait(ministry.page, 'extension-decide', { method: 'POST', path: /\/extension-requests\/[0-9a-f-]+\/transitions$/ });
    await expect.poll(() => ministry.page.getByTestId('extension-status').innerText()).toBe('已同意延期');
    await ministry.shot('extension-granted');
  });

  it('the pilot completes the task book and submits it', async () => {
    const { page, shot } = pilot;
    await page.goto(`${stage.baseUrl}/app/task-books/${book.id}`);
    await settled(page);
    await expect.poll(() => page.getByTestId('task-book-deadline').innerText()).toContain('延期至 2026-12-15');
    expect(
      book.missing.every((n) => n >= 4 && n <= 7),
      `sections left to fill: ${book.missing.join(',')}`,
    ).toBe(true);
    for (const n of book.missing) await fillPlainSection(page, n as 4 | 5 | 6 | 7, YEARS);
    await expect.poll(() => page.getByTestId('completeness').innerText()).toContain('各节均已填写完整');
    await shot('complete');
    await clickAndAwait(page, 'tb-action-submit', { method: 'POST', path: transition });
    await expect.poll(() => status(page)).toBe('省级审核');
    await shot('submitted');
  });

  it('the province returns it with opinions; the pilot sees who returned it, when and why, and fixes it', async () => {
    province = await newPage(stage, 'demo-journey/province');
    await signIn(province.page, stage.baseUrl, `${book.dept}.reviewer`);
    await fromTodos(province.page, '审核创建任务书');
    await province.page.getByTestId('tb-action-provinceReturn').click();
    await fill(province.page, 'return-reason', '请完善保障条件后重新报送。');
    await fill(province.page, 'return-reason-7', '资金保障应写明专项资金的规模和来源');
    await opened(province.page);
    await province.shot('return-opinions');
    await clickAndAwait(province.page, 'return-confirm', { method: 'POST', path: transition });
    await expect.poll(() => status(province.page)).toBe('编制中');
    await province.shot('returned');

    const { page, shot } = pilot;
    await page.reload();
    await settled(page);
    const banner = page.getByTestId('returned-banner');
    await expect.poll(() => banner.innerText()).toContain('请完善保障条件后重新报送。');
    const said = await banner.innerText();
    // by whom (the reviewer's account) and when (Beijing time, on the platform's clock)
    const reviewer = (await (await stage.env.as(`${book.dept}.reviewer`)).get('/api/session')).json().user.displayName as string;
    expect(said).toContain(`已被 ${reviewer} 于 2026-11-16 10:00 退回，请按意见修改`);
    expect(said).toContain('七、资金保障应写明专项资金的规模和来源');
    await shot('returned-banner');
    await fill(page, 'field-guarantees-funding', '设立每年 5000 万元的智慧城市专项资金，由市财政预算安排。');
    await saved(page, 7);
    await clickAndAwait(page, 'tb-action-submit', { method: 'POST', path: transition });
    await expect.poll(() => status(page)).toBe('省级审核');
    await shot('resubmitted');
  });

  it('the province sees what changed and approves, then the Ministry, each with an opinion', async () => {
    const { page, shot } = province;
    await fromTodos(page, '审核创建任务书');
    await expect.poll(() => page.getByTestId('changed-since-return').innerText()).toContain('七');
    expect(await page.getByTestId('changed-since-return-7').count()).toBe(1);
    expect(await page.getByTestId('changed-since-return-6').count()).toBe(0);
    await shot('changed-since-return');
    await page.getByTestId('tb-action-provinceApprove').click();
    expect(await page.getByTestId('return-reason').inputValue()).toBe('同意');
    await opened(page);
    await shot('approve-opinion');
    await clickAndAwait(page, 'return-confirm', { method: 'POST', path: transition });
    await expect.poll(() => status(page)).toBe('部级审核');

    await fromTodos(ministry.page, '审核创建任务书');
    await ministry.page.getByTestId('tb-action-ministryApprove').click();
    await fill(ministry.page, 'return-reason', '同意，请组织三方签署。');
    await clickAndAwait(ministry.page, 'return-confirm', { method: 'POST', path: transition });
    await expect.poll(() => status(ministry.page)).toBe('三方签署');
    await expect.poll(() => ministry.page.getByTestId('reviews').innerText()).toContain('同意，请组织三方签署。');
    await ministry.shot('ministry-approved');
  });

  let digest = '';
  it('three signatories sign with their password again; the pilot is then in its creation period (创建期)', async () => {
    let lastSigner = '';
    for (const [who, party] of [
      ['mohurd.signatory', 'ministry'],
      [`${book.org}.signatory`, 'pilot'],
      [`${book.dept}.signatory`, 'province'],
    ] as const) {
      const { page, shot } = await newPage(stage, `demo-journey/${who}`);
      await signIn(page, stage.baseUrl, who);
      await fromTodos(page, '签署创建任务书');
      await expect.poll(() => page.getByTestId(`signature-${party}`).innerText()).toContain('待签署');
      const account = (await (await stage.env.as(who)).get('/api/session')).json().user as { displayName: string; title: string };
      await page.getByTestId('sign-open').click();
      await expect.poll(() => page.getByTestId('sign-summary').innerText()).toContain(account.title);
      expect(await page.getByTestId('sign-summary').innerText()).toContain(account.displayName);
      await expect.poll(() => page.getByTestId('sign-digest').innerText()).toMatch(/^[0-9a-f]{64}$/);
      await opened(page);
      await shot('sign-dialog');
      await page.keyboard.press('Escape');
      digest = await signInDialog(page, '', party === 'ministry');
      await expect.poll(() => page.getByTestId(`signature-${party}`).innerText()).toContain(account.displayName);
      await shot('signed');
      lastSigner = account.displayName;
      await page.context().close();
    }
    const { page, shot } = pilot;
    await page.goto(`${stage.baseUrl}/app/task-books/${book.id}`);
    await expect.poll(() => status(page)).toBe('已签署');
    await page.goto(`${stage.baseUrl}/app/pilots/${book.pilotId}`);
    await settled(page);
    await expect.poll(() => page.getByTestId('pilot-status').innerText()).toBe('创建期'); // the creation period's status
    // the hub's history says it, by the person (not the sign-in name) whose signature completed the book
    await expect
      .poll(async () => (await page.getByTestId('pilot-timeline').innerText()).replace(/\s+/g, ' '))
      .toContain(`进入创建期 ${lastSigner}`);
    await shot('pilot-creating');
  }, 150_000);

  it('the signed PDF carries the digest and a verification link, and the public page verifies it', async () => {
    const { page, shot } = pilot;
    await page.goto(`${stage.baseUrl}/app/task-books/${book.id}`);
    await settled(page);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('download-pdf').click()]);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-raw', '-', '-'], { input: pdf }).toString().replace(/\s+/g, '');
    expect(text).toContain(digest);
    const link = new RegExp(`${stage.env.config.publicUrl}(/verify/[0-9a-f-]{36})`).exec(text);
    expect(link, 'the printed verification link').not.toBeNull();
    const visitor = await newPage(stage, 'demo-journey/public');
    await visitor.page.goto(`${stage.baseUrl}${link![1]}`);
    await expect.poll(() => visitor.page.getByTestId('verify-result').innerText()).toBe('校验通过');
    expect(await visitor.page.getByTestId('verify-digest').innerText()).toContain(digest);
    await visitor.shot('verified');
    await shot('downloaded');
  });

  it('an expert scores an application of the live demo call: a draft first, then confirmed', async () => {
    const { page, shot } = await newPage(stage, 'demo-journey/expert');
    await signIn(page, stage.baseUrl, expert.username);
    await page.goto(`${stage.baseUrl}/app/my-reviews`);
    await settled(page);
    await expect.poll(() => page.getByTestId(`task-status-${expert.applicationId}`).innerText()).toBe('待声明');
    await shot('my-review-tasks');
    await page.getByTestId('my-review-tasks').getByRole('link', { name: expert.name }).click();
    await page.waitForURL(new RegExp(`/app/applications/${expert.applicationId}$`));
    await settled(page);
    await page.getByTestId('declare-none').click();
    await clickAndAwait(page, 'declare-submit', { method: 'POST', path: /\/reviews\/mine\/declaration$/ });
    await expect.poll(() => page.getByTestId('score-form').count()).toBe(1);
    await fill(page, 'score-planning', 82);
    await fill(page, 'score-organisation', 76);
    await clickAndAwait(page, 'score-save-draft', { method: 'PUT', path: /\/reviews\/mine(\/draft)?$/ });
    await page.reload();
    await settled(page);
    await expect.poll(() => field(page, 'score-planning').inputValue()).toBe('82');
    await shot('draft-kept');
    await fill(page, 'score-platform', 88);
    await fill(page, 'score-feasibility', 79);
    await fill(page, 'score-comment', '平台方案扎实，资金筹措可行，建议列入。');
    await page.getByTestId('score-submit').click();
    await opened(page);
    await shot('confirm');
    await clickAndAwait(page, 'score-confirm', { method: 'PUT', path: /\/reviews\/mine$/ });
    await expect.poll(() => page.getByTestId('score-form').count()).toBe(0);
    await expect.poll(() => page.getByTestId('expert-reviews').innerText()).toContain('平台方案扎实');
    await shot('scored');
  });
});
