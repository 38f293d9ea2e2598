import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batches, users } from '../../db/schema.js';
import { createTestEnv, type TestEnv } from '../../test/harness.js';
import {
  callInput,
  draftApplication,
  fire,
  forwardedApplication,
  openCall,
  registerApplicant,
  sameScores,
  score,
} from '../applications/applications.test-kit.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

const as = (who: string) => env.as(who);
const act = async (who: string, id: string, action: string) => (await as(who)).post(`/api/calls/${id}/transitions`, { action });
const todos = async (who: string) =>
  (await (await as(who)).get('/api/todos?pageSize=200')).json().items as {
    kind: string;
    subjectId: string;
    dueDate: string | null;
    overdue: boolean;
  }[];

describe('creating a call makes its batch', () => {
  it('creates the year’s batch with the call, once per year, validated', async () => {
    const ministry = await as('mohurd.admin');
    const res = await ministry.post('/api/calls', callInput(2013, { title: '第二批国家智慧城市试点申报' }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      year: 2013,
      name: '2013年度',
      title: '第二批国家智慧城市试点申报',
      status: 'draft',
      quotaPerProvince: 3,
      taskBookDeadline: '2014-02-28',
      requiredAttachments: ['applicationForm', 'developmentOutline', 'implementationPlan', 'financingPlan'],
      declarations: ['inLocalPlan', 'fundingChannel', 'leaderInCharge'],
      rubric: { scaleMax: 100 },
      actions: [{ action: 'open' }],
    });
    const [batch] = await env.database.db.select().from(batches).where(eq(batches.year, 2013));
    expect(batch).toMatchObject({ name: '2013年度', title: '第二批国家智慧城市试点', taskBookDeadline: '2014-02-28', announcedOn: null });

    expect((await ministry.post('/api/calls', callInput(2013))).json().error).toMatchObject({ code: 'call_exists', field: 'year' });
    // batch 1 (2012年度) came from the notice, without a call: its year is taken too
    expect((await ministry.post('/api/calls', callInput(2012))).statusCode).toBe(409);
    expect((await ministry.post('/api/calls', callInput(2030, { closesOn: '2013-01-01' }))).json().error.field).toBe('closesOn');
    const badRubric = { criteria: [{ key: 'planning', name: '规划', weight: 0.5 }], scaleMax: 100 };
    expect((await ministry.post('/api/calls', callInput(2030, { rubric: badRubric }))).json().error).toMatchObject({
      code: 'weights_sum',
      field: 'rubric.criteria',
    });
    expect((await ministry.post('/api/calls', { ...callInput(2030), extra: 1 })).json().error).toMatchObject({
      code: 'unrecognized_keys',
      field: 'extra',
    });
    expect((await (await as('mohurd.editor')).post('/api/calls', callInput(2030))).statusCode).toBe(403);
    expect((await (await as('dept-320000.admin')).post('/api/calls', callInput(2030))).statusCode).toBe(403);
  });

  it('shows a draft call to the Ministry only, and an opened one to every tier', async () => {
    const ministry = await as('mohurd.admin');
    const id = (await ministry.post('/api/calls', callInput(2031))).json().id as string;
    const listed = async (who: string) =>
      ((await (await as(who)).get('/api/calls')).json().items as { id: string }[]).some((c) => c.id === id);
    expect(await listed('mohurd.viewer')).toBe(true);
    expect(await listed('appl-320500.editor')).toBe(false);
    expect((await (await as('appl-320500.editor')).get(`/api/calls/${id}`)).statusCode).toBe(404);
    expect((await act('mohurd.admin', id, 'open')).statusCode).toBe(200);
    for (const who of ['appl-320500.viewer', 'dept-320000.viewer', 'gov-320000.viewer', 'pilot-2012-025.viewer', 'expert.zhang']) {
      expect(await listed(who), who).toBe(true);
    }
    expect((await (await as('appl-320500.viewer')).get(`/api/calls/${id}`)).json()).toMatchObject({ status: 'open', actions: [] });
  });

  it('edits a draft call with If-Match only, and never once opened', async () => {
    const ministry = await as('mohurd.admin');
    const created = await ministry.post('/api/calls', callInput(2032));
    const id = created.json().id as string;
    expect(created.headers.etag).toBe('"1"');
    const edit = (body: object, version?: string) => ministry.patch(`/api/calls/${id}`, body, version ? { 'if-match': version } : {});
    const saved = await edit(callInput(2032, { title: '第五批国家智慧城市试点申报', quotaPerProvince: 5 }), '"1"');
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.headers.etag).toBe('"2"');
    expect(saved.json()).toMatchObject({ quotaPerProvince: 5, version: 2 });
    const [batch] = await env.database.db.select().from(batches).where(eq(batches.year, 2032));
    expect(batch!.title).toBe('第五批国家智慧城市试点');
    expect((await edit(callInput(2032), '"1"')).json().error.code).toBe('stale_version');
    expect((await edit(callInput(2032))).statusCode).toBe(428);
    expect((await edit(callInput(2012), '"2"')).json().error.code).toBe('call_exists');
    expect((await (await as('mohurd.viewer')).patch(`/api/calls/${id}`, callInput(2032), { 'if-match': '"2"' })).statusCode).toBe(403);
    await act('mohurd.admin', id, 'open');
    expect((await edit(callInput(2032), '"3"')).json().error).toMatchObject({ code: 'wrong_state' });
  });
});

