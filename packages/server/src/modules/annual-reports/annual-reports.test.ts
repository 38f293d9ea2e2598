import type { ReportContent } from '@smartcity/domain';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, notifications, organisations } from '../../db/schema.js';
import { createTestEnv, type Agent, type TestEnv } from '../../test/harness.js';
import { completeContent } from '../../test/task-book-fixture.js';
import { latestReports } from './annual-reports.service.js';
import { editableContent, filledIn, moveClockTo, pilotIdOf, signedTaskBook } from './test-helpers.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

const as = (who: string) => env.as(who);
const fire = (agent: Agent, id: string, action: string, extra: object = {}) =>
  agent.post(`/api/annual-reports/${id}/transitions`, { action, ...extra });

/** A creation period of 2013–2015 with a second key project that starts only in 2014. */
function bookWithLateProject() {
  const content = completeContent();
  content.tasks.projects.push({
    ...content.tasks.projects[0]!,
    id: 'p2',
    name: '智慧社区二期',
    startYear: 2014,
    endYear: 2015,
  });
  return content;
}

async function startReport(editor: Agent, pilotId: string, year = 2013) {
  const res = await editor.post(`/api/pilots/${pilotId}/annual-reports`, { year });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** Saves a content with the report's current version. */
async function save(editor: Agent, id: string, content: ReportContent) {
  const version = (await editor.get(`/api/annual-reports/${id}`)).json().version;
  return editor.patch(`/api/annual-reports/${id}`, content, { 'if-match': `"${version}"` });
}

async function notified(orgCode: string, subjectId: string) {
  const db = env.database.db;
  const [org] = await db.select().from(organisations).where(eq(organisations.code, orgCode));
  return (
    await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.organisationId, org!.id), eq(notifications.subjectId, subjectId)))
  ).map((n) => n.kind);
}

