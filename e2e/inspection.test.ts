import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmTransition, newPage, openStage, settled, signIn, type Stage } from './support.js';

let stage: Stage;
let inspectionId: string;
const PDF = { name: '现场照片.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% photo\n') };

beforeAll(async () => {
  stage = await openStage();
  // the province records the inspection through the API (the form is covered by API tests); the journey is the files and rectification
  const province = await stage.env.as('dept-320000.reviewer');
  const pilotId = (await province.get('/api/pilots?pageSize=1')).json().items[0].id as string;
  const res = await province.post('/api/inspections', {
    pilotId,
    inspectedOn: '2013-01-30',
    inspectors: ['张检查'],
    projectsChecked: ['城市公共信息平台一期'],
    summary: '平台数据共享不足',
    findings: [{ title: '部门数据未接入平台', description: '住建、交通数据未共享', rectificationDue: '2013-03-31' }],
  });
  expect(res.statusCode, res.body).toBe(201);
  inspectionId = res.json().id;
}, 120_000);
afterAll(() => stage?.close());

describe('an inspection with rectification', () => {
  it('takes the province’s photos, the pilot’s evidence and answer, and is closed by the province', async () => {
    const province = await newPage(stage, 'inspection-province');
    await signIn(province.page, stage.baseUrl, 'dept-320000.reviewer');
    await province.page.goto(`${stage.baseUrl}/app/inspections/${inspectionId}`);
    await province.page.locator('[data-testid="inspection-files"] input[type=file]').setInputFiles(PDF);
    await expect.poll(() => province.page.getByTestId('inspection-files').innerText()).toContain('现场照片.pdf');
    await province.shot('inspection-with-photo');

    const pilot = await newPage(stage, 'inspection-pilot');
    await signIn(pilot.page, stage.baseUrl, 'pilot-2012-025.editor');
    await pilot.page.goto(`${stage.baseUrl}/app/inspections/${inspectionId}`);
    await expect.poll(() => pilot.page.getByTestId('inspection-files').innerText()).toContain('现场照片.pdf');
    await pilot.page.locator('[data-testid="finding-0-evidence"] input[type=file]').setInputFiles({ ...PDF, name: '整改报告.pdf' });
    await expect.poll(() => pilot.page.getByTestId('finding-0-evidence').innerText()).toContain('整改报告.pdf');
    await pilot.page.getByTestId('finding-0-action-answer').click();
    await pilot.page
      .getByTestId('action-reason')
      .locator('xpath=descendant-or-self::textarea')
      .first()
      .fill('住建、交通数据已于 3 月接入平台');
    await confirmTransition(pilot.page);
    await expect.poll(() => pilot.page.getByTestId('finding-0-status').innerText()).toContain('已答复');
    await pilot.shot('answered');

    await province.page.reload();
    await settled(province.page);
    await province.page.getByTestId('finding-0-action-close').click();
    await confirmTransition(province.page);
    await expect.poll(() => province.page.getByTestId('finding-0-status').innerText()).toContain('已关闭');
    await province.shot('closed');
  });
});
