import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPage, openStage, signIn, type Stage } from './support.js';

let stage: Stage;
beforeAll(async () => {
  stage = await openStage();
});
afterAll(() => stage?.close());

async function sign(page: Page, name: string) {
  await page.getByTestId('agreement-sign-name').locator('xpath=descendant-or-self::input').first().fill(name);
  await page.getByTestId('agreement-sign-title').locator('xpath=descendant-or-self::input').first().fill('负责人');
  await page.getByTestId('agreement-sign-submit').click();
}

describe('a co-promotion agreement (共同推进智慧城市创建协议)', () => {
  it('is drafted by the Ministry, frozen, signed by the Ministry and the provincial government, and verifies', async () => {
    const ministry = await newPage(stage, 'agreement-ministry');
    await signIn(ministry.page, stage.baseUrl, 'mohurd.admin');
    await ministry.page.goto(`${stage.baseUrl}/app/agreements`);
    await ministry.page.getByTestId('agreement-create').click();
    await ministry.page.getByTestId('agreement-province').click();
    await ministry.page
      .locator('.ant-select-dropdown')
      .filter({ visible: true })
      .locator('.ant-select-item-option')
      .filter({ hasText: '江苏省' })
      .first()
      .click();
    for (const [f, text] of [
      ['goals', '共同推进江苏省 9 个试点的智慧城市创建'],
      ['ministryDuties', '指导、评估试点创建工作'],
      ['provinceDuties', '统筹协调，落实配套政策和资金'],
      ['support', '在相关项目和资金上予以支持'],
      ['term', '2013 年至 2015 年'],
    ]) {
      await ministry.page.getByTestId(`agreement-${f}`).locator('xpath=descendant-or-self::textarea').first().fill(text!);
    }
    await ministry.page.locator('.ant-modal-footer .ant-btn-primary').click();
    await ministry.page.waitForURL(/\/app\/agreements\/[0-9a-f-]{36}/);
    const url = ministry.page.url();
    await expect.poll(() => ministry.page.getByTestId('agreement').innerText()).toContain('江苏省人民政府');
    await ministry.page.getByTestId('agreement-action-freeze').click();
    await expect.poll(() => ministry.page.getByTestId('agreement-status').innerText()).toContain('签署中');
    await ministry.shot('frozen');

    // each party signs through its signatory
    const ministrySigner = await newPage(stage, 'agreement-ministry-signatory');
    await signIn(ministrySigner.page, stage.baseUrl, 'mohurd.signatory');
    await ministrySigner.page.goto(url);
    await sign(ministrySigner.page, '仇保兴');
    await expect.poll(() => ministrySigner.page.getByTestId('agreement-signature-ministry').innerText()).toContain('仇保兴');

    const province = await newPage(stage, 'agreement-province');
    await signIn(province.page, stage.baseUrl, 'gov-320000.signatory');
    await province.page.goto(url);
    await sign(province.page, '江苏省长');
    await expect.poll(() => province.page.getByTestId('agreement-status').innerText()).toContain('已签署');
    await province.page.getByTestId('agreement-verify').click();
    await expect.poll(() => province.page.getByTestId('agreement-verify-result').innerText()).toContain('校验通过');
    await province.shot('signed-and-verified');
    const pdf = await province.page.request.get(`${url.replace('/app/agreements/', '/api/agreements/')}/document.pdf`);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
