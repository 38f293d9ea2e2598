import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, expertReviews, notifications, organisations, users } from '../../db/schema.js';
import { createTestEnv, type Agent, type TestEnv } from '../../test/harness.js';
import {
  applicationInput,
  draftApplication,
  fire,
  forwardedApplication,
  openCall,
  registerApplicant,
  sameScores,
  score,
  upload,
} from './applications.test-kit.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

const as = (who: string) => env.as(who);
const DAY = 86_400_000;
const todos = async (who: string) =>
  (await (await as(who)).get('/api/todos?pageSize=200')).json().items as {
    kind: string;
    subjectId: string;
    pilotName: string;
    dueDate: string | null;
  }[];

async function orgIdOf(code: string) {
  return (await env.database.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, code)))[0]!.id;
}
async function userIdOf(username: string) {
  return (await env.database.db.select({ id: users.id }).from(users).where(eq(users.username, username)))[0]!.id;
}
async function notificationsOf(orgCode: string, subjectId: string) {
  const rows = await env.database.db
    .select({ kind: notifications.kind })
    .from(notifications)
    .where(and(eq(notifications.organisationId, await orgIdOf(orgCode)), eq(notifications.subjectId, subjectId)));
  return rows.map((r) => r.kind);
}
/** Open assignments per expert username: what automatic assignment balances. */
async function openLoads() {
  const rows = await env.database.db
    .select({ username: users.username })
    .from(expertReviews)
    .innerJoin(users, eq(users.id, expertReviews.expertUserId))
    .where(isNull(expertReviews.submittedAt));
  const loads = new Map<string, number>();
  for (const r of rows) loads.set(r.username, (loads.get(r.username) ?? 0) + 1);
  return loads;
}
const assign = (id: string, body: object = {}) => as('mohurd.admin').then((m) => m.post(`/api/applications/${id}/assignments`, body));
const reviews = async (who: string | Agent, id: string) =>
  (typeof who === 'string' ? await as(who) : who).get(`/api/applications/${id}/reviews`);

describe('applicant registration', () => {
  it('registers a government under its province’s department, with an administrator who signs in as an applicant', async () => {
    const body = {
      organisationName: '南京市人民政府',
      provinceCode: '320000',
      adminCode: '320100',
      displayName: '南京市申报管理员',
      password: 'Nanjing-pass-2013',
    };
    const res = await env.anonymous().post('/api/applicants', body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      organisation: { code: 'APPL-320100', name: '南京市人民政府', provinceCode: '320000', provinceName: '江苏省' },
      user: { username: 'appl-320100.admin', roles: ['admin', 'editor'] },
    });
    const [org] = await env.database.db.select().from(organisations).where(eq(organisations.code, 'APPL-320100'));
    expect(org).toMatchObject({ type: 'applicantGov', parentId: await orgIdOf('DEPT-320000'), provinceCode: '320000' });
    const [user] = await env.database.db.select().from(users).where(eq(users.username, 'appl-320100.admin'));
    expect(user!.passwordHash).toMatch(/^\$argon2id\$/);
    const [entry] = await env.database.db.select().from(auditLog).where(eq(auditLog.action, 'applicant.register'));
    expect(entry).toMatchObject({ actorName: 'appl-320100.admin', targetId: org!.id });
    const agent = env.anonymous();
    expect((await agent.signIn('appl-320100.admin', 'Nanjing-pass-2013')).json()).toMatchObject({
      organisation: { tier: 'applicant', code: 'APPL-320100' },
      roles: ['admin', 'editor'],
    });

    const again = (over: object) => env.anonymous().post('/api/applicants', { ...body, ...over });
    expect((await again({})).json().error).toMatchObject({ code: 'organisation_exists', field: 'adminCode' });
    expect((await again({ provinceCode: '710000', adminCode: null })).json().error).toMatchObject({
      code: 'invalid_value',
      field: 'provinceCode',
    });
    expect((await again({ adminCode: '110105' })).json().error).toMatchObject({
      code: 'invalid_value',
      field: 'adminCode',
    });
    expect((await again({ password: 'short' })).json().error.field).toBe('password');
    // without a division code the organisation gets a random one
    const noCode = await again({ adminCode: null, organisationName: '江阴市新桥镇人民政府' });
    expect(noCode.json().organisation.code).toMatch(/^APPL-[0-9A-F]{8}$/);
    expect(noCode.json().user.username).toMatch(/^appl-[0-9a-f]{8}\.admin$/);
  });
});

describe('registration tells nothing about other accounts', () => {
  it('assigns the username itself, so registering never says whether a username exists', async () => {
    const body = {
      organisationName: '淮安市人民政府',
      provinceCode: '320000',
      adminCode: '320800',
      displayName: '淮安市申报管理员',
      password: 'Huaian-pass-2013',
    };
    const res = await env.anonymous().post('/api/applicants', body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().user).toMatchObject({ username: 'appl-320800.admin' });
    expect((await env.anonymous().signIn('appl-320800.admin', 'Huaian-pass-2013')).statusCode).toBe(200);
    // choosing a name is not offered: an existing one and a new one are refused alike
    for (const username of ['mohurd.admin', 'nobody.yet'])
      expect((await env.anonymous().post('/api/applicants', { ...body, adminCode: '320700', username })).json().error).toMatchObject({
        code: 'unrecognized_keys',
      });
  });
});