describe('starting a report', () => {
  let pilotId: string;
  let editor: Agent;
  beforeAll(async () => {
    ({ pilotId, editor } = await signedTaskBook(env, 'pilot-2012-025', bookWithLateProject()));
  });

  it('needs a signed task book', async () => {
    const other = await as('pilot-2012-026.editor');
    const res = await other.post(`/api/pilots/${await pilotIdOf(other)}/annual-reports`, { year: 2013 });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('task_book_not_signed');
  });

  it('is prefilled from the signed task book: that year’s targets, the projects running that year', async () => {
    const report = await startReport(editor, pilotId);
    expect(report).toMatchObject({
      year: 2013,
      status: 'draft',
      dueDate: '2013-12-31',
      overdue: false,
      pilot: { name: '无锡市' },
      abilities: { edit: true },
    });
    const indicators = report.content.indicators;
    expect(indicators).toHaveLength(12);
    // 1.1.1 组织机构… is qualitative (a yes/no target in the task book): the report has no number to aim at
    expect(indicators[0]).toMatchObject({ id: 'i-1.1.1', unit: '', target: null });
    expect(indicators[5]).toMatchObject({
      id: 'i-1.2.1',
      name: '规定项 1.2.1',
      category: 'required',
      unit: '%',
      target: 30,
      actual: null,
      source: '',
      quality: null,
      evidence: [],
      returnReasons: [],
    });
    expect(indicators.at(-1)).toMatchObject({ id: 'inno-1', category: 'innovative', target: 40 });
    expect(report.content.projects).toEqual([
      {
        id: 'p1',
        name: '城市公共信息平台一期',
        state: 'notStarted',
        percentComplete: 0,
        spent: { government: 0, social: 0, bank: 0, other: 0 },
        returnReasons: [],
      },
    ]);
    expect(report.content).toMatchObject({ platform: '', narrative: '' });
    expect(report.problems).toContainEqual({ item: 'i-1.1.1', code: 'missingActual' });
    expect(report.problems).toContainEqual({ item: 'narrative', code: 'missing' });
    expect(report.actions.map((a: { action: string }) => a.action)).toEqual(['submit']);
    // 2014 has the second project and its own targets
    const next = await startReport(editor, pilotId, 2014);
    expect(next.content.projects.map((p: { id: string }) => p.id)).toEqual(['p1', 'p2']);
    expect(next.content.indicators[5].target).toBe(60);
  });

  it('refuses a year outside the creation period, a second report of a year, other roles and other pilots', async () => {
    const outside = await editor.post(`/api/pilots/${pilotId}/annual-reports`, { year: 2016 });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error).toMatchObject({ code: 'not_in_period', field: 'year' });
    const again = await editor.post(`/api/pilots/${pilotId}/annual-reports`, { year: 2013 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('report_exists');
    expect((await editor.post(`/api/pilots/${pilotId}/annual-reports`, { year: '2013' })).json().error.field).toBe('year');
    expect((await (await as('pilot-2012-025.viewer')).post(`/api/pilots/${pilotId}/annual-reports`, { year: 2015 })).statusCode).toBe(403);
    expect((await (await as('pilot-2012-026.editor')).post(`/api/pilots/${pilotId}/annual-reports`, { year: 2015 })).statusCode).toBe(404);
  });

  it('lists reports in scope and filters them', async () => {
    const mine = (await editor.get('/api/annual-reports?year=2013')).json().items;
    expect(mine.map((r: { year: number }) => r.year)).toEqual([2013]);
    expect((await (await as('dept-320000.viewer')).get(`/api/annual-reports?pilot=${pilotId}`)).json().items).toHaveLength(2);
    expect((await (await as('dept-110000.viewer')).get(`/api/annual-reports?pilot=${pilotId}`)).json().items).toEqual([]);
    expect((await editor.get('/api/annual-reports?status=accepted')).json().items).toEqual([]);
    expect((await editor.get('/api/annual-reports?status=done')).json().error.field).toBe('status');
    const id = mine[0].id;
    expect((await (await as('dept-110000.viewer')).get(`/api/annual-reports/${id}`)).statusCode).toBe(404);
    expect((await (await as('pilot-2012-026.viewer')).get(`/api/annual-reports/${id}`)).statusCode).toBe(404);
  });

  it('pages and sorts the list on the server, each report on one page, and names a bad page or order', async () => {
    const ministry = await as('mohurd.viewer');
    const all = (await ministry.get('/api/annual-reports?pageSize=200')).json() as { items: { id: string; year: number }[]; total: number };
    expect(all.total).toBe(all.items.length);
    expect(all.total).toBeGreaterThanOrEqual(2);
    const newest = (await ministry.get('/api/annual-reports?sort=-year&pageSize=1')).json();
    expect(newest.total).toBe(all.total);
    expect(newest.items[0].year).toBe(Math.max(...all.items.map((r) => r.year)));
    const pages: string[] = [];
    for (let page = 1; page <= all.total; page++)
      pages.push(
        ...(await ministry.get(`/api/annual-reports?sort=status&pageSize=1&page=${page}`)).json().items.map((r: { id: string }) => r.id),
      );
    expect(pages.sort()).toEqual(all.items.map((r) => r.id).sort());
    expect((await ministry.get(`/api/annual-reports?pageSize=1&page=${all.total + 1}`)).json()).toEqual({
      items: [],
      total: all.total,
      totalExact: true,
    });
    expect((await ministry.get('/api/annual-reports?pageSize=0')).json().error.field).toBe('pageSize');
    expect((await ministry.get('/api/annual-reports?sort=content')).json().error.field).toBe('sort');
  });
});

describe('editing a draft', () => {
  let id: string;
  let editor: Agent;
  let content: ReportContent;
  beforeAll(async () => {
    let pilotId: string;
    ({ pilotId, editor } = await signedTaskBook(env, 'pilot-2012-027'));
    const report = await startReport(editor, pilotId);
    id = report.id;
    content = editableContent((await editor.get(`/api/annual-reports/${id}`)).json().content);
  });

  it('saves with If-Match and refuses a stale version', async () => {
    const get = await editor.get(`/api/annual-reports/${id}`);
    const version = get.json().version;
    expect(get.headers.etag).toBe(`"${version}"`);
    const saved = await editor.patch(`/api/annual-reports/${id}`, filledIn(content), { 'if-match': `"${version}"` });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.headers.etag).toBe(`"${version + 1}"`);
    const stale = await editor.patch(`/api/annual-reports/${id}`, content, { 'if-match': `"${version}"` });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_version');
    expect((await editor.patch(`/api/annual-reports/${id}`, content)).statusCode).toBe(428);
    expect((await editor.get(`/api/annual-reports/${id}`)).json().problems).toEqual([]);
  });

  it('keeps the items and targets of the task book, and checks the shape', async () => {
    const foreignId = await save(editor, id, {
      ...content,
      indicators: [{ ...content.indicators[0]!, id: 'made-up' }, ...content.indicators.slice(1)],
    });
    expect(foreignId.json().error).toMatchObject({ code: 'invalid_value', field: 'indicators.0.id' });
    const dropped = await save(editor, id, { ...content, indicators: content.indicators.slice(1) });
    expect(dropped.json().error).toMatchObject({ code: 'invalid_value', field: 'indicators' });
    const target = await save(editor, id, {
      ...content,
      indicators: [{ ...content.indicators[0]!, target: 1 }, ...content.indicators.slice(1)],
    });
    expect(target.json().error).toMatchObject({ code: 'invalid_value', field: 'indicators.0.target' });
    const project = await save(editor, id, { ...content, projects: [{ ...content.projects[0]!, id: 'p9' }] });
    expect(project.json().error).toMatchObject({ code: 'invalid_value', field: 'projects.0.id' });
    const quality = await save(editor, id, {
      ...content,
      indicators: [{ ...content.indicators[0]!, quality: 'guessed' as 'measured' }, ...content.indicators.slice(1)],
    });
    expect(quality.json().error).toMatchObject({ field: 'indicators.0.quality' });
    const extra = await save(editor, id, { ...content, secret: 1 } as ReportContent);
    expect(extra.json().error).toMatchObject({ code: 'unrecognized_keys', field: 'secret' });
    const percent = await save(editor, id, { ...content, projects: [{ ...content.projects[0]!, percentComplete: 120 }] });
    expect(percent.json().error).toMatchObject({ field: 'projects.0.percentComplete' });
    expect((await (await as('pilot-2012-027.viewer')).patch(`/api/annual-reports/${id}`, content, { 'if-match': '"1"' })).statusCode).toBe(
      403,
    );
  });

  it('takes evidence files that its indicators cite, and no other ids', async () => {
    const boundary = '----smartcity-test';
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(100, 0x20)]);
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="统计年报.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      pdf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const upload = (agent: Agent) =>
      agent.request('POST', `/api/annual-reports/${id}/evidence`, body as unknown as string, {
        'content-type': `multipart/form-data; boundary=${boundary}`,
      });
    const file = await upload(editor);
    expect(file.statusCode, file.body).toBe(201);
    expect(file.json()).toMatchObject({ kind: 'evidence', filename: '统计年报.pdf' });
    expect((await upload(await as('dept-320000.reviewer'))).statusCode).toBe(403);
    const current = (await editor.get(`/api/annual-reports/${id}`)).json();
    const cite = (evidence: string[]) => ({
      ...filledIn(content),
      indicators: filledIn(content).indicators.map((i, n) => (n === 0 ? { ...i, evidence } : i)),
    });
    const unknown = await save(editor, id, cite(['00000000-0000-4000-8000-000000000000']));
    expect(unknown.json().error).toMatchObject({ code: 'invalid_value', field: 'indicators.0.evidence.0' });
    expect((await save(editor, id, cite([file.json().id]))).statusCode).toBe(200);
    const after = (await editor.get(`/api/annual-reports/${id}`)).json();
    expect(after.evidence).toEqual([{ id: file.json().id, filename: '统计年报.pdf' }]);
    expect(after.version).toBe(current.version + 1);
    expect(
      (await (await as('dept-320000.viewer')).get(`/api/annual-reports/${id}/evidence/${file.json().id}`)).rawPayload.equals(pdf),
    ).toBe(true);
    // still cited: it cannot be deleted until the content lets go of it
    expect((await editor.delete(`/api/annual-reports/${id}/evidence/${file.json().id}`)).statusCode).toBe(409);
    expect((await save(editor, id, cite([]))).statusCode).toBe(200);
    expect((await editor.delete(`/api/annual-reports/${id}/evidence/${file.json().id}`)).statusCode).toBe(200);
    expect((await editor.get(`/api/annual-reports/${id}/evidence`)).json().items).toEqual([]);
  });
});