describe('the call lifecycle', () => {
  it('opens, closes and publishes by the Ministry’s administrators only, each from its own state', async () => {
    const ministry = await as('mohurd.admin');
    const id = (await ministry.post('/api/calls', callInput(2033))).json().id as string;
    // refused actors: another Ministry role, another tier
    expect((await act('mohurd.reviewer', id, 'open')).json().error.code).toBe('wrongRole');
    expect((await act('dept-320000.admin', id, 'open')).statusCode).toBe(403);
    // refused states
    expect((await act('mohurd.admin', id, 'close')).json().error).toMatchObject({ code: 'wrong_state' });
    expect((await act('mohurd.admin', id, 'publish')).statusCode).toBe(409);
    expect((await act('mohurd.admin', id, 'open')).json()).toMatchObject({ status: 'open', actions: [{ action: 'close' }] });
    expect((await act('mohurd.admin', id, 'open')).statusCode).toBe(409);
    expect((await act('mohurd.admin', id, 'publish')).statusCode).toBe(409);
    expect((await act('mohurd.viewer', id, 'close')).statusCode).toBe(403);
    expect((await act('mohurd.admin', id, 'close')).json()).toMatchObject({ status: 'closed', actions: [{ action: 'publish' }] });
    expect((await act('mohurd.editor', id, 'publish')).statusCode).toBe(403);
    expect((await act('mohurd.admin', id, 'publish')).json().status).toBe('published');
    expect((await act('mohurd.admin', id, 'close')).statusCode).toBe(409);
    expect((await ministry.post(`/api/calls/${id}/transitions`, { action: 'reopen' })).json().error.field).toBe('action');
  });

  it('asks the Ministry to close a call whose window has passed, then to publish it', async () => {
    const id = await openCall(env, 2034, { opensOn: '2013-01-01', closesOn: '2013-01-31' });
    expect((await todos('mohurd.admin')).filter((t) => t.subjectId === id)).toMatchObject([
      { kind: 'closeCall', dueDate: '2013-01-31', overdue: true },
    ]);
    expect((await todos('mohurd.viewer')).some((t) => t.subjectId === id)).toBe(false);
    await act('mohurd.admin', id, 'close');
    expect((await todos('mohurd.admin')).filter((t) => t.subjectId === id)).toMatchObject([
      { kind: 'publishCall', dueDate: null, overdue: false },
    ]);
    await act('mohurd.admin', id, 'publish');
    expect((await todos('mohurd.admin')).some((t) => t.subjectId === id)).toBe(false);
  });
});

