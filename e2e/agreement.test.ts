import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPerson } from '../packages/server/src/test/signed-programme.js';
import { accessibilityProblems, choose, clickAndAwait, newPage, openStage, signIn, settled, signInDialog, type Stage } from './support.js';

let stage: Stage;
beforeAll(async () => {
  stage = await openStage();
});
afterAll(() => stage?.close());

/** The signatory, named in the account's records, signs in the dialog with its password. */
async function sign(page: Page, username: string, name: string) {
  await setPerson(stage.env, username, { name, title: '负责人' });
  await page.reload();
  await settled(page);
  expect(await signInDialog(page, 'agreement-')).toMatch(/^[0-9a-f]{64}$/);
}

describe('a co-promotion agreement (共同推进智慧城市创建协议)', () => {
  it('is drafted by the Ministry, frozen, signed by the Ministry and the provincial government, and verifies', async () => {
    const ministry = await newPage(stage, 'agreement-ministry');
    await signIn(ministry.page, stage.baseUrl, 'mohurd.admin');
    await ministry.page.goto(`${stage.baseUrl}/app/agreements`);
    await ministry.page.getByTestId('agreement-create').click();
    await choose(ministry.page, 'agreement-province', '江苏省');
    for (const [f, text] of [
      ['goals', '共同推进江苏省 9 个试点的智慧城市创建'],
      ['ministryDuties', '指导、评估试点创建工作'],
      ['provinceDuties', '统筹协调，落实配套政策和资金'],
      ['support', '在相关项目和资金上予以支持'],
      ['term', '2013 年至 2015 年'],
    ]) {
      await ministry.page.getByTestId(`agreement-${f}`).locator('xpath=descendant-or-self::textarea').first().fill(text!);
    }
    await clickAndAwait(ministry.page, ministry.page.locator('.ant-modal-footer .ant-btn-primary'), {
      method: 'POST',
      path: /^\/api\/agreements$/,
    });
    await ministry.page.waitForURL(/\/app\/agreements\/[0-9a-f-]{36}/);
    const url = ministry.page.url();
    await expect.poll(() => ministry.page.getByTestId('agreement').innerText()).toContain('江苏省人民政府');

    // while a draft, the text can still change: a term over its 2,000 characters is refused beside it, then it saves
    await ministry.page.getByTestId('agreement-edit').click();
    const term = ministry.page.getByTestId('agreement-term').locator('xpath=descendant-or-self::textarea').first();
    await expect.poll(() => term.inputValue()).toBe('2013 年至 2015 年');
    await term.fill('年'.repeat(2001));
    await ministry.page.getByTestId('agreement-edit-submit').click();
    await expect.poll(() => ministry.page.getByRole('dialog').getByText('协议期限：过长或过大').count()).toBe(1);
    await term.fill('2013 年至 2016 年');
    expect(await accessibilityProblems(ministry.page)).toEqual([]);
    await ministry.shot('editing-text');
    await ministry.page.getByTestId('agreement-edit-submit').click();
    await expect.poll(() => ministry.page.getByTestId('agreement').innerText()).toContain('2013 年至 2016 年');
    expect(await ministry.page.getByTestId('agreement').innerText()).not.toContain('2015');

    await clickAndAwait(ministry.page, 'agreement-action-freeze', { method: 'POST', path: '/transitions' });
    await expect.poll(() => ministry.page.getByTestId('agreement-status').innerText()).toContain('签署中');
    // past the draft the text is fixed: the button stays, disabled, with the reason
    expect(await ministry.page.getByTestId('agreement-edit').isDisabled()).toBe(true);
    expect(await ministry.page.getByTestId('agreement-edit-reason').innerText()).toBe('协议已定稿，文本不能再修改');
    expect(await accessibilityProblems(ministry.page)).toEqual([]);
    await ministry.shot('frozen');

    // each party signs through its signatory
    const ministrySigner = await newPage(stage, 'agreement-ministry-signatory');
    await signIn(ministrySigner.page, stage.baseUrl, 'mohurd.signatory');
    await ministrySigner.page.goto(url);
    await sign(ministrySigner.page, 'mohurd.signatory', '仇保兴');
    await expect.poll(() => ministrySigner.page.getByTestId('agreement-signature-ministry').innerText()).toContain('仇保兴');

    const province = await newPage(stage, 'agreement-province');
    await signIn(province.page, stage.baseUrl, 'gov-320000.signatory');
    await province.page.goto(url);
    await sign(province.page, 'gov-320000.signatory', '江苏省长');
    await expect.poll(() => province.page.getByTestId('agreement-status').innerText()).toContain('已签署');
    await province.page.getByTestId('agreement-verify').click();
    await expect.poll(() => province.page.getByTestId('agreement-verify-result').innerText()).toContain('校验通过');
    await province.shot('signed-and-verified');
    const pdf = await province.page.request.get(`${url.replace('/app/agreements/', '/api/agreements/')}/document.pdf`);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
