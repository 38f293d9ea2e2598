import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems, chineseOutsideNames, newPage, openStage, settled, signIn, switchToEnglish, type Stage } from './support.js';

// The Ministry publishes a notice to two provinces; 江苏 reads it; the Ministry sees 江苏's receipt. The portal shows the seed notice.
let stage: Stage;
beforeAll(async () => {
  stage = await openStage();
});
afterAll(() => stage?.close());

const TITLE = '关于开展2013年度智慧城市试点自查的通知';

describe('a notice to two provinces', () => {
  it('is drafted and published by the Ministry, read by one province, and its receipt shown to the Ministry', async () => {
    const ministry = await newPage(stage, 'notices');
    await signIn(ministry.page, stage.baseUrl, 'mohurd.editor');
    await ministry.page.goto(`${stage.baseUrl}/app/notices`);
    await ministry.page.getByTestId('notice-new').click();
    await ministry.page.getByTestId('notice-title').fill(TITLE);
    await ministry.page.getByTestId('notice-doc-number').fill('建办科函〔2013〕8号');
    const date = ministry.page.locator('[data-testid="notice-issued-on"] input, input[data-testid="notice-issued-on"]').first();
    await date.click();
    await date.fill('2013-02-01');
    await date.press('Enter');
    // typed into the body's editor (markup and scripts sent to the API: notices.test.ts)
    await ministry.page.getByTestId('notice-body').click();
    await ministry.page.keyboard.type('请于3月底前完成自查。');
    const orgs = ministry.page.getByTestId('notice-orgs');
    for (const name of ['江苏省住房和城乡建设厅', '浙江省住房和城乡建设厅']) {
      await orgs.click();
      await ministry.page.keyboard.type(name);
      await ministry.page.locator('.ant-select-item-option', { hasText: name }).first().click();
    }
    await ministry.page.keyboard.press('Escape');
    await ministry.shot('draft-dialog');
    await ministry.page.getByTestId('notice-save').click();
    await ministry.page.waitForURL(/\/app\/notices\/[0-9a-f-]{36}$/);
    await expect.poll(() => ministry.page.getByTestId('notice-status').innerText()).toBe('草稿');
    expect(await ministry.page.getByTestId('notice-body-text').innerHTML()).toBe('<p>请于3月底前完成自查。</p>');
    await ministry.page.getByTestId('notice-publish').click();
    await expect.poll(() => ministry.page.getByTestId('notice-status').innerText()).toBe('已发布');
    await expect.poll(() => ministry.page.getByTestId('notice-receipts').innerText()).toContain('江苏省住房和城乡建设厅');
    expect(await accessibilityProblems(ministry.page)).toEqual([]);
    await ministry.shot('published');
    const noticeUrl = ministry.page.url();

    // 江苏 sees it unread on its landing page and opens it
    const jiangsu = await newPage(stage, 'notices');
    await signIn(jiangsu.page, stage.baseUrl, 'dept-320000.reviewer');
    await expect.poll(() => jiangsu.page.getByTestId('unread-notices').innerText()).toContain(TITLE);
    expect(await accessibilityProblems(jiangsu.page)).toEqual([]);
    await jiangsu.shot('province-landing');
    await jiangsu.page.getByTestId('unread-notices').getByRole('link', { name: TITLE }).click();
    await expect.poll(() => jiangsu.page.getByTestId('notice-article').innerText()).toContain('请于3月底前完成自查。');
    expect(await accessibilityProblems(jiangsu.page)).toEqual([]);
    await jiangsu.shot('province-reads');

    // 北京 was not addressed: neither in its list nor at the address
    const beijing = await newPage(stage, 'notices');
    await signIn(beijing.page, stage.baseUrl, 'dept-110000.viewer');
    await beijing.page.goto(`${stage.baseUrl}/app/notices`);
    await settled(beijing.page);
    expect(await beijing.page.getByTestId('notice-list').innerText()).not.toContain(TITLE);

    // the Ministry: 江苏 read it (who, when), 浙江 not yet
    await ministry.page.goto(noticeUrl);
    const rowOf = (name: string) => ministry.page.getByTestId('notice-receipts').locator('tr', { hasText: name });
    await expect.poll(() => rowOf('江苏省住房和城乡建设厅').innerText()).toMatch(/2013/);
    expect(await rowOf('浙江省住房和城乡建设厅').innerText()).toContain('未读');
    await ministry.shot('receipts');

    // in English, the notice's words stay Chinese (marked), the page's are English
    await switchToEnglish(ministry.page);
    await expect.poll(() => ministry.page.getByTestId('notice-receipts').innerText()).toContain('Read by');
    expect(await chineseOutsideNames(ministry.page)).toEqual([]);
    await ministry.shot('receipts-en');
  });
});

describe('the public portal', () => {
  it('says what the programme is, lists the seed notice and opens its full text with 附件1 and 附件2', async () => {
    const visitor = await newPage(stage, 'notices');
    await visitor.page.goto(stage.baseUrl);
    await expect.poll(() => visitor.page.getByTestId('portal-intro').innerText()).toContain('90个城市（区、镇）为第一批试点');
    await expect.poll(() => visitor.page.getByTestId('public-footer').innerText()).toContain('主办单位：中华人民共和国住房和城乡建设部');
    await expect.poll(() => visitor.page.getByTestId('public-ratings').innerText()).toContain('尚未公布验收评级结果');
    expect(await accessibilityProblems(visitor.page)).toEqual([]);
    await visitor.shot('portal');
    await visitor.page
      .getByTestId('public-notices')
      .getByRole('link', { name: /建办科〔2013〕5号/ })
      .click();
    await expect
      .poll(() => visitor.page.getByTestId('notice-article').innerText())
      .toContain('确定北京市东城区等90个城市（区、镇）为创建国家智慧城市第一批试点');
    const text = await visitor.page.getByTestId('notice-article').innerText();
    expect(text).toContain('第一批国家智慧城市试点名单');
    expect(text).toContain('库尔勒市、奎屯市');
    expect(text).toContain('国家智慧城市创建任务书');
    expect(await accessibilityProblems(visitor.page)).toEqual([]);
    await visitor.shot('seed-notice');
    await switchToEnglish(visitor.page);
    await expect.poll(() => visitor.page.getByTestId('public-footer').innerText()).toContain('Sponsor');
    expect(await chineseOutsideNames(visitor.page)).toEqual([]);
    await visitor.shot('seed-notice-en');
  });
});
