import { eq } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batches, organisations, pilots } from '../packages/server/src/db/schema.js';
import { accessibilityProblems, clickAndAwait, newPage, openStage, pickDate, settled, signIn, type Stage } from './support.js';

// The public portal: a visitor searches, opens a pilot's public page, the seed notice and downloads its 附件1; the
// batch selector moves the list and the map together. The Ministry drafts a formatted notice with an attachment, edits
// it, publishes it to 江苏, whose department downloads the attachment.
let stage: Stage;
beforeAll(async () => {
  stage = await openStage();
  // a second announced batch with one pilot (北京), so the portal offers a choice of batches
  const db = stage.env.database.db;
  const [batch] = await db
    .insert(batches)
    .values({
      year: 2013,
      name: '2013年度',
      title: '第二批国家智慧城市试点',
      documentNo: '建办科〔2013〕22号',
      announcedOn: '2013-08-05',
    })
    .returning({ id: batches.id });
  const [dept] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, 'DEPT-110000'));
  const [org] = await db
    .insert(organisations)
    .values({ type: 'pilotGov', code: 'PILOT-2013-001', name: '北京市房山区人民政府', provinceCode: '110000', parentId: dept!.id })
    .returning({ id: organisations.id });
  await db.insert(pilots).values({
    organisationId: org!.id,
    supervisorOrgId: dept!.id,
    batchId: batch!.id,
    provinceCode: '110000',
    seq: 1,
    publishedName: '北京市房山区',
    kind: 'district',
  });
});
afterAll(() => stage?.close());

/** The text of a .docx's body. */
const docxText = (bytes: Buffer) => strFromU8(unzipSync(new Uint8Array(bytes))['word/document.xml']!).replace(/<[^>]+>/g, '');

/** Clicks a file's link and returns the bytes the browser saved. */
async function download(page: Page, name: string | RegExp) {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('link', { name }).click()]);
  return { filename: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
}

const mapText = (page: Page) => page.getByTestId('china-map-text').textContent();

describe('a visitor on the portal', () => {
  it('keeps the batch list and the map on the same batch', async () => {
    const { page, shot } = await newPage(stage, 'portal-batches');
    await page.goto(stage.baseUrl);
    await expect.poll(() => page.getByTestId('public-list').getAttribute('data-batch')).toBe('2012');
    expect(await page.getByTestId('public-map').getAttribute('data-batch')).toBe('2012');
    await expect.poll(() => mapText(page)).toContain('江苏省: 9');
    await page.getByTestId('public-batch').getByText('2013年度').click();
    await expect.poll(() => page.getByTestId('public-list').getAttribute('data-batch')).toBe('2013');
    await expect.poll(() => page.getByTestId('public-map').getAttribute('data-batch')).toBe('2013');
    expect(await page.getByTestId('public-list').innerText()).toContain('北京市房山区');
    await expect.poll(() => mapText(page)).toBe('北京市: 1');
    expect(await page.getByRole('heading', { name: '2013年度试点分布' }).count()).toBe(1);
    await shot('batch-2013');
    await page.getByTestId('public-batch').getByText('2012年度').click();
    await expect.poll(() => page.getByTestId('public-map').getAttribute('data-batch')).toBe('2012');
    await expect.poll(() => mapText(page)).toContain('江苏省: 9');
    expect(await page.getByTestId('public-list').innerText()).not.toContain('北京市房山区');
  });

  it('searches, opens a pilot’s public page, then the seed notice, and downloads 附件1', async () => {
    const { page, shot } = await newPage(stage, 'portal');
    await page.goto(stage.baseUrl);
    await settled(page);
    const box = page.getByTestId('search-box').locator('input');
    await box.fill('没有这个地方');
    await box.press('Enter');
    await page.waitForURL(/\/public\/search\?/);
    await expect.poll(() => page.getByTestId('search-empty').innerText()).toContain('没有找到相关内容');
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('search-empty');

    await box.fill('无锡');
    await box.press('Enter');
    await expect.poll(() => page.getByTestId('search-group-pilot').locator('mark').allInnerTexts()).toEqual(['无锡']);
    expect(await page.getByTestId('search-group-pilot').innerText()).toContain('无锡市');
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('search-hit');

    await page.getByTestId('search-hit-link').first().click();
    await page.waitForURL(/\/public\/pilots\/[0-9a-f-]{36}$/);
    const pilot = page.getByTestId('public-pilot');
    await expect.poll(() => pilot.getByRole('heading', { level: 1 }).innerText()).toBe('无锡市');
    const text = await pilot.innerText();
    for (const shown of ['江苏省', '地级市', '2012年度', '建办科〔2013〕5号', '尚未公布验收评级']) expect(text).toContain(shown);
    expect(await page.getByTestId('public-pilot-status').innerText()).toBe('列入试点');
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('pilot');

    await page
      .getByTestId('public-pilot-notices')
      .getByRole('link', { name: /建办科〔2013〕5号/ })
      .click();
    await expect.poll(() => page.getByTestId('public-notice-files').innerText()).toContain('附件1 第一批国家智慧城市试点名单.docx');
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('notice');
    const annex = await download(page, /附件1/);
    expect(annex.filename).toBe('附件1 第一批国家智慧城市试点名单.docx');
    const words = docxText(annex.bytes);
    expect(words).toContain('第一批国家智慧城市试点名单');
    expect(words).toContain('库尔勒市、奎屯市');
  });
});

