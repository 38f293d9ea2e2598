import { RATING_RULE_2026 } from '@smartcity/domain';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptances, auditLog, pilots, taskBooks, users } from '../../db/schema.js';
import { createTestEnv, type Agent, type TestEnv } from '../../test/harness.js';
import { acceptanceKit } from '../../test/acceptance-fixture.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

const as = (who: string) => env.as(who);
const db = () => env.database.db;
const { pilotOf, signedPilot, report, finding } = acceptanceKit(() => env);
/** The indicators the rule rates: the quantitative ones (规定项 1.2.1–1.2.3 and the 创新项); qualitative ones are the experts' to judge. */
const RATED_IDS = ['i-1.2.1', 'i-1.2.2', 'i-1.2.3', 'inno-1'];

const fire = (agent: Agent, id: string, action: string, extra: object = {}) =>
  agent.post(`/api/acceptances/${id}/transitions`, { action, ...extra });
const declare = (agent: Agent, id: string, conflict = false) => agent.post(`/api/acceptances/${id}/reviews/mine/declaration`, { conflict });
const score = (agent: Agent, id: string, value: number, comment = '同意') =>
  agent.request('PUT', `/api/acceptances/${id}/reviews/mine`, { scores: { overall: value }, comment });
const draft = (agent: Agent, id: string, scores: Record<string, number>, comment = '') =>
  agent.request('PUT', `/api/acceptances/${id}/reviews/mine/draft`, { scores, comment });
const usernameOf = async (ids: string[]) =>
  (await db().select({ id: users.id, username: users.username }).from(users).where(inArray(users.id, ids))).map((u) => u.username);
const userIds = async (names: string[]) =>
  Promise.all(names.map(async (n) => (await db().select({ id: users.id }).from(users).where(eq(users.username, n)))[0]!.id));

/** After the creation period (2013–2015): Beijing 2016. Sessions do not survive three years, so sign in again afterwards. */
const toYear2016 = () => env.clock.advance(new Date('2016-01-04T02:00:00Z').getTime() - env.clock.now().getTime());

describe('rating rules', () => {
  it('starts with the 2026 rule, readable by everyone signed in', async () => {
    const current = await (await as('pilot-2012-025.viewer')).get('/api/rating-rules/current');
    expect(current.statusCode).toBe(200);
    expect(current.json()).toMatchObject({ version: '2026.1', rule: RATING_RULE_2026, current: true });
    expect((await (await as('experts.viewer')).get('/api/rating-rules')).json().items.map((r: { version: string }) => r.version)).toEqual([
      '2026.1',
    ]);
    expect((await env.anonymous().get('/api/rating-rules')).statusCode).toBe(401);
  });

  it('refuses an unusable rule naming the field, a duplicate version, and anyone but the Ministry admin', async () => {
    const admin = await as('mohurd.admin');
    const post = (rule: object) => admin.post('/api/rating-rules', { ...RATING_RULE_2026, version: '2099.1', ...rule });
    expect((await post({ parts: { indicators: 0.5, projects: 0.3, rectification: 0.1 } })).json().error).toMatchObject({
      code: 'weights_sum',
      field: 'parts',
    });
    expect((await post({ categoryWeights: { required: 1, chosen: 2, innovative: 1 } })).json().error).toMatchObject({
      code: 'invalid_value',
      field: 'categoryWeights.required',
    });
    expect(
      (
        await post({
          thresholds: [
            { stars: 3, minScore: 70 },
            { stars: 2, minScore: 80 },
          ],
        })
      ).json().error,
    ).toMatchObject({ code: 'invalid_value', field: 'thresholds' });
    expect((await post({ requiredFloor: 2 })).json().error).toMatchObject({ code: 'too_big', field: 'requiredFloor' });
    expect((await post({ extra: 1 })).json().error.field).toBe('extra');
    expect((await post({ version: '2026.1' })).json().error).toMatchObject({ code: 'conflict', field: 'version' });
    expect((await (await as('mohurd.editor')).post('/api/rating-rules', { ...RATING_RULE_2026, version: '2099.2' })).statusCode).toBe(403);
    expect(
      (await (await as('pilot-2012-025.admin')).post('/api/rating-rules', { ...RATING_RULE_2026, version: '2099.3' })).statusCode,
    ).toBe(403);
    expect((await (await as('mohurd.viewer')).get('/api/rating-rules/current')).json().version).toBe('2026.1');
  });
});