describe('the review workflow', () => {
  let id: string;
  let editor: Agent;
  let content: ReportContent;
  beforeAll(async () => {
    let pilotId: string;
    ({ pilotId, editor } = await signedTaskBook(env, 'pilot-2012-028'));
    const report = await startReport(editor, pilotId);
    id = report.id;
    content = editableContent(report.content);
  });

  it('submit: refuses an incomplete report, other parties and roles, then goes to the province', async () => {
    const incomplete = await fire(editor, id, 'submit');
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json().error.code).toBe('incomplete');
    expect((await save(editor, id, filledIn(content))).statusCode).toBe(200);
    expect((await fire(await as('pilot-2012-028.viewer'), id, 'submit')).json().error.code).toBe('wrongRole');
    expect((await fire(await as('dept-320000.reviewer'), id, 'submit')).json().error.code).toBe('wrongParty');
    const submitted = await fire(editor, id, 'submit');
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'provinceReview', actions: [], abilities: { edit: false } });
    expect(await notified('DEPT-320000', id)).toEqual(['annualReport.submit']);
    // not a draft any more: no second submission, no edits
    expect((await fire(editor, id, 'submit')).statusCode).toBe(409);
    expect((await save(editor, id, content)).json().error.code).toBe('wrong_state');
  });

  it('provinceReturn: needs a reason, only from the province in review; item reasons show beside their items', async () => {
    const province = await as('dept-320000.admin');
    expect((await fire(province, id, 'provinceReturn')).json().error.code).toBe('reasonRequired');
    expect((await fire(await as('mohurd.reviewer'), id, 'provinceReturn', { reason: 'x' })).json().error.code).toBe('wrongParty');
    expect((await fire(await as('dept-110000.reviewer'), id, 'provinceReturn', { reason: 'x' })).statusCode).toBe(404);
    const badItem = await fire(province, id, 'provinceReturn', { itemReasons: [{ item: 'nope', text: '?' }] });
    expect(badItem.json().error).toMatchObject({ code: 'invalid_value', field: 'itemReasons.0.item' });
    const returned = await fire(province, id, 'provinceReturn', {
      itemReasons: [
        { item: 'i-1.1.1', text: '实际值与统计年报不符' },
        { item: null, text: '请补充平台运行情况' },
      ],
    });
    expect(returned.statusCode, returned.body).toBe(200);
    const report = returned.json();
    expect(report.status).toBe('draft');
    expect(report.content.indicators[0].returnReasons).toEqual([
      { text: '实际值与统计年报不符', byName: expect.any(String), action: 'provinceReturn' },
    ]);
    expect(report.content.indicators[1].returnReasons).toEqual([]);
    expect(report.returnReasons.map((r: { text: string }) => r.text)).toEqual(['请补充平台运行情况']);
    expect(report.changedSinceReturn).toEqual([]);
    expect(report.reviews[0]).toMatchObject({
      action: 'provinceReturn',
      itemReasons: [
        { item: 'i-1.1.1', text: '实际值与统计年报不符' },
        { item: null, text: '请补充平台运行情况' },
      ],
    });
    expect(await notified('PILOT-2012-028', id)).toEqual(['annualReport.provinceReturn']);
    // refused state: nothing to return while it is a draft
    expect((await fire(province, id, 'provinceReturn', { reason: 'x' })).statusCode).toBe(409);
  });

  it('the resubmission shows what changed since the returned content', async () => {
    const fixed = filledIn(content);
    fixed.indicators[0] = { ...fixed.indicators[0]!, actual: 40 };
    fixed.platform = '平台已接入 12 个部门。';
    expect((await save(editor, id, fixed)).statusCode).toBe(200);
    const resubmitted = await fire(editor, id, 'submit');
    expect(resubmitted.json().status).toBe('provinceReview');
    const report = (await (await as('dept-320000.reviewer')).get(`/api/annual-reports/${id}`)).json();
    const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
    expect(report.changedSinceReturn.sort(byPath)).toEqual([
      { path: 'indicators[#i-1.1.1].actual', before: 35, after: 40 },
      { path: 'platform', before: '', after: '平台已接入 12 个部门。', text: [{ op: '+', text: '平台已接入 12 个部门。' }] },
    ]);
    // the reasons stay beside their items until the province decides again
    expect(report.content.indicators[0].returnReasons).toHaveLength(1);
    expect(report.actions.map((a: { action: string }) => a.action)).toEqual(['provinceApprove', 'provinceReturn']);
  });

  it('provinceApprove: only the province’s reviewers, only in province review', async () => {
    expect((await fire(editor, id, 'provinceApprove')).json().error.code).toBe('wrongParty');
    expect((await fire(await as('dept-320000.viewer'), id, 'provinceApprove')).json().error.code).toBe('wrongRole');
    expect((await fire(await as('mohurd.reviewer'), id, 'accept')).statusCode).toBe(409); // not yet at the Ministry
    const approved = await fire(await as('dept-320000.reviewer'), id, 'provinceApprove');
    expect(approved.json()).toMatchObject({ status: 'ministryReview', changedSinceReturn: null });
    expect(approved.json().content.indicators[0].returnReasons).toEqual([]);
    expect((await fire(await as('dept-320000.reviewer'), id, 'provinceApprove')).statusCode).toBe(409);
    expect(await notified('MOHURD', id)).toEqual(['annualReport.provinceApprove']);
  });

  it('ministryReturn: the Ministry with a reason, back to the pilot', async () => {
    expect((await fire(editor, id, 'ministryReturn', { reason: 'x' })).json().error.code).toBe('wrongParty');
    expect((await fire(await as('mohurd.admin'), id, 'ministryReturn')).json().error.code).toBe('reasonRequired');
    const returned = await fire(await as('mohurd.admin'), id, 'ministryReturn', { reason: '请补充佐证材料' });
    expect(returned.json()).toMatchObject({ status: 'draft', returnReasons: [{ text: '请补充佐证材料', action: 'ministryReturn' }] });
    expect((await fire(await as('mohurd.admin'), id, 'ministryReturn', { reason: 'x' })).statusCode).toBe(409);
    await fire(editor, id, 'submit');
    await fire(await as('dept-320000.reviewer'), id, 'provinceApprove');
  });

  it('accept: the Ministry’s reviewers only; an accepted report is locked', async () => {
    expect((await fire(await as('dept-320000.reviewer'), id, 'accept')).json().error.code).toBe('wrongParty');
    expect((await fire(await as('mohurd.viewer'), id, 'accept')).json().error.code).toBe('wrongRole');
    const accepted = await fire(await as('mohurd.reviewer'), id, 'accept');
    expect(accepted.json()).toMatchObject({ status: 'accepted', actions: [] });
    expect(await notified('PILOT-2012-028', id)).toContain('annualReport.accept');
    // locked: every edit and every action is refused with 409
    expect((await save(editor, id, filledIn(content))).statusCode).toBe(409);
    for (const [who, action] of [
      ['pilot-2012-028.editor', 'submit'],
      ['dept-320000.reviewer', 'provinceReturn'],
      ['mohurd.reviewer', 'ministryReturn'],
      ['mohurd.reviewer', 'accept'],
    ] as const) {
      expect((await fire(await as(who), id, action, { reason: 'x' })).statusCode, action).toBe(409);
    }
    const upload = await editor.request('POST', `/api/annual-reports/${id}/evidence`, '--b\r\n', {
      'content-type': 'multipart/form-data; boundary=b',
    });
    expect(upload.statusCode).toBe(409);
    const trail = (await env.database.db.select().from(auditLog).where(eq(auditLog.targetId, id)).orderBy(auditLog.seq)).map(
      (e) => e.action,
    );
    expect(trail.filter((a) => !a.endsWith('saveContent'))).toEqual([
      'annualReport.create',
      'annualReport.submit',
      'annualReport.provinceReturn',
      'annualReport.submit',
      'annualReport.provinceApprove',
      'annualReport.ministryReturn',
      'annualReport.submit',
      'annualReport.provinceApprove',
      'annualReport.accept',
    ]);
  });

  it('gives acceptance every creation year with its report and status', async () => {
    const pilotId = await pilotIdOf(editor);
    const years = await latestReports(env.database.db, pilotId);
    expect(years.map((y) => [y.year, y.status])).toEqual([
      [2013, 'accepted'],
      [2014, null],
      [2015, null],
    ]);
    expect(years[0]!.content!.indicators[0]!.actual).toBe(40);
  });
});