const TITLE = '关于报送智慧城市试点年度自查材料的通知';
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(4000, 0x20)]);

describe('a formatted notice with an attachment', () => {
  it('is drafted, edited and published by the Ministry to 江苏, whose department downloads the attachment', async () => {
    const ministry = await newPage(stage, 'notice-attachment');
    const { page } = ministry;
    await signIn(page, stage.baseUrl, 'mohurd.editor');
    await page.goto(`${stage.baseUrl}/app/notices`);
    await page.getByTestId('notice-new').click();
    await page.getByTestId('notice-title').fill(TITLE);
    await pickDate(page, 'notice-issued-on', '2013-04-01');
    // the body through the toolbar: a heading, then a paragraph with a bold phrase
    await page.getByTestId('notice-body').click();
    await page.getByTestId('notice-body-h2').click();
    await page.keyboard.type('一、报送要求');
    await page.keyboard.press('Enter');
    await page.getByTestId('notice-body-p').click();
    await page.keyboard.type('请于4月底前报送，');
    await page.getByTestId('notice-body-bold').click();
    await page.keyboard.type('逾期不再受理');
    await page.getByTestId('notice-body-bold').click();
    await page.keyboard.type('。');
    await page.getByTestId('notice-orgs').click();
    await page.keyboard.type('江苏省住房和城乡建设厅');
    await page.locator('.ant-select-item-option', { hasText: '江苏省住房和城乡建设厅' }).first().click();
    await page.keyboard.press('Escape');
    // the options list closes after its animation: axe must not meet it half-gone
    await expect.poll(() => page.locator('.ant-select-dropdown').filter({ visible: true }).count()).toBe(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    await ministry.shot('draft-editor');
    await clickAndAwait(page, 'notice-save', { method: 'POST', path: '/api/notices' });
    await page.waitForURL(/\/app\/notices\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('notice-body-text').innerHTML()).toContain('<h2>一、报送要求</h2>');
    expect(await page.getByTestId('notice-body-text').innerHTML()).toMatch(/<p>请于4月底前报送，<(b|strong)>逾期不再受理<\/\1>。<\/p>/);

    const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/files'));
    await page
      .getByTestId('notice-files')
      .locator('input[type=file]')
      .setInputFiles({ name: '自查表.pdf', mimeType: 'application/pdf', buffer: PDF });
    expect((await answered).status()).toBe(201);
    await expect.poll(() => page.getByTestId('notice-files').innerText()).toContain('自查表.pdf');

    await page.getByTestId('notice-edit').click();
    await page.getByTestId('notice-title').fill(`${TITLE}（修订）`);
    await clickAndAwait(page, 'notice-save', { method: 'PATCH', path: '/api/notices/' });
    await expect.poll(() => page.getByTestId('notice-article').innerText()).toContain(`${TITLE}（修订）`);
    expect(await page.getByTestId('notice-body-text').innerHTML()).toMatch(/<(b|strong)>逾期不再受理<\/\1>/);
    await clickAndAwait(page, 'notice-publish', { method: 'POST', path: '/transitions' });
    await expect.poll(() => page.getByTestId('notice-status').innerText()).toBe('已发布');
    expect(await accessibilityProblems(page)).toEqual([]);
    await ministry.shot('published');

    const jiangsu = await newPage(stage, 'notice-attachment');
    await signIn(jiangsu.page, stage.baseUrl, 'dept-320000.viewer');
    await jiangsu.page
      .getByTestId('unread-notices')
      .getByRole('link', { name: `${TITLE}（修订）` })
      .click();
    await expect.poll(() => jiangsu.page.getByTestId('notice-files').innerText()).toContain('自查表.pdf');
    const file = await download(jiangsu.page, '自查表.pdf');
    expect(file.bytes.equals(PDF)).toBe(true);
    await jiangsu.shot('downloaded');
  });
});