describe('rating preview', () => {
  let wuxi: { pilotId: string; taskBookId: string };
  beforeAll(async () => {
    wuxi = await signedPilot('PILOT-2012-025');
    // 2013 accepted; 2014 still a draft but the latest: its values count "as they stand", 2013's where 2014 has none
    await report(wuxi, 2013, 'accepted', (id) => (id === 'i-1.2.2' ? 71.5 : 40), 40, '平台一期建成并投入运行。\n其余略。');
    await report(wuxi, 2014, 'draft', (id) => (id === 'i-1.2.1' ? 52.5 : id === 'i-1.2.2' ? null : 95), 80);
    await finding(wuxi.pilotId, '数据共享目录未更新', '2014-09-30', 'closed', '2014-10-15');
    await finding(wuxi.pilotId, '信息安全等级保护未测评', '2014-09-30', 'answered', null);
    await finding(wuxi.pilotId, '项目台账不全', '2014-09-30', 'closed', '2014-09-01');
  });

  it('applies the rule in force to the task book, the latest reports and the rectification record, explained line by line', async () => {
    const res = await (await as('pilot-2012-025.viewer')).get(`/api/pilots/${wuxi.pilotId}/rating-preview`);
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p.ruleVersion).toBe('2026.1');
    expect(p.basis).toMatchObject({
      taskBookId: wuxi.taskBookId,
      taskBookVersion: 1,
      reports: [
        { year: 2014, status: 'draft' },
        { year: 2013, status: 'accepted' },
      ],
    });
    const line = (subject: string) => p.lines.find((l: { subject: string }) => l.subject === subject);
    // rated: three quantitative 规定项 (weight 3 each) and the 创新项 (weight 1): shares 3/10 and 1/10 of 60 points
    // 1.2.1: baseline 15, final-year (2015) target 90, actual 52.5 from 2014 → (52.5 − 15) / 75 = 0.5 of 18 points, below the 0.6 floor
    expect(line('1.2.1 规定项 1.2.1')).toEqual({
      part: 'indicator',
      subject: '1.2.1 规定项 1.2.1',
      value: 0.5,
      points: 9,
      note: 'belowFloor',
      text: '指标 1.2.1 规定项 1.2.1：完成度 50%，得 9 分（规定项低于 60% 底线，不予通过）',
    });
    // 1.2.2: nothing in 2014, so 2013's 71.5 → (71.5 − 16) / 74 = 0.75 of 18
    expect(line('1.2.2 规定项 1.2.2')).toMatchObject({ value: 0.75, points: 13.5, note: null });
    // 95 beyond the target of 90: capped at 100%
    expect(line('1.2.3 规定项 1.2.3')).toMatchObject({ value: 1, points: 18, note: 'capped' });
    expect(line('市民卡应用覆盖率')).toMatchObject({ value: 1, points: 6, note: 'capped' });
    // qualitative (yes/no targets): no line of their own
    expect(line('1.1.1 规定项 1.1.1')).toBeUndefined();
    expect(line('城市公共信息平台一期')).toEqual({
      part: 'project',
      subject: '城市公共信息平台一期',
      value: 0.8,
      points: 24,
      note: null,
      text: '重点项目 城市公共信息平台一期：完成 80%，得 24 分',
    });
    expect(p.lines.filter((l: { part: string }) => l.part === 'rectification')).toEqual([
      {
        part: 'rectification',
        subject: '数据共享目录未更新',
        value: 10,
        points: -1,
        note: 'late',
        text: '整改 数据共享目录未更新：逾期完成整改，扣 1 分',
      },
      {
        part: 'rectification',
        subject: '信息安全等级保护未测评',
        value: 25,
        points: -2.5,
        note: 'open',
        text: '整改 信息安全等级保护未测评：尚未整改完成，扣 2.5 分',
      },
    ]);
    expect(p.lines).toHaveLength(RATED_IDS.length + 1 + 2);
    expect(p.vetoes).toEqual(['1.2.1 规定项 1.2.1']);
    // 9 + 13.5 + 18 + 6 + 24 + (10 − 1 − 2.5)
    expect(p).toMatchObject({ score: 77, stars: 0, label: '未通过' });
    expect(p.score).toBeCloseTo(p.lines.reduce((s: number, l: { points: number }) => s + l.points, 0) + 10, 1);
    // part by part, with the rule it was made with: 60 % × 46.5/60, 30 % × 24/30, 10 % × 6.5/10
    expect(p.parts).toEqual([
      { part: 'indicator', weight: 0.6, score: 0.775, points: 46.5 },
      { part: 'project', weight: 0.3, score: 0.8, points: 24 },
      { part: 'rectification', weight: 0.1, score: 0.65, points: 6.5 },
    ]);
    expect(p.rule).toEqual(RATING_RULE_2026);
  });

  it('is for the pilot itself, its province and the Ministry only', async () => {
    const url = `/api/pilots/${wuxi.pilotId}/rating-preview`;
    expect((await (await as('dept-320000.viewer')).get(url)).statusCode).toBe(200);
    expect((await (await as('mohurd.viewer')).get(url)).statusCode).toBe(200);
    expect((await (await as('dept-110000.viewer')).get(url)).statusCode).toBe(404);
    expect((await (await as('pilot-2012-001.admin')).get(url)).statusCode).toBe(404);
    expect((await (await as('experts.reviewer')).get(url)).statusCode).toBe(403);
    expect((await (await as('gov-320000.admin')).get(url)).statusCode).toBe(403);
    const noBook = await pilotOf('PILOT-2012-030');
    expect((await (await as('mohurd.viewer')).get(`/api/pilots/${noBook.id}/rating-preview`)).json().error.code).toBe(
      'task_book_not_signed',
    );
  });
});

