import { execFileSync } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskBookVersions } from '../packages/server/src/db/schema.js';
import { approvedTaskBook, signProgramme } from '../packages/server/src/test/signed-programme.js';
import { accessibilityProblems, newPage, openStage, type Stage } from './support.js';

let stage: Stage;
let signedPath: string;
let draftPath: string;
beforeAll(async () => {
  stage = await openStage();
  const { taskBookId } = await signProgramme(stage.env);
  // the link as the signed PDF prints it (under the configured public address, here the default)
  const viewer = await stage.env.as('pilot-2012-025.viewer');
  const pdf = (await viewer.get(`/api/task-books/${taskBookId}/document.pdf`)).rawPayload;
  const text = execFileSync('pdftotext', ['-raw', '-', '-'], { input: pdf }).toString().replace(/\s+/g, '');
  const link = new RegExp(`${stage.env.config.publicUrl}(/verify/[0-9a-f-]{36})`).exec(text);
  expect(link, 'the printed verification link').not.toBeNull();
  signedPath = link![1]!;
  const draftId = await approvedTaskBook(stage.env, 'pilot-2012-032', 'submit');
  const [version] = await stage.env.database.db.select().from(taskBookVersions).where(eq(taskBookVersions.taskBookId, draftId));
  draftPath = `/verify/${version!.id}`;
}, 180_000);
afterAll(() => stage?.close());

describe('the public verification page', () => {
  it('shows a signed task book as verified, with its digest and three signatures, without signing in', async () => {
    const { page, shot } = await newPage(stage, 'verify-signed');
    await page.goto(`${stage.baseUrl}${signedPath}`);
    await expect.poll(() => page.getByTestId('verify-result').innerText()).toBe('校验通过');
    await expect.poll(() => page.locator('.ant-table-row').count()).toBe(3);
    expect(await page.getByTestId('verify-digest').innerText()).toMatch(/^[0-9a-f]{64}/);
    await shot('signed');
    expect(await accessibilityProblems(page)).toEqual([]);
  });

  it('says 未签署 for an unsigned version, never 校验通过', async () => {
    const { page, shot } = await newPage(stage, 'verify-draft');
    await page.goto(`${stage.baseUrl}${draftPath}`);
    await expect.poll(() => page.getByTestId('verify-result').innerText()).toBe('未签署');
    expect(await page.locator('main, .ant-layout-content').first().innerText()).not.toContain('校验通过');
    await shot('draft');
    expect(await accessibilityProblems(page)).toEqual([]);
  });
});