describe('applicants are who they say they are', () => {
  const register = (over: object) =>
    env.anonymous().post('/api/applicants', {
      organisationName: '盐城市人民政府',
      provinceCode: '320000',
      adminCode: '320900',
      displayName: '盐城市申报管理员',
      password: 'Yancheng-pass-2013',
      ...over,
    });

  it('refuses the names and codes of authorities and of governments already registered', async () => {
    const refused = async (over: object) => (await register(over)).json().error;
    // the Ministry and a provincial department are authorities, never applicants
    expect(await refused({ organisationName: '住房和城乡建设部', adminCode: null })).toMatchObject({
      code: 'reserved_name',
      field: 'organisationName',
    });
    expect(await refused({ organisationName: '江苏省住房和城乡建设厅', adminCode: null })).toMatchObject({
      code: 'reserved_name',
      field: 'organisationName',
    });
    // a province's own code is no city's
    expect(await refused({ organisationName: '江苏省人民政府', adminCode: '320000' })).toMatchObject({
      code: 'invalid_value',
      field: 'adminCode',
    });
    // 无锡 is a pilot already: neither its government's name nor its division code can be registered again
    expect(await refused({ organisationName: '无锡市人民政府', adminCode: null })).toMatchObject({
      code: 'organisation_exists',
      field: 'organisationName',
    });
    expect(await refused({ organisationName: '无锡市政府', adminCode: '320200' })).toMatchObject({
      code: 'organisation_exists',
      field: 'adminCode',
    });
  });

  it('lets a new applicant act only once its province has approved it, and the province sees who waits', async () => {
    expect((await register({})).statusCode).toBe(201);
    const applicant = env.anonymous();
    await applicant.signIn('appl-320900.admin', 'Yancheng-pass-2013');
    const callId = await openCall(env, 2031);
    const early = await applicant.post(`/api/calls/${callId}/applications`, applicationInput('盐城市'));
    expect(early.statusCode).toBe(403);
    expect(early.json().error.code).toBe('awaiting_approval');

    const province = await as('dept-320000.admin');
    const waiting = (await province.get('/api/applicants?status=pending')).json().items;
    const mine = waiting.find((o: { name: string }) => o.name === '盐城市人民政府');
    expect(mine).toMatchObject({ code: 'APPL-320900', status: 'pending' });
    // another province cannot decide, nor can a province viewer
    expect((await (await as('dept-110000.admin')).post(`/api/applicants/${mine.id}/approval`, { decision: 'approve' })).statusCode).toBe(
      404,
    );
    expect((await (await as('dept-320000.viewer')).post(`/api/applicants/${mine.id}/approval`, { decision: 'approve' })).statusCode).toBe(
      403,
    );
    expect((await province.post(`/api/applicants/${mine.id}/approval`, { decision: 'approve' })).json()).toMatchObject({
      status: 'active',
    });
    const [entry] = await env.database.db.select().from(auditLog).where(eq(auditLog.action, 'applicant.approve'));
    expect(entry).toMatchObject({ targetId: mine.id });
    expect((await applicant.post(`/api/calls/${callId}/applications`, applicationInput('盐城市'))).statusCode).toBe(201);
  });
});