describe('due dates and to-do lists', () => {
  const todos = async (who: string) =>
    (await (await as(who)).get('/api/todos?pageSize=200')).json().items as {
      kind: string;
      subjectType: string;
      dueDate: string | null;
      overdue: boolean;
    }[];
  const reportTodos = async (who: string) => (await todos(who)).filter((t) => t.subjectType === 'annualReport');

  it('asks for the report from 1 November, flags it overdue after 31 December until it is submitted', async () => {
    const { pilotId } = await signedTaskBook(env, 'pilot-2012-029');
    expect(await reportTodos('pilot-2012-029.editor')).toEqual([]);
    let back = moveClockTo(env, '2013-10-31T23:59');
    try {
      expect(await reportTodos('pilot-2012-029.editor')).toEqual([]);
    } finally {
      back();
    }
    back = moveClockTo(env, '2013-11-01T00:00');
    try {
      expect(await reportTodos('pilot-2012-029.editor')).toEqual([
        {
          kind: 'startAnnualReport',
          subjectType: 'annualReport',
          subjectId: null,
          pilotId,
          pilotName: '南京河西新城',
          taskBookId: expect.any(String),
          year: 2013,
          dueDate: '2013-12-31',
          overdue: false,
        },
      ]);
      expect(await reportTodos('pilot-2012-029.viewer')).toEqual([]);
    } finally {
      back();
    }
    back = moveClockTo(env, '2014-01-01T00:00');
    try {
      expect(await reportTodos('pilot-2012-029.editor')).toMatchObject([
        { kind: 'startAnnualReport', dueDate: '2013-12-31', overdue: true },
      ]);
      const editor = await as('pilot-2012-029.editor');
      const report = await startReport(editor, pilotId);
      expect(report).toMatchObject({ overdue: true });
      expect(await reportTodos('pilot-2012-029.editor')).toMatchObject([
        { kind: 'draftAnnualReport', subjectId: report.id, year: 2013, dueDate: '2013-12-31', overdue: true },
      ]);
      // submitted: no longer owed by the pilot; the province owes a decision
      const content = editableContent(report.content);
      expect((await save(editor, report.id, filledIn(content))).statusCode).toBe(200);
      const submitted = await fire(editor, report.id, 'submit');
      expect(submitted.json()).toMatchObject({ status: 'provinceReview', overdue: false });
      expect(await reportTodos('pilot-2012-029.editor')).toEqual([]);
      expect((await reportTodos('dept-320000.reviewer')).map((t) => t.kind)).toContain('reviewAnnualReport');
      expect(await reportTodos('dept-110000.reviewer')).toEqual([]);
      expect(await reportTodos('mohurd.reviewer')).toEqual([]);
      await fire(await as('dept-320000.reviewer'), report.id, 'provinceApprove');
      expect((await reportTodos('mohurd.reviewer')).map((t) => t.kind)).toEqual(['reviewAnnualReport']);
    } finally {
      back();
    }
  });
});
