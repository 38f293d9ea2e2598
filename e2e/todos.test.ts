import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedTaskBook } from '../packages/server/src/modules/annual-reports/test-helpers.js';
import { accessibilityProblems, newPage, openStage, settled, signIn, type Stage } from './support.js';

// A province reviewer who owes more than a page: pilot-2012-031 (江苏) has a signed task book and 24 annual
// reports waiting for the province (written in SQL, as a backlog of years would have left them). The card pages by 20
// and says what it holds in all.
const REPORTS = 24;
let stage: Stage;
beforeAll(async () => {
  stage = await openStage();
  const { taskBookId, pilotId } = await signedTaskBook(stage.env, 'pilot-2012-031');
  await stage.env.database.db.execute(sql`
    insert into annual_reports (pilot_id, task_book_id, year, status, content)
    select ${pilotId}, ${taskBookId}, 2015 + g, 'provinceReview', '{}'::jsonb from generate_series(1, ${REPORTS}) g`);
});
afterAll(() => stage?.close());

describe('a long to-do list', () => {
  it('pages by 20 and counts every page by kind', async () => {
    const { page, shot } = await newPage(stage, 'todos');
    await signIn(page, stage.baseUrl, 'dept-320000.reviewer');
    await page.goto(`${stage.baseUrl}/app/todos`);
    await settled(page);
    const summary = page.getByTestId('todo-summary');
    await expect.poll(() => summary.innerText()).toContain(`共 ${REPORTS} 项，逾期 0 项`);
    expect(await summary.innerText()).toContain(`审核年度自评价报告 ${REPORTS}`);
    const items = page.getByTestId('todo-list').getByTestId('todo-item');
    await expect.poll(() => items.count()).toBe(20);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('first-page');

    // each names its year, so a pilot's years owed at once tell apart: 24 years over the two pages
    const years = async () => (await items.allInnerTexts()).map((text) => /(\d{4})年度/.exec(text)?.[1]);
    const first = await years();
    await page.getByTestId('todo-list').getByRole('listitem', { name: '2' }).click();
    await expect.poll(() => items.count()).toBe(REPORTS - 20);
    expect(await items.first().innerText()).toContain('审核年度自评价报告');
    const all = [...first, ...(await years())].map(Number).sort();
    expect(all).toEqual(Array.from({ length: REPORTS }, (_, i) => 2016 + i));
    await shot('second-page');
  });
});
