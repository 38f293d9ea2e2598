import { readFile } from 'node:fs/promises';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, users } from '../packages/server/src/db/schema.js';
import { sheetOf } from '../packages/server/src/test/sheets.js';
import { approvedTaskBook } from '../packages/server/src/test/signed-programme.js';
import { saved } from './task-book-form.js';
import { accessibilityProblems, field, newPage, openStage, settled, signIn, type Stage } from './support.js';

// The audit log browsed by the Ministry, and a task book's history as its pilot's editor reads it.
let stage: Stage;
let bookId: string;
const NEW_GOAL = '建成城市公共信息平台，政务数据共享率达到百分之九十。';
beforeAll(async () => {
  stage = await openStage();
  // 无锡市's task book, submitted and sent back by 江苏's department: a draft with a frozen version 1
  bookId = await approvedTaskBook(stage.env, 'pilot-2012-025', 'submit');
  const returned = await (
    await stage.env.as('dept-320000.reviewer')
  ).post(`/api/task-books/${bookId}/transitions`, { action: 'provinceReturn', sectionReasons: [{ section: 1, text: '总体目标不够具体' }] });
  expect(returned.statusCode, returned.body).toBe(200);
}, 120_000);
afterAll(() => stage?.close());

describe("a task book's history", () => {
  it('shows its pilot editor the field it changed, and every entry verified in the chain', async () => {
    const { page, shot } = await newPage(stage, 'history');
    await signIn(page, stage.baseUrl, 'pilot-2012-025.editor');
    await page.goto(`${stage.baseUrl}/app/task-books/${bookId}`);
    await settled(page);
    await field(page, 'field-goals-overall').fill(NEW_GOAL);
    await saved(page, 1);

    await page.getByTestId('history-tab').click();
    await settled(page);
    await expect.poll(() => page.getByTestId('history-verification').innerText()).toContain('均已通过');
    const pending = page.getByTestId('history-pending');
    await expect.poll(() => pending.innerText()).toContain('自第 1 版以来尚未提交的修改');
    expect(await pending.innerText()).toContain('总体目标');
    expect(await pending.innerText()).toContain(NEW_GOAL);
    // its own save is the newest entry, by its name and organisation, verified
    const newest = page.getByTestId('history-entry').first();
    expect(await newest.innerText()).toContain('保存章节');
    expect(await newest.innerText()).toContain('无锡市人民政府');
    expect(await newest.innerText()).toContain('已校验');
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('history');
  });
});

describe('the audit log', () => {
  it('is filtered by the Ministry by a user and an action, and opens the record an entry is about', async () => {
    const db = stage.env.database.db;
    const [editor] = await db.select().from(users).where(eq(users.username, 'pilot-2012-025.editor'));
    // independently: how many section saves that person made
    const saves = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, editor!.id), eq(auditLog.action, 'taskBook.saveSection')));
    expect(saves.length).toBeGreaterThan(1);

    const { page, shot } = await newPage(stage, 'audit-log');
    await signIn(page, stage.baseUrl, 'mohurd.viewer');
    await page.getByRole('menuitem', { name: '审计日志' }).click();
    await page.waitForURL(/\/app\/audit$/);
    await settled(page);
    const rows = page.getByTestId('audit-event');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByTestId('audit-filter-action').click();
    await page.keyboard.type('保存章节');
    await page.locator('.ant-select-item-option', { hasText: '保存章节（创建任务书）' }).click();
    await expect.poll(() => page.url()).toContain('action=taskBook.saveSection');
    await settled(page);
    const editorsRow = rows.filter({ hasText: editor!.displayName }).first();
    await editorsRow.getByTestId('audit-only-user').click();
    await expect.poll(() => page.url()).toContain(`userId=${editor!.id}`);
    await settled(page);
    await expect.poll(() => page.getByTestId('audit-filter-user').innerText()).toContain(editor!.displayName);
    await expect.poll(() => rows.count()).toBe(Math.min(saves.length, 20));
    for (const text of await rows.allInnerTexts()) {
      expect(text).toContain(editor!.displayName);
      expect(text).toContain('保存章节');
    }
    expect(await page.getByText(`共 ${saves.length} 条`).count()).toBe(1);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('filtered');

    // the filtered log as a spreadsheet: every matching entry (not a page of them), with its digest
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('export-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(/^审计日志-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const [title, headers, ...exported] = await sheetOf(await readFile(await download.path()));
    expect(title![0]).toContain('操作: 保存章节');
    expect(title![0]).toContain(`操作人: ${editor!.id}`);
    expect(headers).toEqual(['序号', '时间', '操作人', '机构', '操作', '对象', '对象标识', '操作前摘要（SM3）', '操作后摘要（SM3）']);
    expect(exported.map((r) => Number(r[0])).sort((a, b) => a - b)).toEqual(saves.map((e) => e.seq).sort((a, b) => a - b));
    for (const row of exported) expect(row.slice(2, 5)).toEqual([editor!.displayName, '无锡市人民政府', '保存章节']);
    expect(exported.map((r) => r[8])).toEqual(expect.arrayContaining(saves.map((e) => e.afterDigest)));

    await rows.first().getByTestId('audit-subject').click();
    await page.waitForURL(new RegExp(`/app/task-books/${bookId}$`));
    await expect.poll(() => page.getByTestId('task-book').count()).toBe(1);
    await shot('record');
  });
});