describe('drafting and submitting (申报)', () => {
  it('lets an applicant’s editors start one application per open call and edit it with If-Match while a draft', async () => {
    const callId = await openCall(env, 2013);
    const editor = await as('appl-320500.editor');
    const created = await editor.post(`/api/calls/${callId}/applications`, applicationInput('苏州市'));
    expect(created.statusCode, created.body).toBe(201);
    const app = created.json();
    expect(app).toMatchObject({
      status: 'draft',
      callYear: 2013,
      organisationName: '苏州市人民政府',
      provinceName: '江苏省',
      supervisorName: '江苏省住房和城乡建设厅',
      actions: [{ action: 'submit' }],
      abilities: { edit: true, assign: false, score: false },
      missingAttachments: ['applicationForm', 'developmentOutline', 'implementationPlan', 'financingPlan'],
    });
    expect((await editor.post(`/api/calls/${callId}/applications`, applicationInput('苏州市'))).json().error.code).toBe(
      'application_exists',
    );
    expect((await (await as('appl-320500.viewer')).post(`/api/calls/${callId}/applications`, applicationInput('苏州市'))).statusCode).toBe(
      403,
    );
    expect(
      (await (await as('pilot-2012-025.editor')).post(`/api/calls/${callId}/applications`, applicationInput('无锡市'))).statusCode,
    ).toBe(403);
    expect((await editor.post(`/api/calls/${callId}/applications`, applicationInput('苏州市', { kind: 'city' }))).json().error.field).toBe(
      'kind',
    );

    const save = (body: object, version?: string) =>
      editor.patch(`/api/applications/${app.id}`, body, version ? { 'if-match': version } : {});
    const saved = await save(applicationInput('苏州市', { summary: '已修改' }), '"1"');
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.headers.etag).toBe('"2"');
    expect((await save(applicationInput('苏州市'), '"1"')).json().error.code).toBe('stale_version');
    expect((await save(applicationInput('苏州市'))).statusCode).toBe(428);
    expect(
      (await (await as('appl-320500.viewer')).patch(`/api/applications/${app.id}`, applicationInput('x'), { 'if-match': '"2"' }))
        .statusCode,
    ).toBe(403);
    // others' applications do not exist for an applicant
    expect((await (await as('appl-110108.editor')).get(`/api/applications/${app.id}`)).statusCode).toBe(404);
    expect((await (await as('appl-110108.editor')).get('/api/applications')).json().items).toEqual([]);
    // its own draft, due by the call's closing date
    expect((await todos('appl-320500.editor')).filter((t) => t.subjectId === app.id)).toMatchObject([
      { kind: 'draftApplication', dueDate: '2013-03-31' },
    ]);
    expect(await todos('appl-320500.viewer')).toEqual([]);
  });

  it('refuses to start an application in a call that is not open', async () => {
    const ministry = await as('mohurd.admin');
    const draft = (
      await ministry.post('/api/calls', {
        year: 2040,
        title: '草稿批次',
        opensOn: '2013-02-01',
        closesOn: '2013-03-01',
        quotaPerProvince: 1,
      })
    ).json().id;
    expect((await (await as('appl-320500.editor')).post(`/api/calls/${draft}/applications`, applicationInput('苏州市'))).statusCode).toBe(
      404,
    );
    const closed = await openCall(env, 2041);
    await ministry.post(`/api/calls/${closed}/transitions`, { action: 'close' });
    expect(
      (await (await as('appl-320500.editor')).post(`/api/calls/${closed}/applications`, applicationInput('苏州市'))).json().error,
    ).toMatchObject({ code: 'wrong_state' });
  });

  it('submits only inside the window, with every declaration and every required file', async () => {
    const callId = await openCall(env, 2014, {
      opensOn: '2013-03-01',
      closesOn: '2013-03-31',
      requiredAttachments: ['applicationForm', 'implementationPlan'],
    });
    const body = applicationInput('苏州市', { declarations: { inLocalPlan: true, fundingChannel: false, leaderInCharge: true } });
    const id = (await (await as('appl-320500.editor')).post(`/api/calls/${callId}/applications`, body)).json().id as string;
    const late = await draftApplication(env, 'appl-110108.editor', callId, '北京市海淀区');
    // before opensOn (today is 2013-02-01 in Beijing)
    expect((await fire(await as('appl-320500.editor'), id, 'submit')).json().error).toMatchObject({
      code: 'windowClosed',
      field: 'action',
    });
    let travelled = 0;
    const travel = (days: number) => {
      env.clock.advance(days * DAY);
      travelled += days * DAY;
    };
    try {
      travel(30); // 2013-03-03: sessions from before have expired, so everyone signs in again
      const editor = await as('appl-320500.editor');
      expect((await fire(editor, id, 'submit')).json().error.code).toBe('declarationsMissing');
      await editor.patch(`/api/applications/${id}`, applicationInput('苏州市'), { 'if-match': '"1"' });
      expect((await fire(editor, id, 'submit')).json().error.code).toBe('attachmentsMissing');
      expect((await upload(editor, id, 'applicationForm')).statusCode).toBe(201);
      expect((await editor.get(`/api/applications/${id}`)).json().missingAttachments).toEqual(['implementationPlan']);
      expect((await upload(editor, id, 'report')).json().error.field).toBe('kind');
      expect((await upload(editor, id, 'implementationPlan', 'plan.pdf', Buffer.from('MZ not a pdf'))).statusCode).toBe(415);
      const plan = await upload(editor, id, 'implementationPlan');
      expect(plan.statusCode).toBe(201);
      // refused actors: a viewer, another tier
      expect((await fire(await as('appl-320500.viewer'), id, 'submit')).json().error.code).toBe('wrongRole');
      expect((await fire(await as('dept-320000.reviewer'), id, 'submit')).json().error.code).toBe('wrongParty');
      const submitted = await fire(editor, id, 'submit');
      expect(submitted.statusCode, submitted.body).toBe(200);
      expect(submitted.json()).toMatchObject({ status: 'provinceReview', actions: [], abilities: { edit: false } });
      expect((await fire(editor, id, 'submit')).json().error).toMatchObject({ code: 'wrong_state' });
      // no change once submitted
      expect((await editor.patch(`/api/applications/${id}`, applicationInput('苏州市'), { 'if-match': '"2"' })).json().error.code).toBe(
        'wrong_state',
      );
      expect((await upload(editor, id, 'financingPlan')).statusCode).toBe(409);
      expect((await editor.delete(`/api/applications/${id}/attachments/${plan.json().id}`)).statusCode).toBe(409);
      expect(await notificationsOf('DEPT-320000', id)).toEqual(['application.submit']);

      travel(30); // 2013-04-02: after closesOn, 海淀 is too late
      expect((await fire(await as('appl-110108.editor'), late.id, 'submit')).json().error.code).toBe('windowClosed');
    } finally {
      env.clock.advance(-travelled);
    }
  });
});