describe('综合评审 ranking and publication', () => {
  it('ranks by the mean of the experts’ weighted totals with the spread, and publishes only once all are decided', async () => {
    const callId = await openCall(env, 2035);
    const hangzhou = await registerApplicant(env, '330000', '330100', '杭州市人民政府');
    const suzhou = await forwardedApplication(env, 'appl-320500.editor', '320000', callId, '苏州市');
    const haidian = await forwardedApplication(env, 'appl-110108.editor', '110000', callId, '北京市海淀区');
    const hz = await forwardedApplication(env, hangzhou, '330000', callId, '杭州市');

    const ministry = await as('mohurd.admin');
    const experts: Record<string, string[]> = {};
    for (const id of [suzhou, haidian, hz]) {
      const res = await ministry.post(`/api/applications/${id}/assignments`, {});
      expect(res.statusCode, res.body).toBe(200);
      experts[id] = (res.json().items as { expert: { id: string } }[]).map((i) => i.expert.id);
    }
    const usernameOf = async (userId: string) =>
      (await env.database.db.select({ u: users.username }).from(users).where(eq(users.id, userId)))[0]!.u;
    // weights 0.25/0.25/0.3/0.2: equal criterion scores make the total that score; uneven ones are weighted
    const plan: [string, Record<string, number>[]][] = [
      [suzhou, [sameScores(80), sameScores(90), sameScores(70)]],
      [haidian, [sameScores(85), sameScores(85), { planning: 100, organisation: 100, platform: 50, feasibility: 100 }]],
      [hz, [sameScores(95), sameScores(60)]],
    ];
    for (const [id, sheets] of plan) {
      for (const [i, scores] of sheets.entries()) {
        const res = await score(await as(await usernameOf(experts[id]![i]!)), id, scores);
        expect(res.statusCode, res.body).toBe(200);
      }
    }
    const ranking = await ministry.get(`/api/calls/${callId}/ranking`);
    expect(ranking.statusCode, ranking.body).toBe(200);
    expect(ranking.json().items).toEqual([
      expect.objectContaining({
        rank: 1,
        applicationId: haidian,
        name: '北京市海淀区',
        scores: 3,
        mean: 85,
        spread: 0,
        totals: [85, 85, 85],
      }),
      expect.objectContaining({ rank: 2, applicationId: suzhou, scores: 3, mean: 80, spread: 20, totals: [90, 80, 70] }),
      expect.objectContaining({ rank: 3, applicationId: hz, scores: 2, mean: 77.5, spread: 35, provinceName: '浙江省' }),
    ]);
    expect((await (await as('mohurd.viewer')).get(`/api/calls/${callId}/ranking`)).statusCode).toBe(200);
    expect((await (await as('dept-320000.admin')).get(`/api/calls/${callId}/ranking`)).statusCode).toBe(403);
    expect((await (await as('expert.zhang')).get(`/api/calls/${callId}/ranking`)).statusCode).toBe(403);

    // a new submission still at its province keeps the result from being published
    const nantong = await registerApplicant(env, '320000', '320600', '南通市人民政府');
    const { id: nt, editor } = await draftApplication(env, nantong, callId, '南通市');
    expect((await fire(editor, nt, 'submit')).statusCode).toBe(200);
    const closed = await act('mohurd.admin', callId, 'close');
    expect(closed.statusCode).toBe(200);
    // the button says so before it is pressed: disabled, with the guard's reason
    expect(closed.json().actions).toEqual([
      { action: 'publish', kind: 'publish', enabled: false, reason: 'applicationsPending', needsReason: false },
    ]);
    expect((await act('mohurd.admin', callId, 'publish')).json().error.code).toBe('applicationsPending');
    expect((await fire(await as('dept-320000.reviewer'), nt, 'reject', '不符合申报条件。')).statusCode).toBe(200);
    expect((await act('mohurd.admin', callId, 'publish')).json().error.code).toBe('applicationsPending');
    expect((await fire(ministry, haidian, 'designate')).statusCode).toBe(200);
    expect((await fire(ministry, suzhou, 'designate')).statusCode).toBe(200);
    expect((await fire(ministry, hz, 'designate')).json().error.code).toBe('notEnoughScores');
    expect((await fire(ministry, hz, 'decline', '专家评分不足，且示范效应不明显。')).statusCode).toBe(200);
    // decided applications stay in the panel view
    expect((await ministry.get(`/api/calls/${callId}/ranking`)).json().items.map((r: { status: string }) => r.status)).toEqual([
      'designated',
      'designated',
      'declined',
    ]);
    // designated but not yet announced: the registry has the batch, the public portal not yet
    const portal = env.anonymous();
    const announced = async () => (await portal.get('/api/public/pilots')).json().batches.map((b: { year: number }) => b.year);
    expect(await announced()).not.toContain(2035);
    const registryBatches = (await (await as('dept-320000.viewer')).get('/api/batches')).json().items;
    expect(registryBatches.find((b: { year: number }) => b.year === 2035)).toMatchObject({ name: '2035年度' });
    const filtered = (await (await as('mohurd.viewer')).get('/api/pilots?batch=2035')).json().items;
    expect(filtered.map((p: { publishedName: string }) => p.publishedName).sort()).toEqual(['北京市海淀区', '苏州市'].sort());
    expect((await act('mohurd.admin', callId, 'publish')).json().status).toBe('published');
    const [batch] = await env.database.db.select().from(batches).where(eq(batches.year, 2035));
    expect(batch!.announcedOn).toBe('2013-02-01');
    // announced: the portal offers the batch and publishes its list
    expect(await announced()).toContain(2035);
    const list = (await portal.get('/api/public/pilots?batch=2035')).json();
    expect(list).toMatchObject({ batch: { year: 2035, name: '2035年度' }, total: 2 });
    expect(
      list.provinces.map((p: { heading: string; pilots: { publishedName: string }[] }) => [
        p.heading,
        p.pilots.map((x) => x.publishedName),
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['北京市', ['北京市海淀区']],
        ['江苏省', ['苏州市']],
      ]),
    );
  });
});
