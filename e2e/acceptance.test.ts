import type { RatingRule } from '@smartcity/domain';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../packages/server/src/db/schema.js';
import { acceptanceKit } from '../packages/server/src/test/acceptance-fixture.js';
import {
  accessibilityProblems,
  clickAndAwait,
  confirmTransition,
  field,
  fill,
  newPage,
  openStage,
  settled,
  signIn,
  type Stage,
} from './support.js';

let stage: Stage;
let acceptanceId = '';
let experts: string[] = [];
let rule: RatingRule;
const url = () => `${stage.baseUrl}/app/acceptances/${acceptanceId}`;

/*
 * 无锡's 2013–2015 task book is signed; its 2015 report says every quantitative 规定项 reached its final target, the
 * 创新项 got half way from its baseline, the key project is 80 % complete; no inspection findings.
 */
const INNOVATIVE_ACTUAL = 50;
const PERCENT_COMPLETE = 80;

beforeAll(async () => {
  stage = await openStage();
  const kit = acceptanceKit(() => stage.env);
  const wuxi = await kit.signedPilot('PILOT-2012-025');
  const finalTarget = (id: string) => kit.content.indicators.items.find((i) => i.id === id)!.targetsByYear['2015'];
  await kit.report(
    wuxi,
    2015,
    'accepted',
    (id) => (id === 'inno-1' ? INNOVATIVE_ACTUAL : typeof finalTarget(id) === 'number' ? (finalTarget(id) as number) : null),
    PERCENT_COMPLETE,
  );
  // after the creation period (sessions do not outlive the jump, so everyone signs in afterwards)
  stage.env.clock.advance(new Date('2016-01-04T02:00:00Z').getTime() - stage.env.clock.now().getTime());
  const admin = await stage.env.as('pilot-2012-025.admin');
  const created = await admin.post(`/api/pilots/${wuxi.pilotId}/acceptance`);
  expect(created.statusCode, created.body).toBe(201);
  acceptanceId = created.json().id;
  // the rule as the Ministry publishes it: the test's expectations are computed from these weights
  rule = (await admin.get('/api/rating-rules/current')).json().rule;
}, 120_000);
afterAll(() => stage?.close());

/** What each part should add, computed here from the published rule and the data above (not by the code under test). */
function expectedParts() {
  const k = acceptanceKit(() => stage.env).content;
  const rated = k.indicators.items.filter((i) => typeof i.targetsByYear['2015'] === 'number');
  let weighted = 0;
  let weights = 0;
  for (const i of rated) {
    const target = i.targetsByYear['2015'] as number;
    const base = i.baseline.value ?? 0;
    const actual = i.id === 'inno-1' ? INNOVATIVE_ACTUAL : target;
    const w = rule.categoryWeights[i.category];
    weighted += w * Math.min(1, Math.max(0, (actual - base) / (target - base)));
    weights += w;
  }
  const scores = { indicator: weighted / weights, project: PERCENT_COMPLETE / 100, rectification: 1 };
  const weight = { indicator: rule.parts.indicators, project: rule.parts.projects, rectification: rule.parts.rectification };
  return (['indicator', 'project', 'rectification'] as const).map((part) => ({
    part,
    weight: `${Math.round(weight[part] * 100)}%`,
    score: `${Math.round(scores[part] * 10_000) / 100}%`,
    points: Math.round(weight[part] * scores[part] * 100 * 100) / 100,
  }));
}

/** The rating card's parts as shown, row by row. */
async function shownParts(page: Page) {
  const rows = page.getByTestId('rating-parts').locator('tbody tr[data-part]');
  await expect.poll(() => rows.count()).toBe(3);
  return Promise.all(
    (await rows.all()).map(async (row) => ({
      part: await row.getAttribute('data-part'),
      weight: await row.getByTestId('part-weight').innerText(),
      score: await row.getByTestId('part-score').innerText(),
      points: Number(await row.getByTestId('part-points').innerText()),
    })),
  );
}