describe('acceptance', () => {
  let wuxiId: string;
  let id: string;
  beforeAll(async () => {
    wuxiId = (await pilotOf('PILOT-2012-025')).id;
    // the 2015 report, accepted, brings every indicator to its target: the draft 2014 values no longer count
    const p = { pilotId: wuxiId, taskBookId: (await db().select().from(taskBooks).where(eq(taskBooks.pilotId, wuxiId)))[0]!.id };
    await report(p, 2015, 'accepted', () => 90, 100, '全面完成创建任务。');
  });

  it('is started by the pilot admin once, only with a signed task book, prefilled from the accepted reports', async () => {
    const url = `/api/pilots/${wuxiId}/acceptance`;
    expect((await (await as('pilot-2012-025.editor')).post(url)).statusCode).toBe(403);
    expect((await (await as('mohurd.admin')).post(url)).statusCode).toBe(403);
    const admin = await as('pilot-2012-025.admin');
    const res = await admin.post(url);
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    id = a.id;
    expect(a).toMatchObject({
      status: 'draft',
      pilot: { name: '无锡市', provinceName: '江苏省', status: 'creating' },
      rating: { confirmed: false, ruleVersion: '2026.1' },
      actions: [{ action: 'submit' }],
      abilities: { edit: true },
    });
    expect(a.selfAssessment.narrative.split('\n')).toEqual([
      '无锡市国家智慧城市试点验收自评价',
      '创建周期：2013 年至 2015 年。',
      '已接受的 2013 年度自评价报告：平台一期建成并投入运行。',
      '已接受的 2015 年度自评价报告：全面完成创建任务。',
    ]);
    expect((await admin.post(url)).json().error.code).toBe('acceptance_exists');
    const unsigned = await pilotOf('PILOT-2012-031');
    expect((await (await as('pilot-2012-031.admin')).post(`/api/pilots/${unsigned.id}/acceptance`)).json().error.code).toBe(
      'task_book_not_signed',
    );
    expect((await (await as('pilot-2012-001.admin')).post(url)).statusCode).toBe(404);
  });

  it('lets the pilot edit its self-assessment while a draft, with If-Match', async () => {
    const editor = await as('pilot-2012-025.editor');
    const got = await editor.get(`/api/acceptances/${id}`);
    const etag = got.headers.etag as string;
    const saved = await editor.patch(`/api/acceptances/${id}`, { narrative: '自评价正文' }, { 'if-match': etag });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().selfAssessment.narrative).toBe('自评价正文');
    expect((await editor.patch(`/api/acceptances/${id}`, { narrative: '旧' }, { 'if-match': etag })).json().error.code).toBe(
      'stale_version',
    );
    expect(
      (
        await (
          await as('pilot-2012-025.viewer')
        ).patch(`/api/acceptances/${id}`, { narrative: 'x' }, { 'if-match': saved.headers.etag as string })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await (
          await as('dept-320000.admin')
        ).patch(`/api/acceptances/${id}`, { narrative: 'x' }, { 'if-match': saved.headers.etag as string })
      ).statusCode,
    ).toBe(403);
    expect((await (await as('dept-320000.viewer')).get('/api/acceptances')).json().items.map((a: { id: string }) => a.id)).toEqual([id]);
    expect((await (await as('dept-110000.viewer')).get('/api/acceptances')).json().items).toEqual([]);
    expect((await (await as('dept-110000.viewer')).get(`/api/acceptances/${id}`)).statusCode).toBe(404);
  });

  it('is submitted by the pilot admin only after the creation period, moving the pilot to 验收中', async () => {
    const admin = await as('pilot-2012-025.admin');
    expect((await fire(admin, id, 'submit')).json().error.code).toBe('periodNotEnded');
    toYear2016();
    const pilotAdmin = await as('pilot-2012-025.admin');
    expect(
      (await pilotAdmin.get('/api/todos?pageSize=200')).json().items.filter((t: { kind: string }) => t.kind === 'startAcceptance'),
    ).toEqual([expect.objectContaining({ subjectType: 'acceptance', subjectId: id, pilotName: '无锡市' })]);
    expect((await fire(await as('pilot-2012-025.editor'), id, 'submit')).json().error.code).toBe('wrongRole');
    expect((await fire(await as('mohurd.admin'), id, 'submit')).json().error.code).toBe('wrongParty');
    const res = await fire(pilotAdmin, id, 'submit');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'expertReview', pilot: { status: 'underAcceptance' }, abilities: { edit: false } });
    expect((await fire(pilotAdmin, id, 'submit')).json().error.code).toBe('wrong_state');
    expect(
      (await pilotAdmin.patch(`/api/acceptances/${id}`, { narrative: 'x' }, { 'if-match': `"${res.json().version}"` })).json().error.code,
    ).toBe('wrong_state');
    expect(
      (await pilotAdmin.get('/api/todos?pageSize=200')).json().items.filter((t: { kind: string }) => t.kind === 'startAcceptance'),
    ).toEqual([]);
  });

  it('is assigned experts by the Ministry admin, load balanced and never of the pilot’s province', async () => {
    const admin = await as('mohurd.admin');
    expect(
      (await admin.get('/api/todos?pageSize=200'))
        .json()
        .items.filter((t: { subjectId: string }) => t.subjectId === id)
        .map((t: { kind: string }) => t.kind),
    ).toEqual(['assignAcceptance']);
    expect((await fire(admin, id, 'confirm')).json().error.code).toBe('notEnoughScores');
    expect((await (await as('mohurd.editor')).post(`/api/acceptances/${id}/assignments`, {})).statusCode).toBe(403);
    const [chen] = await userIds(['expert.chen']);
    // the list to name from shows 陈静 (江苏, like the pilot) as not selectable, with the reason
    const choices = (await admin.get(`/api/acceptances/${id}`)).json().panel.choices as { id: string; unavailable: string | null }[];
    expect(choices).toHaveLength(6);
    expect(choices.filter((c) => c.unavailable).map((c) => [c.id, c.unavailable])).toEqual([[chen, 'conflict_of_interest']]);
    const conflict = await admin.post(`/api/acceptances/${id}/assignments`, { expertUserIds: [chen] });
    expect(conflict.json().error).toMatchObject({ code: 'conflict_of_interest', field: 'expertUserIds.0' });
    const res = await admin.post(`/api/acceptances/${id}/assignments`, {});
    expect(res.statusCode, res.body).toBe(200);
    const panel = res.json().panel;
    expect(panel).toMatchObject({ assigned: 3, submitted: 0 });
    expect(await usernameOf(panel.items.map((r: { expert: { id: string } }) => r.expert.id))).not.toContain('expert.chen');
    for (const r of panel.items) expect(r.explanation).toMatch(/^籍贯.+，回避本省；分配时待评 0 件(（最少）)?$/);
    expect((await admin.get('/api/acceptances?status=expertReview')).json().items.map((a: { id: string }) => a.id)).toEqual([id]);
    expect((await admin.get('/api/acceptances?status=draft')).json().items).toEqual([]);
    expect((await admin.get('/api/acceptances?status=bogus')).json().error).toMatchObject({ code: 'invalid_value', field: 'status' });
    // the pilot sees how many, not who or what
    expect((await (await as('pilot-2012-025.viewer')).get(`/api/acceptances/${id}`)).json().panel).toEqual({
      assigned: 3,
      submitted: 0,
      closed: false,
      items: [],
      choices: null,
    });
  });

  it('keeps scores blind until the expert’s own submission, once, 0–100, assigned experts only', async () => {
    const ministry = (await (await as('mohurd.viewer')).get(`/api/acceptances/${id}`)).json();
    const [a, b, c] = await Promise.all(
      (await usernameOf(ministry.panel.items.map((r: { expert: { id: string } }) => r.expert.id))).map((u) => as(u)),
    );
    expect((await a!.get('/api/todos?pageSize=200')).json().items.map((t: { kind: string }) => t.kind)).toContain('scoreAcceptance');
    // the score sheet of an application: declaration first, drafts, out-of-range refused by field, never clamped
    expect((await score(a!, id, 88)).json().error).toMatchObject({ code: 'conflict_not_declared', field: 'conflict' });
    expect((await draft(a!, id, { overall: 80 })).json().error).toMatchObject({ code: 'conflict_not_declared' });
    expect((await declare(a!, id)).json()).toEqual({ onPanel: true });
    expect((await declare(a!, id)).json().error).toMatchObject({ code: 'already_declared', field: 'conflict' });
    expect((await draft(a!, id, { overall: 101 })).json().error).toMatchObject({ code: 'score_out_of_range', field: 'scores.overall' });
    expect((await draft(a!, id, { other: 1 })).statusCode).toBe(400);
    const saved = await draft(a!, id, { overall: 85 }, '初评');
    expect(saved.statusCode).toBe(200);
    expect(saved.json().panel.items).toMatchObject([{ mine: true, scores: { overall: 85 }, comment: '初评', submittedAt: null }]);
    expect(saved.json().panel.submitted).toBe(0);
    const task = (await a!.get('/api/expert-reviews/mine')).json().items.find((t: { subjectId: string }) => t.subjectId === id);
    expect(task).toMatchObject({ subjectType: 'acceptance', status: 'draft' });
    expect((await score(a!, id, 101)).json().error).toMatchObject({ code: 'score_out_of_range', field: 'scores.overall' });
    expect((await score(a!, id, 88)).statusCode).toBe(200);
    expect((await draft(a!, id, { overall: 70 })).json().error.code).toBe('already_scored');
    expect((await score(a!, id, 90)).json().error.code).toBe('already_scored');
    expect((await a!.get('/api/todos?pageSize=200')).json().items.map((t: { kind: string }) => t.kind)).not.toContain('scoreAcceptance');
    // b has not scored: sees its own blank line only
    const before = (await b!.get(`/api/acceptances/${id}`)).json().panel;
    expect(before.submitted).toBe(1);
    expect(before.items).toHaveLength(1);
    expect(before.items[0]).toMatchObject({ mine: true, total: null, submittedAt: null });
    await declare(b!, id);
    expect((await score(b!, id, 82, '较好')).statusCode).toBe(200);
    // still blind after its own submission: the others' names and scores stay hidden until the panel closes
    const after = (await b!.get(`/api/acceptances/${id}`)).json().panel;
    expect(after).toMatchObject({ assigned: 3, submitted: 2, closed: false });
    expect(after.items.map((r: { mine: boolean; total: number }) => [r.mine, r.total])).toEqual([[true, 82]]);
    // an expert of the committee who is not on the panel (and in conflict anyway) cannot score: for it there is no
    // review of this acceptance at all (404), as for any record outside one's scope
    const outsider = await score(await as('expert.chen'), id, 99);
    expect([outsider.statusCode, outsider.json().error.code]).toEqual([404, 'not_found']);
    expect((await score(await as('pilot-2012-025.admin'), id, 99)).statusCode).toBe(403);
    await declare(c!, id);
    expect((await score(c!, id, 91)).statusCode).toBe(200);
  });

  it('is confirmed by the Ministry admin with the rating of the rule in force, and the pilot accepted', async () => {
    expect(
      (await (await as('mohurd.admin')).get('/api/todos?pageSize=200'))
        .json()
        .items.filter((t: { subjectId: string }) => t.subjectId === id)
        .map((t: { kind: string }) => t.kind),
    ).toEqual(['confirmAcceptance']);
    expect((await fire(await as('mohurd.reviewer'), id, 'confirm')).json().error.code).toBe('wrongRole');
    expect((await fire(await as('pilot-2012-025.admin'), id, 'confirm')).json().error.code).toBe('wrongParty');
    expect((await fire(await as('mohurd.admin'), id, 'publish')).json().error.code).toBe('wrong_state');
    const panelists = (await (await as('mohurd.viewer')).get(`/api/acceptances/${id}`)).json().panel.items;
    const expert = await as((await usernameOf([panelists[0].expert.id]))[0]!);
    const pilotId = (await (await as('mohurd.viewer')).get(`/api/acceptances/${id}`)).json().pilot.id;
    expect((await expert.get(`/api/pilots/${pilotId}`)).statusCode).toBe(200);
    const res = await fire(await as('mohurd.admin'), id, 'confirm');
    expect(res.statusCode, res.body).toBe(200);
    // decided: the experts' access to the pilot's records (and so to this acceptance) ends, audited
    expect((await expert.get(`/api/pilots/${pilotId}`)).statusCode).toBe(404);
    expect((await expert.get(`/api/acceptances/${id}`)).statusCode).toBe(404);
    const ended = await db().select().from(auditLog).where(eq(auditLog.action, 'acceptance.expertAccessEnded'));
    expect(ended.map((r) => r.targetId)).toEqual([id]);
    const a = res.json();
    expect(a).toMatchObject({
      status: 'confirmed',
      pilot: { status: 'accepted' },
      rating: { confirmed: true, ruleVersion: '2026.1', vetoes: [] },
    });
    // every indicator and project complete (the accepted 2015 report); one finding closed late, one still open: 100 − 1 − 2.5, less the rounding of each line to hundredths
    expect(a.rating).toMatchObject({ score: 96.5, stars: 3, label: '三星' });
    const [row] = await db().select().from(acceptances).where(eq(acceptances.id, id));
    expect(row!.rating).toMatchObject({ ruleVersion: '2026.1', score: 96.5, stars: 3 });
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetType, 'pilot'), eq(auditLog.targetId, wuxiId)));
    expect(audit.map((r) => r.action)).toEqual(['pilot.requestAcceptance', 'pilot.accept']);
    expect((await fire(await as('mohurd.admin'), id, 'confirm')).json().error.code).toBe('wrong_state');
  });

  it('keeps a confirmed rating when a new rule version is published', async () => {
    const admin = await as('mohurd.admin');
    const strict = {
      ...RATING_RULE_2026,
      version: '2026.2',
      thresholds: [
        { stars: 3, minScore: 99 },
        { stars: 2, minScore: 95 },
        { stars: 1, minScore: 90 },
      ],
    };
    const created = await admin.post('/api/rating-rules', strict);
    expect(created.statusCode, created.body).toBe(201);
    expect((await admin.get('/api/rating-rules/current')).json().version).toBe('2026.2');
    expect(await db().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, '2026.2'))).toEqual([
      { action: 'ratingRule.create' },
    ]);
    const a = (await admin.get(`/api/acceptances/${id}`)).json();
    expect(a.rating).toMatchObject({ confirmed: true, ruleVersion: '2026.1', score: 96.5, stars: 3 });
    // the preview, by contrast, follows the rule in force
    expect((await admin.get(`/api/pilots/${wuxiId}/rating-preview`)).json()).toMatchObject({
      ruleVersion: '2026.2',
      score: 96.5,
      stars: 2,
      label: '二星',
    });
  });

  it('is published by the Ministry admin onto the public portal', async () => {
    expect((await env.anonymous().get('/api/public/ratings')).json().items).toEqual([]);
    expect(
      (await (await as('mohurd.admin')).get('/api/todos?pageSize=200'))
        .json()
        .items.filter((t: { subjectId: string }) => t.subjectId === id)
        .map((t: { kind: string }) => t.kind),
    ).toEqual(['publishAcceptance']);
    expect((await fire(await as('mohurd.editor'), id, 'publish')).json().error.code).toBe('wrongRole');
    expect((await fire(await as('pilot-2012-025.admin'), id, 'publish')).json().error.code).toBe('wrongParty');
    const res = await fire(await as('mohurd.admin'), id, 'publish');
    expect(res.json()).toMatchObject({ status: 'published', actions: [] });
    expect((await fire(await as('mohurd.admin'), id, 'publish')).json().error.code).toBe('wrong_state');
    const pub = await env.anonymous().get('/api/public/ratings');
    expect(pub.statusCode).toBe(200);
    expect(pub.json().items).toEqual([
      {
        pilotId: wuxiId,
        publishedName: '无锡市',
        provinceName: '江苏省',
        batchYear: 2012,
        stars: 3,
        ratingLabel: '三星',
        publishedOn: '2016-01-04',
      },
    ]);
  });
});

