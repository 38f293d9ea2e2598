import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems, clickUntil, newPage, openStage, pickDate, signIn, type Stage } from './support.js';

// A pilot past its task-book deadline asks for an extension; the Ministry grants it from its to-do list; the pilot is told.
let stage: Stage;
let taskBookId: string;
beforeAll(async () => {
  stage = await openStage();
  const editor = await stage.env.as('pilot-2012-025.editor'); // 无锡市, batch 2012: first submission due 2013-02-22
  const pilotId = (await editor.get('/api/pilots')).json().items[0].id;
  taskBookId = (await editor.post(`/api/pilots/${pilotId}/task-books`)).json().id;
  stage.env.clock.advance(25 * 86_400_000); // 2013-02-26
});
afterAll(() => stage?.close());

describe('an extension of a passed deadline', () => {
  it('is requested by the pilot, granted by the Ministry with an opinion, and reaches the pilot with the new deadline', async () => {
    const pilot = await newPage(stage, 'extension');
    await signIn(pilot.page, stage.baseUrl, 'pilot-2012-025.editor');
    await pilot.page.goto(`${stage.baseUrl}/app/task-books/${taskBookId}`);
    await pilot.page.getByTestId('extension-request-open').click();
    const dialog = pilot.page.getByRole('dialog');
    // the reason is required (the click sends nothing without one: repeated if lost to the opening dialog)
    await clickUntil(
      dialog.getByRole('button', { name: '提交申请' }),
      async () => (await dialog.getByText('请填写申请理由').count()) === 1,
    );
    await pilot.page.getByTestId('extension-request-reason').fill('专家论证会推迟至三月上旬，请求延期报送');
    // Enter in the date field may send the form itself (after antd's validation): send it by the button only if it has not
    const sentByEnter = pilot.page
      .waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/extension-requests'), { timeout: 5_000 })
      .then(
        () => true,
        () => false,
      );
    await pickDate(pilot.page, 'extension-request-until', '2013-03-15');
    await pilot.shot('request-dialog');
    if (!(await sentByEnter)) await dialog.getByRole('button', { name: '提交申请' }).click();
    await expect.poll(() => pilot.page.getByTestId('extension-latest').innerText()).toContain('待审批');
    expect(await pilot.page.getByTestId('extension-request-open').isDisabled()).toBe(true);
    await pilot.shot('requested');

    const ministry = await newPage(stage, 'extension');
    await signIn(ministry.page, stage.baseUrl, 'mohurd.reviewer');
    await ministry.page.goto(`${stage.baseUrl}/app/todos`);
    await ministry.page.getByRole('link', { name: '无锡市 · 审批延期申请' }).click();
    await ministry.page.waitForURL(/\/app\/extensions\//);
    await expect.poll(() => ministry.page.getByTestId('extension-page').innerText()).toContain('专家论证会推迟至三月上旬');
    expect(await accessibilityProblems(ministry.page)).toEqual([]);
    await ministry.shot('ministry-todo-opened');
    await ministry.page.getByTestId('extension-approve').click();
    await ministry.page.getByTestId('extension-decide-reason').fill('同意，请于 3 月 15 日前报送');
    await ministry.shot('approve-dialog');
    await ministry.page.getByTestId('extension-decide').click();
    await expect.poll(() => ministry.page.getByTestId('extension-status').innerText()).toBe('已同意延期');
    await ministry.shot('granted');

    // the pilot: a notification in its language, and the new deadline on the task book
    await pilot.page.goto(`${stage.baseUrl}/app/notifications`);
    await expect
      .poll(() => pilot.page.getByTestId('notifications-page-list').innerText())
      .toContain('无锡市创建任务书报送期限已延至 2013-03-15');
    expect(await accessibilityProblems(pilot.page)).toEqual([]);
    await pilot.shot('notified');
    await pilot.page.goto(`${stage.baseUrl}/app/task-books/${taskBookId}`);
    await expect.poll(() => pilot.page.getByTestId('task-book-deadline').innerText()).toContain('延期至 2013-03-15');
    await expect.poll(() => pilot.page.getByTestId('extension-latest').innerText()).toContain('同意，请于 3 月 15 日前报送');
    await pilot.shot('new-deadline');
  });
});
