import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, extensionRequests, notifications, organisations } from '../../db/schema.js';
import { createTestEnv, type TestEnv } from '../../test/harness.js';
import { moveClockTo, signedTaskBook } from '../annual-reports/test-helpers.js';

// Three pilots sign task books for 2013–2015 (two of 江苏, one of 北京); on 2014-01-02 none has submitted its 2013
// report, owed by 2013-12-31: each is overdue on the dashboard until an extension moves its date.
let env: TestEnv;
const pilots: Record<string, string> = {};
let back: () => void;
beforeAll(async () => {
  env = await createTestEnv();
  for (const p of ['pilot-2012-025', 'pilot-2012-026', 'pilot-2012-001']) pilots[p] = (await signedTaskBook(env, p)).pilotId;
  // a pilot without a task book owes no report
  pilots['pilot-2012-027'] = (await (await env.as('pilot-2012-027.viewer')).get('/api/pilots')).json().items[0].id;
  back = moveClockTo(env, '2014-01-02T10:00');
}, 300_000);
afterAll(async () => {
  back?.();
  await env?.close();
});

const as = (who: string) => env.as(who);
const db = () => env.database.db;
const row = (pilot: string) => ({ kind: 'report', pilotId: pilots[pilot]!, year: 2013 });
const requestsUrl = (pilot: string) => `/api/pilots/${pilots[pilot]}/report-deadlines/2013/extension-requests`;

interface Overdue {
  kind: string;
  pilot: { id: string };
  dueDate: string;
  year: number | null;
}
/** The Ministry's dashboard for 2013: the reports it counts overdue and the rows of its overdue list. */
async function dashboard(who = 'mohurd.viewer') {
  const d = (await (await as(who)).get('/api/dashboard?year=2013')).json();
  return { overdue: d.totals.reports.overdue as number, rows: (d.overdue.items as Overdue[]).filter((o) => o.kind === 'report') };
}
const overdueReportOf = async (pilot: string) => (await dashboard()).rows.find((o) => o.pilot.id === pilots[pilot]);

async function noticesOf(orgCode: string, kind: string) {
  return db()
    .select({ params: notifications.params, subjectType: notifications.subjectType, subjectId: notifications.subjectId })
    .from(notifications)
    .innerJoin(organisations, eq(organisations.id, notifications.organisationId))
    .where(and(eq(organisations.code, orgCode), eq(notifications.kind, kind)));
}