async function checkRatingCard(page: Page) {
  const expected = expectedParts();
  expect(await shownParts(page)).toEqual(expected);
  const total = Math.round(expected.reduce((s, p) => s + p.points, 0) * 100) / 100;
  expect(Number(await page.getByTestId('rating-score').innerText())).toBe(total);
  const stars = rule.thresholds.find((t) => total >= t.minScore)!.stars;
  expect(await page.getByTestId('rating-stars').innerText()).toBe({ 3: '三星', 2: '二星', 1: '一星' }[stars]);
  // the thresholds and the floor are on the card, so the stars can be checked by hand too
  const thresholds = await page.getByTestId('rating-thresholds').innerText();
  for (const t of rule.thresholds) expect(thresholds).toContain(`≥ ${t.minScore} 分`);
  expect(await page.getByTestId('rating-floor').innerText()).toContain(`${Math.round(rule.requiredFloor * 100)}%`);
}

const usernameOf = async (id: string) =>
  (await stage.env.database.db.select({ username: users.username }).from(users).where(eq(users.id, id)))[0]!.username;

describe('an acceptance, from the pilot’s narrative to the confirmed rating and a new rule version', () => {
  it('the pilot edits its self-assessment while the acceptance is a draft', async () => {
    const { page, shot } = await newPage(stage, 'acceptance/1-pilot-narrative');
    await signIn(page, stage.baseUrl, 'pilot-2012-025.admin');
    await page.goto(url());
    await settled(page);
    await page.getByTestId('acc-narrative-edit').click();
    await fill(page, 'acc-narrative-input', '');
    await page.getByTestId('acc-narrative-save').click();
    await expect.poll(() => page.getByTestId('acceptance').innerText()).toContain('请填写自评报告');
    await fill(page, 'acc-narrative-input', '三年创建期内建成城市公共信息平台，规定项目标全部完成。');
    await page.getByTestId('acc-narrative-save').click();
    await expect.poll(() => page.getByTestId('acc-narrative').innerText()).toContain('规定项目标全部完成');
    await checkRatingCard(page);
    await shot('narrative-saved');
    expect(await accessibilityProblems(page)).toEqual([]);

    // submitted (the submission's own journey is the lifecycle's): the narrative is no longer editable
    const admin = await stage.env.as('pilot-2012-025.admin');
    expect((await admin.post(`/api/acceptances/${acceptanceId}/transitions`, { action: 'submit' })).statusCode).toBe(200);
    await page.reload();
    await settled(page);
    expect(await page.getByTestId('acc-narrative-edit').count()).toBe(0);
    const panel = (await (await stage.env.as('mohurd.admin')).post(`/api/acceptances/${acceptanceId}/assignments`, {})).json().panel;
    experts = await Promise.all(panel.items.map((r: { expert: { id: string } }) => usernameOf(r.expert.id)));
    expect(experts).toHaveLength(3);
  });

  it('an expert declares, keeps a draft, is refused an out-of-range score and submits after confirming', async () => {
    const { page, shot } = await newPage(stage, 'acceptance/2-expert');
    await signIn(page, stage.baseUrl, experts[0]!);
    await page.goto(`${stage.baseUrl}/app/my-reviews`);
    const task = page.getByTestId(`task-status-${acceptanceId}`);
    await expect.poll(() => task.innerText()).toBe('待声明');
    await shot('my-review-tasks');
    await page.getByTestId('my-review-tasks').locator(`a[href$="${acceptanceId}"]`).click();
    await page.waitForURL(url());
    await expect.poll(() => page.getByTestId('declaration').count()).toBe(1);
    await page.getByTestId('declare-none').click();
    await page.getByTestId('declare-submit').click();
    await expect.poll(() => page.getByTestId('score-form').count()).toBe(1);
    expect(await page.getByTestId('guidance-overall').innerText()).toContain('对照任务书目标');

    await fill(page, 'score-overall', 120);
    await page.getByTestId('score-save-draft').click();
    await expect.poll(() => page.getByTestId('score-form').innerText()).toContain('请输入 0 至 100 之间的分数');
    await shot('out-of-range');
    await fill(page, 'score-overall', 86);
    await fill(page, 'score-comment', '目标基本达成');
    await page.getByTestId('score-save-draft').click();
    await expect.poll(() => page.locator('.ant-message').innerText()).toContain('草稿已保存');
    await page.reload();
    await expect.poll(() => field(page, 'score-overall').inputValue()).toBe('86');
    await shot('draft-back');

    await fill(page, 'score-overall', 88);
    await page.getByTestId('score-submit').click();
    // final: confirmed first, with the total it will count
    await expect.poll(() => page.locator('.ant-modal').innerText()).toContain('88');
    await shot('confirm');
    await clickAndAwait(page, 'score-confirm', { method: 'PUT', path: /\/reviews\/mine$/ });
    await expect.poll(() => page.getByTestId('score-form').count()).toBe(0);
    await expect.poll(() => page.getByTestId('acceptance-panel').innerText()).toContain('目标基本达成');

    await checkRatingCard(page);
    await shot('scored');
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.goto(`${stage.baseUrl}/app/my-reviews`);
    await expect.poll(() => task.innerText()).toBe('已提交');
  });

  it('the Ministry confirms: the confirmed rating adds up the same way', async () => {
    for (const who of experts.slice(1)) {
      const expert = await stage.env.as(who);
      expect((await expert.post(`/api/acceptances/${acceptanceId}/reviews/mine/declaration`, { conflict: false })).statusCode).toBe(200);
      const res = await expert.request('PUT', `/api/acceptances/${acceptanceId}/reviews/mine`, {
        scores: { overall: 90 },
        comment: '同意',
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const { page, shot } = await newPage(stage, 'acceptance/3-ministry-confirm');
    await signIn(page, stage.baseUrl, 'mohurd.admin');
    await page.goto(url());
    await settled(page);
    await page.getByTestId('acc-action-confirm').click();
    await confirmTransition(page);
    await expect.poll(() => page.getByTestId('acceptance-status').innerText()).toBe('已确认评级');
    await checkRatingCard(page);
    await shot('confirmed');
    expect(await accessibilityProblems(page)).toEqual([]);
  });

  it('the Ministry publishes a new rule version, told at the field what is wrong first', async () => {
    const { page, shot } = await newPage(stage, 'acceptance/4-rating-rules');
    await signIn(page, stage.baseUrl, 'mohurd.admin');
    await page.getByRole('menuitem', { name: '评级规则' }).click();
    await page.waitForURL(/\/app\/rating-rules$/);
    await expect.poll(() => page.getByTestId(`rule-${rule.version}`).innerText()).toContain('现行');
    await page.getByTestId(`rule-${rule.version}`).click();
    await expect.poll(() => page.getByTestId('rule-details').innerText()).toContain(`${Math.round(rule.parts.indicators * 100)}%`);
    await page.getByTestId('rule-create').click();
    await fill(page, 'rule-version', '2027.1');
    await fill(page, 'rule-part-indicators', 50); // 50 + 30 + 10: not 100
    await page.getByTestId('rule-submit').click();
    await expect.poll(() => page.getByTestId('rule-form').innerText()).toContain('各项权重之和必须为 1');
    await shot('refused');
    await fill(page, 'rule-part-projects', 40);
    await page.getByTestId('rule-submit').click();
    await expect.poll(() => page.getByTestId('rule-form-card').count()).toBe(0);
    await expect.poll(() => page.getByTestId('rule-2027.1').innerText()).toContain('现行');
    expect(await page.getByTestId(`rule-${rule.version}`).innerText()).not.toContain('现行');
    await shot('published');
    expect(await accessibilityProblems(page)).toEqual([]);
    const current = (await (await stage.env.as('mohurd.viewer')).get('/api/rating-rules/current')).json();
    expect(current).toMatchObject({ version: '2027.1', rule: { parts: { indicators: 0.5, projects: 0.4, rectification: 0.1 } } });
  });
});
