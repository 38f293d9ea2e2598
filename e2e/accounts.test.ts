import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, outbox } from '../packages/server/src/db/schema.js';
import { accessibilityProblems, clickAndAwait, newPage, openStage, signIn, type Stage } from './support.js';

// 人员管理 and passwords in the browser: an administrator adds a colleague, who signs in, changes the initial
// password, forgets it and sets a new one through the e-mailed link.
let stage: Stage;
beforeAll(async () => {
  stage = await openStage();
});
afterAll(() => stage?.close());

const USERNAME = 'js.liming';
const INITIAL = 'Initial-2013-pw';
const CHANGED = 'Changed-2013-pw';
const RESET = 'Reset-2013-pw';

describe('people and accounts', () => {
  it('an administrator adds a colleague, signs out, and the colleague signs in, changes and resets the password', async () => {
    const { page, shot } = await newPage(stage, 'accounts');
    await signIn(page, stage.baseUrl, 'dept-320000.admin');
    await page.getByRole('menuitem', { name: '人员管理' }).click();
    await page.waitForURL(/\/app\/people$/);
    await expect.poll(() => page.title()).toBe('人员管理 - 国家智慧城市试点管理平台');
    const table = page.getByTestId('people-table');
    await expect.poll(() => table.innerText()).toContain('dept-320000.viewer');
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('people');

    await page.getByTestId('add-person').click();
    const dialog = page.getByRole('dialog');
    await page.getByTestId('person-username').fill(USERNAME);
    await page.getByTestId('person-displayName').fill('李明');
    await page.getByTestId('person-email').fill('liming@jsszjt.gov.cn');
    await dialog.getByRole('checkbox', { name: '审核' }).check();
    // the initial password must satisfy the rule before anything is sent
    await page.getByTestId('person-password').fill('short');
    await page.getByTestId('add-person-submit').click();
    await expect.poll(() => dialog.getByText('密码：过短或过小').count()).toBe(1);
    await page.getByTestId('person-password').fill(INITIAL);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('add-dialog');
    await page.getByTestId('add-person-submit').click();
    await expect.poll(() => table.innerText()).toContain(USERNAME);
    const row = table.locator('tr', { hasText: USERNAME });
    expect(await row.innerText()).toMatch(/李明[\s\S]*liming@jsszjt\.gov\.cn[\s\S]*查看[\s\S]*审核[\s\S]*正常/);
    await shot('added');

    await page.getByTestId('signout').click();
    await page.waitForURL(`${stage.baseUrl}/`);

    // the colleague signs in with the initial password
    await page.goto(`${stage.baseUrl}/login`);
    await page.getByTestId('login-username').fill(USERNAME);
    await page.getByTestId('login-password').fill(INITIAL);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/app\//);
    await expect.poll(() => page.getByTestId('user-org-name').innerText()).toBe('江苏省住房和城乡建设厅');
    // a reviewer, not an administrator: no people page
    expect(await page.getByRole('menuitem', { name: '人员管理' }).count()).toBe(0);
    await shot('colleague-signed-in');

    // and changes the password from the user menu
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '修改密码' }).click();
    await page.waitForURL(/\/app\/password$/);
    await page.getByTestId('current-password').fill('not-the-password');
    await page.getByTestId('new-password').fill(CHANGED);
    await page.getByTestId('confirm-password').fill(CHANGED);
    await page.getByTestId('change-password-submit').click();
    await expect.poll(() => page.getByText('当前密码：密码不正确').count()).toBe(1);
    await page.getByTestId('current-password').fill(INITIAL);
    await page.getByTestId('change-password-submit').click();
    await expect.poll(() => page.getByText('密码已修改').count()).toBe(1);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('password-changed');
    await page.getByTestId('signout').click();
    await page.waitForURL(`${stage.baseUrl}/`);

    // forgets it: the sign-in page leads to the reset request
    await page.goto(`${stage.baseUrl}/login`);
    await page.getByTestId('forgot-link').click();
    await page.waitForURL(/\/forgot-password$/);
    await page.getByTestId('forgot-username').fill(USERNAME);
    await page.getByTestId('forgot-submit').click();
    await page.getByTestId('reset-sent').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('reset-sent');
    const [mail] = await stage.env.database.db.select().from(outbox).where(eq(outbox.toAddress, 'liming@jsszjt.gov.cn'));
    // the link is built from the configured public address; the test server listens elsewhere, so only its token is used
    const link = new URL(/https?:\/\/\S+/.exec(mail!.body)![0]);
    expect(link.origin).toBe(stage.env.config.publicUrl);
    await page.goto(`${stage.baseUrl}/reset-password${link.search}`);
    await page.getByTestId('reset-password').fill(RESET);
    await page.getByTestId('reset-confirm').fill(RESET);
    await page.getByTestId('reset-submit').click();
    await page.getByTestId('reset-done').waitFor();
    await shot('reset-done');
    // the link works once
    await page.goto(`${stage.baseUrl}/reset-password${link.search}`);
    await page.getByTestId('reset-password').fill('Again-2013-pw');
    await page.getByTestId('reset-confirm').fill('Again-2013-pw');
    await page.getByTestId('reset-submit').click();
    await expect.poll(() => page.getByTestId('reset-error').innerText()).toContain('链接无效、已使用或已过期');

    await page.goto(`${stage.baseUrl}/login`);
    await page.getByTestId('login-username').fill(USERNAME);
    await page.getByTestId('login-password').fill(RESET);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/app\//);
  });

  it('the administrator corrects the colleague’s name, 职务 and e-mail; a bad e-mail is refused beside its field', async () => {
    const { page, shot } = await newPage(stage, 'accounts-edit');
    await signIn(page, stage.baseUrl, 'dept-320000.admin');
    await page.goto(`${stage.baseUrl}/app/people`);
    await page.getByTestId(`edit-${USERNAME}`).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => page.getByTestId('edit-displayName').inputValue()).toBe('李明');
    await page.getByTestId('edit-displayName').fill('李晓明');
    await page.getByTestId('edit-title').fill('副处长');
    await page.getByTestId('edit-email').fill('lixiaoming-at-jsszjt');
    await page.getByTestId('edit-submit').click();
    await expect.poll(() => dialog.getByText('电子邮箱：格式不正确').count()).toBe(1);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('edit-bad-email');
    await page.getByTestId('edit-email').fill('lixiaoming@jsszjt.gov.cn');
    await page.getByTestId('edit-submit').click();
    const row = page.getByTestId('people-table').locator('tr', { hasText: USERNAME });
    await expect.poll(() => row.innerText()).toMatch(/李晓明[\s\S]*副处长[\s\S]*lixiaoming@jsszjt\.gov\.cn/);
    await shot('edited');
    // the change is audited, and the colleague's signatures now carry the new name and title
    const [audit] = await stage.env.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'user.update'))
      .orderBy(desc(auditLog.seq))
      .limit(1);
    expect(audit?.afterDigest).toMatch(/^[0-9a-f]{64}$/);
    const colleague = stage.env.anonymous();
    expect((await colleague.signIn(USERNAME, RESET)).statusCode).toBe(200);
    expect((await colleague.get('/api/session')).json().user).toMatchObject({ displayName: '李晓明', title: '副处长' });
  });

  it('the administrator disables the colleague after confirming, and the colleague’s open session ends', async () => {
    const colleague = stage.env.anonymous();
    expect((await colleague.signIn(USERNAME, RESET)).statusCode).toBe(200);
    const { page, shot } = await newPage(stage, 'accounts-disable');
    await signIn(page, stage.baseUrl, 'dept-320000.admin');
    await page.goto(`${stage.baseUrl}/app/people`);
    await page.getByTestId(`toggle-${USERNAME}`).click();
    await shot('confirm-disable');
    await clickAndAwait(page, 'confirm-toggle', { method: 'PATCH', path: '/api/users/' });
    const row = page.getByTestId('people-table').locator('tr', { hasText: USERNAME });
    await expect.poll(() => row.innerText()).toContain('已停用');
    await shot('disabled');
    expect((await colleague.get('/api/session')).statusCode).toBe(401);
  });
});