describe("an annual report's deadline", () => {
  it('is overdue on the dashboard after 31 December, for every pilot that has not submitted', async () => {
    const d = await dashboard();
    expect(d.overdue).toBe(3);
    expect(d.rows.map((o) => [o.dueDate, o.year]).sort()).toEqual([
      ['2013-12-31', 2013],
      ['2013-12-31', 2013],
      ['2013-12-31', 2013],
    ]);
  });

  it('is extended on the pilot’s request, granted by the Ministry: the dashboard, the to-do list and the report take the new date', async () => {
    const editor = await as('pilot-2012-025.editor');
    expect((await editor.get(requestsUrl('pilot-2012-025'))).json()).toEqual({ items: [], requestable: true });
    const early = await editor.post(requestsUrl('pilot-2012-025'), { reason: '统计数据尚未发布', until: '2013-12-20' });
    expect([early.statusCode, early.json().error.field]).toEqual([400, 'until']);
    expect(
      (await (await as('pilot-2012-001.editor')).post(requestsUrl('pilot-2012-025'), { reason: '理由', until: '2014-02-28' })).statusCode,
    ).toBe(404);

    const asked = await editor.post(requestsUrl('pilot-2012-025'), { reason: '统计年鉴二月发布', until: '2014-02-28' });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json()).toMatchObject({
      status: 'requested',
      subject: 'annualReport',
      year: 2013,
      taskBookId: null,
      deadline: '2013-12-31',
      proposedUntil: '2014-02-28',
    });
    const again = await editor.post(requestsUrl('pilot-2012-025'), { reason: '再次', until: '2014-03-31' });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'extension_pending']);
    const id = asked.json().id as string;
    const todos = (await (await as('mohurd.reviewer')).get('/api/todos?pageSize=200')).json().items as {
      kind: string;
      subjectId: string;
    }[];
    expect(todos.some((t) => t.kind === 'decideExtension' && t.subjectId === id)).toBe(true);
    const [told] = await noticesOf('MOHURD', 'extension.requested');
    expect(told!.params).toEqual({ pilot: '无锡市', of: 'annualReport', year: 2013, until: '2014-02-28' });
    // still overdue while undecided
    expect((await overdueReportOf('pilot-2012-025'))?.dueDate).toBe('2013-12-31');

    const granted = await (
      await as('mohurd.reviewer')
    ).post(`/api/extension-requests/${id}/transitions`, {
      action: 'approve',
      reason: '同意',
      until: '2014-02-20',
    });
    expect(granted.statusCode, granted.body).toBe(200);
    expect(granted.json()).toMatchObject({ status: 'granted', grantedUntil: '2014-02-20' });
    const [approved] = await noticesOf('PILOT-2012-025', 'extension.approve');
    expect(approved!.params).toEqual({ pilot: '无锡市', of: 'annualReport', year: 2013, until: '2014-02-20' });
    const english = (await (await as('pilot-2012-025.viewer')).get('/api/notifications', { 'accept-language': 'en' })).json();
    expect(english.items.map((n: { title: string }) => n.title)).toContain(
      'Annual self-assessment 2013 deadline of 无锡市 extended to 2014-02-20',
    );

    // the dashboard: one overdue report fewer, and the registry's list behind the figure agrees
    const d = await dashboard();
    expect(d.overdue).toBe(2);
    expect(d.rows.some((o) => o.pilot.id === pilots['pilot-2012-025'])).toBe(false);
    expect((await (await as('mohurd.viewer')).get('/api/pilots?report=overdue&year=2013&pageSize=1')).json().total).toBe(2);
    // the pilot's to-do: start the report, due on the new date, not overdue
    const start = (
      (await editor.get('/api/todos?pageSize=200')).json().items as { kind: string; dueDate: string; overdue: boolean }[]
    ).find((t) => t.kind === 'startAnnualReport');
    expect(start).toMatchObject({ dueDate: '2014-02-20', overdue: false });
    // the report, once started, says so too
    const report = await editor.post(`/api/pilots/${pilots['pilot-2012-025']}/annual-reports`, { year: 2013 });
    expect(report.json()).toMatchObject({ dueDate: '2014-02-20', overdue: false });
    expect((await editor.get(requestsUrl('pilot-2012-025'))).json()).toMatchObject({ requestable: false, items: [{ status: 'granted' }] });

    // past the new date it is overdue again, from that date
    const later = moveClockTo(env, '2014-02-21T10:00');
    try {
      expect((await overdueReportOf('pilot-2012-025'))?.dueDate).toBe('2014-02-20');
    } finally {
      later();
    }
  });

  it('is extended in bulk by the Ministry all or none: a row that cannot be refuses the whole, naming it', async () => {
    const ministry = await as('mohurd.admin');
    const before = await dashboard();
    const rectification = { kind: 'rectification', pilotId: pilots['pilot-2012-026']!, subjectId: pilots['pilot-2012-026']! };
    const body = { rows: [row('pilot-2012-026'), row('pilot-2012-001')], until: '2014-03-15', reason: '统一延期' };
    for (const [rows, refused] of [
      [[...body.rows, rectification], [{ index: 2, code: 'notExtendable' }]],
      [[row('pilot-2012-027'), ...body.rows], [{ index: 0, code: 'notOwed' }]],
    ] as const) {
      const res = await ministry.post('/api/extension-grants', { ...body, rows });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'rows_refused', field: 'rows' });
      expect(res.json().error.rows.map((r: { index: number; code: string }) => ({ index: r.index, code: r.code }))).toEqual(refused);
    }
    // nothing of the refused attempts remains: no extension, no notice, the same overdue list
    const made = await db()
      .select()
      .from(extensionRequests)
      .where(inArray(extensionRequests.pilotId, [pilots['pilot-2012-026']!, pilots['pilot-2012-001']!]));
    expect(made).toEqual([]);
    expect(await noticesOf('PILOT-2012-026', 'extension.approve')).toEqual([]);
    expect(await dashboard()).toEqual(before);

    const res = await ministry.post('/api/extension-grants', body);
    expect(res.statusCode, res.body).toBe(200);
    const ids = (res.json().granted as { extensionId: string }[]).map((g) => g.extensionId);
    expect(ids).toHaveLength(2);
    expect(await dashboard()).toEqual({ overdue: 0, rows: [] });
    for (const [pilot, org] of [
      ['pilot-2012-026', 'PILOT-2012-026'],
      ['pilot-2012-001', 'PILOT-2012-001'],
    ] as const) {
      expect((await noticesOf(org, 'extension.approve')).map((n) => n.params)).toEqual([
        { pilot: expect.any(String), of: 'annualReport', year: 2013, until: '2014-03-15' },
      ]);
      expect((await (await as(`${pilot}.viewer`)).get(requestsUrl(pilot))).json().items[0]).toMatchObject({
        status: 'granted',
        grantedUntil: '2014-03-15',
        decisionReason: '统一延期',
      });
    }
    const audit = await db().select({ action: auditLog.action }).from(auditLog).where(inArray(auditLog.targetId, ids));
    expect(audit.map((a) => a.action).sort()).toEqual(['extension.approve', 'extension.approve', 'extension.grant', 'extension.grant']);
    // a date not later than the one granted is refused for that row
    const same = await ministry.post('/api/extension-grants', { ...body, rows: [row('pilot-2012-026')], until: '2014-03-15' });
    expect(same.json().error.rows).toMatchObject([{ index: 0, code: 'untilNotLater' }]);
  });

  it('is not extended by a province, for another province’s pilots nor its own; a province reminds its own pilots only', async () => {
    const passed = moveClockTo(env, '2014-03-20T10:00'); // past every extension: all three overdue again
    try {
      const extend = { rows: [row('pilot-2012-001')], until: '2014-04-30', reason: '延期' };
      expect((await (await as('dept-320000.admin')).post('/api/extension-grants', extend)).statusCode).toBe(403);
      expect(
        (await (await as('dept-320000.admin')).post('/api/extension-grants', { ...extend, rows: [row('pilot-2012-026')] })).statusCode,
      ).toBe(403);
      expect(await db().select().from(extensionRequests).where(eq(extensionRequests.proposedUntil, '2014-04-30'))).toEqual([]);

      const jiangsu = await as('dept-320000.reviewer');
      expect((await (await as('dept-320000.viewer')).post('/api/deadline-reminders', { rows: [row('pilot-2012-026')] })).statusCode).toBe(
        403,
      );
      const foreign = await jiangsu.post('/api/deadline-reminders', { rows: [row('pilot-2012-026'), row('pilot-2012-001')] });
      expect(foreign.statusCode).toBe(409);
      expect(foreign.json().error.rows).toMatchObject([{ index: 1, code: 'notFound' }]);
      expect(await noticesOf('PILOT-2012-026', 'deadline.overdue')).toEqual([]);

      const sent = await jiangsu.post('/api/deadline-reminders', { rows: [row('pilot-2012-026')] });
      expect(sent.statusCode, sent.body).toBe(200);
      expect(sent.json()).toEqual({ notified: 1 });
      const [reminder] = await noticesOf('PILOT-2012-026', 'deadline.overdue');
      expect(reminder).toMatchObject({ subjectType: 'pilot', subjectId: pilots['pilot-2012-026'] });
      expect(reminder!.params).toEqual({ pilot: expect.any(String), of: 'annualReport', year: 2013, deadline: '2014-03-15' });
      expect(await noticesOf('PILOT-2012-001', 'deadline.overdue')).toEqual([]);
      const audit = await db().select().from(auditLog).where(eq(auditLog.action, 'deadline.remind'));
      expect(audit.map((a) => [a.targetType, a.targetId])).toEqual([['pilot', pilots['pilot-2012-026']]]);
    } finally {
      passed();
    }
  });
});