describe('a pilot that fails', () => {
  it('cannot submit while still 列入试点; once 创建期, fails on confirmation with the reason', async () => {
    const p = await signedPilot('PILOT-2012-026', { creating: false });
    await report(p, 2015, 'accepted', (i) => (i === 'i-1.2.1' ? 20 : 90), 50);
    const admin = await as('pilot-2012-026.admin');
    const id = (await admin.post(`/api/pilots/${p.pilotId}/acceptance`)).json().id as string;
    const refused = await fire(admin, id, 'submit');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'wrong_state', field: 'pilot' });
    expect((await (await as('mohurd.viewer')).get(`/api/acceptances/${id}`)).json().status).toBe('draft'); // nothing half-done
    await db().update(pilots).set({ status: 'creating' }).where(eq(pilots.id, p.pilotId));
    expect((await fire(admin, id, 'submit')).statusCode).toBe(200);
    const ministry = await as('mohurd.admin');
    const panel = await userIds(['expert.zhang', 'expert.li', 'expert.wang']);
    const assigned = await ministry.post(`/api/acceptances/${id}/assignments`, { expertUserIds: panel });
    expect(assigned.statusCode, assigned.body).toBe(200);
    for (const u of ['expert.zhang', 'expert.li', 'expert.wang']) {
      await declare(await as(u), id);
      expect((await score(await as(u), id, 60)).statusCode).toBe(200);
    }
    const res = await fire(ministry, id, 'confirm');
    expect(res.json()).toMatchObject({
      status: 'confirmed',
      pilot: { status: 'failed' },
      rating: { stars: 0, label: '未通过', vetoes: ['1.2.1 规定项 1.2.1'], ruleVersion: '2026.2' },
    });
    const [audit] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'pilot.fail'), eq(auditLog.targetId, p.pilotId)));
    expect(audit).toBeDefined();
  });
});