describe('初审 by the province', () => {
  it('returns with a reason (back to the applicant to change), then rejects', async () => {
    const callId = await openCall(env, 2017);
    const { id, editor } = await draftApplication(env, 'appl-320500.editor', callId, '苏州市');
    await fire(editor, id, 'submit');
    const dept = await as('dept-320000.reviewer');
    expect((await todos('dept-320000.reviewer')).filter((t) => t.subjectId === id)).toMatchObject([
      { kind: 'reviewApplication', pilotName: '苏州市' },
    ]);
    expect((await fire(dept, id, 'return')).json().error.code).toBe('reasonRequired');
    expect((await fire(await as('dept-320000.viewer'), id, 'return', '补充投融资方案')).json().error.code).toBe('wrongRole');
    expect((await fire(editor, id, 'return', '自己退回')).json().error.code).toBe('wrongParty');
    expect((await fire(await as('dept-110000.reviewer'), id, 'return', '外省')).statusCode).toBe(404);
    const returned = await fire(dept, id, 'return', '投融资方案未明确社会资本比例，请补充。');
    expect(returned.json().status).toBe('draft');
    expect((await editor.get(`/api/applications/${id}`)).json()).toMatchObject({
      actions: [{ action: 'submit' }],
      abilities: { edit: true },
    });
    expect(returned.json().history.map((h: { action: string; reason: string | null }) => [h.action, h.reason])).toEqual([
      ['return', '投融资方案未明确社会资本比例，请补充。'],
      ['submit', null],
    ]);
    expect(await notificationsOf('APPL-320500', id)).toEqual(['application.return']);
    expect((await fire(dept, id, 'reject', '不符合条件')).json().error.code).toBe('wrong_state');
    expect((await fire(dept, id, 'return', '再次退回')).json().error.code).toBe('wrong_state');
    // changed and submitted again
    const version = Number((await editor.get(`/api/applications/${id}`)).headers.etag!.replace(/"/g, ''));
    expect(
      (
        await editor.patch(`/api/applications/${id}`, applicationInput('苏州市', { summary: '已补充社会资本比例 40%。' }), {
          'if-match': `"${version}"`,
        })
      ).statusCode,
    ).toBe(200);
    expect((await fire(editor, id, 'submit')).statusCode).toBe(200);
    expect((await fire(editor, id, 'reject', '自己否决')).json().error.code).toBe('wrongParty');
    expect((await fire(dept, id, 'reject')).json().error.code).toBe('reasonRequired');
    const rejected = await fire(dept, id, 'reject', '智慧城市建设尚未列入当地规划。');
    expect(rejected.json()).toMatchObject({ status: 'rejected', actions: [] });
    expect(await notificationsOf('APPL-320500', id)).toEqual(['application.return', 'application.reject']);
    expect((await fire(dept, id, 'forward', '推荐')).json().error.code).toBe('wrong_state');
  });

  it('forwards with its review report within the province’s quota; another province is unaffected', async () => {
    const callId = await openCall(env, 2015, { quotaPerProvince: 1 });
    const changzhou = await registerApplicant(env, '320000', '320412', '常州市武进区人民政府');
    const a = await draftApplication(env, 'appl-320500.editor', callId, '苏州市');
    const b = await draftApplication(env, changzhou, callId, '常州市武进区');
    const c = await draftApplication(env, 'appl-110108.editor', callId, '北京市海淀区');
    for (const x of [a, b, c]) expect((await fire(x.editor, x.id, 'submit')).statusCode).toBe(200);
    const dept = await as('dept-320000.reviewer');
    expect((await fire(dept, a.id, 'forward')).json().error.code).toBe('reasonRequired');
    expect((await fire(await as('mohurd.admin'), a.id, 'forward', '推荐')).json().error.code).toBe('wrongParty');
    expect((await fire(await as('dept-320000.viewer'), a.id, 'forward', '推荐')).json().error.code).toBe('wrongRole');
    expect((await fire(await as('dept-110000.reviewer'), a.id, 'forward', '推荐')).statusCode).toBe(404);
    const forwarded = await fire(await as('dept-320000.admin'), a.id, 'forward', '初审意见：材料齐全，基础扎实，同意推荐。');
    expect(forwarded.json()).toMatchObject({ status: 'expertReview', provinceReport: '初审意见：材料齐全，基础扎实，同意推荐。' });
    expect(await notificationsOf('MOHURD', a.id)).toEqual(['application.forward']);
    expect((await fire(dept, b.id, 'forward', '同意推荐')).json().error).toMatchObject({ code: 'quotaExceeded', field: 'action' });
    expect((await dept.get(`/api/applications/${b.id}`)).json().status).toBe('provinceReview');
    expect((await fire(await as('dept-110000.reviewer'), c.id, 'forward', '同意推荐')).statusCode).toBe(200);
    // the province still decides on the one it cannot recommend
    expect((await fire(dept, b.id, 'reject', '本省名额已满。')).statusCode).toBe(200);
  });

  it('lets only one of two concurrent forwards take the last place', async () => {
    const callId = await openCall(env, 2016, { quotaPerProvince: 1 });
    const yangzhou = await registerApplicant(env, '320000', '321000', '扬州市人民政府');
    const a = await draftApplication(env, 'appl-320500.editor', callId, '苏州市');
    const b = await draftApplication(env, yangzhou, callId, '扬州市');
    for (const x of [a, b]) await fire(x.editor, x.id, 'submit');
    const [r1, r2] = [await as('dept-320000.reviewer'), await as('dept-320000.admin')];
    // On PostgreSQL both requests are held at the door (their application rows locked) and let go together, so
    // they really overlap; the embedded engine has one connection and runs them one after the other anyway.
    const results = await startTogether([a.id, b.id], () =>
      Promise.all([fire(r1, a.id, 'forward', '推荐甲'), fire(r2, b.id, 'forward', '推荐乙')]),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 422]);
    expect(results.find((r) => r.statusCode === 422)!.json().error.code).toBe('quotaExceeded');
    const listed = (await r1.get(`/api/applications?call=${callId}&status=expertReview`)).json().items;
    expect(listed).toHaveLength(1);
  });
});

/** Runs `requests` while the given application rows are locked, then releases them at once (PostgreSQL only). */
async function startTogether<T>(applicationIds: string[], requests: () => Promise<T>): Promise<T> {
  if (env.database.engine !== 'postgres') return requests();
  let release!: () => void;
  let locked!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const isLocked = new Promise<void>((r) => (locked = r));
  const holder = env.database.db.transaction(async (tx) => {
    await tx.execute(
      sql`select 1 from applications where id in (${sql.join(
        applicationIds.map((id) => sql`${id}`),
        sql`, `,
      )}) for update`,
    );
    locked();
    await released;
  });
  await isLocked;
  const pending = requests();
  await new Promise((r) => setTimeout(r, 300));
  release();
  await holder;
  return pending;
}

describe('综合评审: assigning experts', () => {
  it('never assigns an expert to their own province, and refuses one named for it', async () => {
    const callId = await openCall(env, 2018);
    const id = await forwardedApplication(env, 'appl-320500.editor', '320000', callId, '苏州市');
    const chen = await userIdOf('expert.chen');
    const zhang = await userIdOf('expert.zhang');
    const named = await assign(id, { expertUserIds: [zhang, chen] });
    expect(named.statusCode).toBe(422);
    expect(named.json().error).toMatchObject({ code: 'conflict_of_interest', field: 'expertUserIds.1' });
    expect(named.json().error.message).toContain('回避');
    expect((await assign(id, { expertUserIds: [await userIdOf('dept-320000.reviewer')] })).json().error).toMatchObject({
      code: 'not_an_expert',
      field: 'expertUserIds.0',
    });
    expect((await assign(id, { expertUserIds: [zhang] })).json().error.code).toBe('not_enough_experts');
    // five committee reviewers are not from 江苏: asking for six cannot be met
    expect((await assign(id, { count: 6 })).json().error).toMatchObject({ code: 'not_enough_experts', field: 'count' });
    expect((await assign(id, { count: 5 })).json().items.map((i: { expert: { name: string } }) => i.expert.name)).not.toContainEqual(
      expect.stringContaining('陈静'),
    );
    expect((await (await as('mohurd.reviewer')).post(`/api/applications/${id}/assignments`, {})).statusCode).toBe(403);
    // chen never sees it
    expect((await (await as('expert.chen')).get(`/api/applications/${id}`)).statusCode).toBe(404);
  });

  it('offers the Ministry the committee to name from, each expert of the applicant’s province shown with why not', async () => {
    const callId = await openCall(env, 2030);
    const id = await forwardedApplication(env, 'appl-320500.editor', '320000', callId, '苏州市');
    const choices = async (who: string) =>
      (await reviews(who, id)).json().choices as { name: string; homeProvince: string; unavailable: string | null }[] | null;
    const offered = await choices('mohurd.admin');
    const byName = new Map(offered!.map((c) => [c.name.replace(/（.*/, ''), c]));
    expect([...byName.keys()].sort()).toEqual(['张伟', '李娜', '王强', '赵敏', '陈静', '住房和城乡建设部智慧城市专家委员会'].sort());
    expect(byName.get('陈静')).toMatchObject({ homeProvince: '江苏省', unavailable: 'conflict_of_interest' });
    expect(byName.get('张伟')).toMatchObject({ homeProvince: '上海市', unavailable: null });
    // only those who assign see it
    expect(await choices('mohurd.reviewer')).toBeNull();
    // named members leave the list
    const named = ['expert.zhang', 'expert.li', 'expert.wang'];
    expect((await assign(id, { expertUserIds: await Promise.all(named.map(userIdOf)) })).statusCode).toBe(200);
    expect((await choices('mohurd.admin'))!.map((c) => c.name.replace(/（.*/, '')).sort()).toEqual(
      ['赵敏', '陈静', '住房和城乡建设部智慧城市专家委员会'].sort(),
    );
    // taken off again, so that the next tests see the committee's open loads as they were
    const admin = await as('mohurd.admin');
    for (const u of named) expect((await admin.delete(`/api/applications/${id}/assignments/${await userIdOf(u)}`)).statusCode).toBe(200);
  });

  it('spreads assignments over the least-loaded experts, explaining each choice', async () => {
    const callId = await openCall(env, 2019);
    const first = await forwardedApplication(env, 'appl-110108.editor', '110000', callId, '北京市海淀区');
    const second = await forwardedApplication(env, 'appl-320500.editor', '320000', callId, '苏州市');
    const HOMES: Record<string, string> = {
      'expert.zhang': '上海市',
      'expert.li': '广东省',
      'expert.wang': '四川省',
      'expert.zhao': '湖北省',
      'expert.chen': '江苏省',
      'experts.reviewer': '北京市',
    };
    const expectFor = async (eligible: string[]) => {
      const loads = await openLoads();
      const load = (u: string) => loads.get(u) ?? 0;
      const chosen = [...eligible].sort((x, y) => load(x) - load(y) || (x < y ? -1 : 1)).slice(0, 3);
      const least = Math.min(...eligible.map(load));
      return chosen.map((u) => `籍贯${HOMES[u]}，回避本省；分配时待评 ${load(u)} 件${load(u) === least ? '（最少）' : ''}`);
    };
    // 北京's application: the committee's 北京 member is excluded
    const wantFirst = await expectFor(['expert.zhang', 'expert.li', 'expert.wang', 'expert.zhao', 'expert.chen']);
    const r1 = await assign(first);
    expect(r1.statusCode, r1.body).toBe(200);
    expect(r1.json().items.map((i: { explanation: string }) => i.explanation)).toEqual(wantFirst);
    expect(
      r1
        .json()
        .items.map((i: { explanation: string }) => i.explanation)
        .join(),
    ).not.toContain('北京市');
    // the next application goes to whoever is now least loaded
    const wantSecond = await expectFor(['expert.zhang', 'expert.li', 'expert.wang', 'expert.zhao', 'experts.reviewer']);
    const r2 = await assign(second);
    expect(r2.json().items.map((i: { explanation: string }) => i.explanation)).toEqual(wantSecond);
    // asking again adds nobody: three are assigned already
    expect((await assign(second)).json().assigned).toBe(3);
    for (const item of r2.json().items as { expert: { id: string } }[]) {
      const username = (await env.database.db.select({ u: users.username }).from(users).where(eq(users.id, item.expert.id)))[0]!.u;
      expect((await todos(username)).filter((t) => t.subjectId === second)).toMatchObject([{ kind: 'scoreApplication' }]);
    }
    expect(await notificationsOf('EXPERTS', second)).toEqual(['panel.assigned.application']);
  });

  it('assigns only applications in 综合评审', async () => {
    const callId = await openCall(env, 2020);
    const { id } = await draftApplication(env, 'appl-320500.editor', callId, '苏州市');
    expect((await assign(id)).json().error).toMatchObject({ code: 'wrong_state' });
  });
});

describe('what an expert reads', () => {
  it('shows an assigned expert what scoring needs, not the applicant’s contact details', async () => {
    const callId = await openCall(env, 2024);
    const id = await forwardedApplication(env, 'appl-320500.editor', '320000', callId, '苏州市');
    const ids = await Promise.all(['expert.zhang', 'expert.li', 'expert.wang'].map(userIdOf));
    expect((await assign(id, { expertUserIds: ids })).statusCode).toBe(200);
    const seen = (await (await as('expert.zhang')).get(`/api/applications/${id}`)).json();
    expect(seen).toMatchObject({ name: '苏州市', contact: null });
    // the province and the Ministry still reach the applicant
    expect((await (await as('mohurd.viewer')).get(`/api/applications/${id}`)).json().contact).toMatchObject({ name: expect.any(String) });
  });
});

describe('综合评审: blind scoring', () => {
  it('shows an expert only their own review until the panel closes, then the whole panel with names', async () => {
    const callId = await openCall(env, 2021);
    const id = await forwardedApplication(env, 'appl-320500.editor', '320000', callId, '苏州市');
    const ids = await Promise.all(['expert.zhang', 'expert.li', 'expert.wang'].map(userIdOf));
    const named = (await assign(id, { expertUserIds: ids })).json().items as { expert: { name: string }; explanation: string }[];
    expect(named.find((i) => i.expert.name.startsWith('张伟'))!.explanation).toMatch(/^部指定；籍贯上海市，回避本省；分配时待评 \d+ 件$/);
    const [a, b, c] = [await as('expert.zhang'), await as('expert.li'), await as('expert.wang')];
    expect((await a.get(`/api/applications/${id}`)).json().abilities).toMatchObject({ score: true });

    // the rubric decides what a sheet holds
    const bad = async (scores: Record<string, number>) => (await score(a, id, scores)).json().error;
    expect(await bad({ ...sameScores(80), planning: 101 })).toMatchObject({ code: 'score_out_of_range', field: 'scores.planning' });
    expect(await bad({ planning: 80, organisation: 80, platform: 80 })).toMatchObject({ field: 'scores.feasibility' });
    expect(await bad({ ...sameScores(80), bonus: 5 })).toMatchObject({ code: 'unrecognized_keys', field: 'scores.bonus' });
    expect(await bad({ ...sameScores(80), platform: -1 })).toMatchObject({ field: 'scores.platform' });

    expect((await score(b, id, sameScores(90))).statusCode).toBe(200);
    const beforeA = (await reviews(a, id)).json();
    expect(beforeA).toMatchObject({ assigned: 3, submitted: 1 });
    expect(beforeA.items).toEqual([expect.objectContaining({ mine: true, scores: null, total: null, submittedAt: null })]);

    const mine = await score(a, id, { planning: 80, organisation: 70, platform: 90, feasibility: 60 }, '平台方案扎实。');
    expect(mine.statusCode, mine.body).toBe(200);
    // still blind after its own submission: nobody sees another's name or score before the panel closes
    const afterA = mine.json();
    expect(afterA).toMatchObject({ assigned: 3, submitted: 2, closed: false });
    // 0.25×80 + 0.25×70 + 0.3×90 + 0.2×60
    expect(afterA.items).toEqual([
      expect.objectContaining({ mine: true, total: 76.5, expert: expect.objectContaining({ name: expect.stringContaining('张伟') }) }),
    ]);
    expect((await score(a, id, sameScores(100))).json().error).toMatchObject({ code: 'already_scored', field: 'scores' });
    expect((await reviews(c, id)).json().items).toHaveLength(1);

    const ministry = (await reviews('mohurd.viewer', id)).json();
    expect(ministry.items).toHaveLength(3);
    expect(ministry.items.every((r: { expert: unknown }) => r.expert !== null)).toBe(true);
    expect((await reviews('dept-320000.reviewer', id)).statusCode).toBe(403);
    expect((await reviews('appl-320500.admin', id)).statusCode).toBe(403);
    // an expert who is not assigned finds nothing
    expect((await reviews('expert.zhao', id)).statusCode).toBe(404);
    expect((await score(await as('expert.zhao'), id, sameScores(50))).statusCode).toBe(404);
    // a committee member without the reviewer role scores nothing
    expect((await score(await as('experts.viewer'), id, sameScores(50))).statusCode).toBe(403);

    // decided: the panel closes and each of its experts sees it whole, names included
    expect((await score(c, id, sameScores(70))).statusCode).toBe(200);
    expect((await fire(await as('mohurd.admin'), id, 'decline', '综合评分未达推荐线。')).statusCode).toBe(200);
    const closed = (await reviews(a, id)).json();
    expect(closed).toMatchObject({ closed: true, submitted: 3 });
    expect(closed.items.map((r: { total: number }) => r.total).sort()).toEqual([70, 76.5, 90]);
    expect(closed.items.filter((r: { mine: boolean }) => r.mine)).toHaveLength(1);
  });
});

describe('designation (确定为试点)', () => {
  it('takes a registered applicant from its draft to a pilot of the call’s batch, whose users then act as the pilot', async () => {
    const callId = (await (await as('mohurd.viewer')).get('/api/calls')).json().items.find((c: { year: number }) => c.year === 2013)
      .id as string;
    const applicant = await registerApplicant(env, '320000', '320300', '徐州市人民政府');
    const { id, editor } = await draftApplication(env, applicant, callId, '徐州市');
    expect((await fire(editor, id, 'submit')).statusCode).toBe(200);
    expect((await fire(await as('dept-320000.reviewer'), id, 'forward', '同意推荐徐州市。')).statusCode).toBe(200);

    const ministry = await as('mohurd.admin');
    expect((await todos('mohurd.admin')).filter((t) => t.subjectId === id)).toMatchObject([{ kind: 'assignExperts' }]);
    expect((await fire(ministry, id, 'designate')).json().error.code).toBe('notEnoughScores');
    expect((await ministry.get(`/api/applications/${id}`)).json().actions).toEqual([
      { action: 'designate', kind: 'decide', enabled: false, reason: 'notEnoughScores', needsReason: false },
      { action: 'decline', kind: 'reject', enabled: true, reason: null, needsReason: true },
    ]);
    const assigned = (await assign(id)).json().items as { expert: { id: string } }[];
    expect((await todos('mohurd.admin')).some((t) => t.subjectId === id)).toBe(false);
    for (const [i, a] of assigned.entries()) {
      const username = (await env.database.db.select({ u: users.username }).from(users).where(eq(users.id, a.expert.id)))[0]!.u;
      expect((await score(await as(username), id, sameScores(80 + i))).statusCode).toBe(200);
      expect((await todos(username)).some((t) => t.subjectId === id)).toBe(false);
    }
    expect((await todos('mohurd.admin')).filter((t) => t.subjectId === id)).toMatchObject([{ kind: 'decideApplication' }]);
    expect((await fire(await as('mohurd.reviewer'), id, 'designate')).json().error.code).toBe('wrongRole');
    expect((await fire(await as('dept-320000.admin'), id, 'designate')).json().error.code).toBe('wrongParty');
    expect((await fire(editor, id, 'designate')).json().error.code).toBe('wrongParty');

    const designated = await fire(ministry, id, 'designate');
    expect(designated.statusCode, designated.body).toBe(200);
    const app = designated.json();
    expect(app).toMatchObject({ status: 'designated', pilotId: expect.any(String), actions: [] });
    expect(await notificationsOf('APPL-320300', id)).toContain('application.designate');
    expect((await fire(ministry, id, 'designate')).json().error.code).toBe('wrong_state');
    expect((await fire(ministry, id, 'decline', '重复')).json().error.code).toBe('wrong_state');
    expect((await score(await as('expert.zhang'), id, sameScores(1))).statusCode).toBeGreaterThanOrEqual(403);

    // the Ministry sees the new pilot in the call's batch
    const pilots = (await (await as('mohurd.viewer')).get('/api/pilots?batch=2013')).json();
    expect(pilots.items).toEqual([
      expect.objectContaining({
        id: app.pilotId,
        publishedName: '徐州市',
        batchYear: 2013,
        batchName: '2013年度',
        provinceCode: '320000',
        kind: 'prefectureCity',
        seq: 1,
      }),
    ]);
    expect((await (await as('dept-320000.viewer')).get(`/api/pilots/${app.pilotId}`)).statusCode).toBe(200);
    // the registry's batch filter offers what /api/batches lists, 2013 included
    expect((await (await as('dept-320000.viewer')).get('/api/batches')).json().items.map((b: { year: number }) => b.year)).toContain(2013);
    // the applicant's own users now work as the pilot's government (乙方), and still see their application
    const pilotUser = await as(applicant);
    expect((await pilotUser.get('/api/session')).json().organisation).toMatchObject({
      tier: 'pilot',
      type: 'pilotGov',
      code: 'APPL-320300',
    });
    expect((await pilotUser.get('/api/pilots')).json().items.map((p: { id: string }) => p.id)).toEqual([app.pilotId]);
    expect((await pilotUser.get(`/api/applications/${id}`)).json().status).toBe('designated');
    const book = await pilotUser.post(`/api/pilots/${app.pilotId}/task-books`);
    expect(book.statusCode, book.body).toBe(201);
    expect(book.json()).toMatchObject({ pilot: { name: '徐州市' }, batch: { year: 2013, deadline: '2014-02-28' } });
  });

  it('declines with a reason, by the Ministry’s administrators only', async () => {
    const callId = await openCall(env, 2022);
    const id = await forwardedApplication(env, 'appl-110108.editor', '110000', callId, '北京市海淀区');
    const ministry = await as('mohurd.admin');
    expect((await fire(ministry, id, 'decline')).json().error.code).toBe('reasonRequired');
    expect((await fire(await as('mohurd.viewer'), id, 'decline', '不予列入')).json().error.code).toBe('wrongRole');
    expect((await fire(await as('dept-110000.admin'), id, 'decline', '不予列入')).json().error.code).toBe('wrongParty');
    const declined = await fire(ministry, id, 'decline', '建设基础与示范效应不足。');
    expect(declined.json()).toMatchObject({ status: 'declined', decisionReason: '建设基础与示范效应不足。', pilotId: null });
    expect(await notificationsOf('APPL-110108', id)).toEqual(['application.decline']);
    expect((await fire(ministry, id, 'designate')).json().error.code).toBe('wrong_state');
    const [org] = await env.database.db.select().from(organisations).where(eq(organisations.code, 'APPL-110108'));
    expect(org!.type).toBe('applicantGov');
  });
});

describe('scope', () => {
  it('shows each tier the applications it has a part in', async () => {
    const callId = await openCall(env, 2023);
    const id = await forwardedApplication(env, 'appl-320500.editor', '320000', callId, '苏州市');
    const seen = async (who: string) =>
      (await (await as(who)).get(`/api/applications?call=${callId}`)).json().items.map((a: { id: string }) => a.id);
    expect(await seen('mohurd.viewer')).toEqual([id]);
    expect(await seen('dept-320000.viewer')).toEqual([id]);
    expect(await seen('gov-320000.viewer')).toEqual([id]);
    expect(await seen('appl-320500.viewer')).toEqual([id]);
    expect(await seen('dept-110000.viewer')).toEqual([]);
    expect(await seen('pilot-2012-025.viewer')).toEqual([]);
    expect(await seen('expert.zhang')).toEqual([]);
    expect((await (await as('expert.zhang')).get(`/api/applications/${id}/attachments`)).statusCode).toBe(404);
    expect((await (await as('dept-320000.viewer')).get(`/api/applications/${id}/attachments`)).json().items).toHaveLength(4);
    expect((await (await as('appl-320500.viewer')).get(`/api/applications?status=nonsense`)).json().error.field).toBe('status');
  });
});
