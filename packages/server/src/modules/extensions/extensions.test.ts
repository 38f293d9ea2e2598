import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, notifications, organisations, outbox, users } from '../../db/schema.js';
import { createTestEnv, type Agent, type TestEnv } from '../../test/harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

const DAY = 86_400_000;
const as = (who: string) => env.as(who);
const db = () => env.database.db;

/** The pilot's editor starts its task book (batch 2012: first submission due 2013-02-22; the clock starts 2013-02-01). */
async function startTaskBook(pilot: string) {
  const editor = await as(`${pilot}.editor`);
  const pilotId = (await editor.get('/api/pilots')).json().items[0].id as string;
  const res = await editor.post(`/api/pilots/${pilotId}/task-books`);
  expect(res.statusCode, res.body).toBe(201);
  return { pilotId, taskBookId: res.json().id as string };
}

async function noticesOf(orgCode: string, kind: string) {
  return db()
    .select({ params: notifications.params, subjectId: notifications.subjectId })
    .from(notifications)
    .innerJoin(organisations, eq(organisations.id, notifications.organisationId))
    .where(and(eq(organisations.code, orgCode), eq(notifications.kind, kind)));
}

const todoKinds = async (agent: Agent) =>
  ((await agent.get('/api/todos?pageSize=200')).json().items as { kind: string; subjectId: string }[]).map(
    (t) => `${t.kind}:${t.subjectId}`,
  );

describe('an extension the pilot asks for', () => {
  let book: { pilotId: string; taskBookId: string };
  let requestId: string;
  beforeAll(async () => {
    book = await startTaskBook('pilot-2012-025');
    // e-mail goes to the members with an address
    await db().update(users).set({ email: 'wuxi-admin@example.gov.cn' }).where(eq(users.username, 'pilot-2012-025.admin'));
  });

  it('cannot be asked before the deadline has passed', async () => {
    const res = await (
      await as('pilot-2012-025.editor')
    ).post(`/api/task-books/${book.taskBookId}/extension-requests`, {
      reason: '征求意见尚未结束',
      until: '2013-03-15',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('not_past_deadline');
    const list = await (await as('pilot-2012-025.editor')).get(`/api/task-books/${book.taskBookId}/extension-requests`);
    expect(list.json()).toEqual({ items: [], requestable: false });
  });

  it('is asked past the deadline with a reason and a date, reaches the Ministry and its to-do list', async () => {
    env.clock.advance(25 * DAY); // 2013-02-26, past 2013-02-22
    const editor = await as('pilot-2012-025.editor');
    const url = `/api/task-books/${book.taskBookId}/extension-requests`;
    // bad input: named fields, nothing written
    const early = await editor.post(url, { reason: '专家论证延后', until: '2013-02-20' });
    expect([early.statusCode, early.json().error.code, early.json().error.field]).toEqual([400, 'until_not_later', 'until']);
    const noReason = await editor.post(url, { reason: '  ', until: '2013-03-15' });
    expect([noReason.statusCode, noReason.json().error.field]).toEqual([400, 'reason']);
    expect((await (await as('pilot-2012-025.viewer')).post(url, { reason: '理由', until: '2013-03-15' })).statusCode).toBe(403);
    expect((await (await as('pilot-2012-001.editor')).post(url, { reason: '理由', until: '2013-03-15' })).statusCode).toBe(404);
    expect((await editor.get(url)).json()).toEqual({ items: [], requestable: true });
    expect((await (await as('pilot-2012-025.viewer')).get(url)).json().requestable).toBe(false); // may not ask

    const res = await editor.post(url, { reason: '专家论证会延期至三月上旬', until: '2013-03-15' });
    expect(res.statusCode, res.body).toBe(201);
    requestId = res.json().id;
    expect(res.json()).toMatchObject({
      status: 'requested',
      deadline: '2013-02-22',
      proposedUntil: '2013-03-15',
      reason: '专家论证会延期至三月上旬',
      grantedUntil: null,
      actions: [],
    });
    expect((await editor.get(url)).json().requestable).toBe(false); // one waits already
    const again = await editor.post(url, { reason: '再次申请', until: '2013-03-20' });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'extension_pending']);

    const ministry = await as('mohurd.reviewer');
    expect(await todoKinds(ministry)).toContain(`decideExtension:${requestId}`);
    expect(await todoKinds(await as('dept-320000.reviewer'))).not.toContain(`decideExtension:${requestId}`);
    expect((await ministry.get(`/api/extension-requests/${requestId}`)).json().actions.map((a: { action: string }) => a.action)).toEqual([
      'approve',
      'refuse',
    ]);
    expect(await noticesOf('MOHURD', 'extension.requested')).toEqual([
      { params: { pilot: '无锡市', until: '2013-03-15' }, subjectId: requestId },
    ]);
    // another province's department does not see it
    expect((await (await as('dept-110000.reviewer')).get(`/api/extension-requests/${requestId}`)).statusCode).toBe(404);
  });

  it('is granted by the Ministry with an opinion and a date: the deadline moves, the pilot is told and may submit again', async () => {
    const url = `/api/extension-requests/${requestId}/transitions`;
    const pilotAdmin = await as('pilot-2012-025.admin');
    expect((await pilotAdmin.post(url, { action: 'approve' })).statusCode).toBe(403);
    expect((await (await as('mohurd.viewer')).post(url, { action: 'approve' })).json().error.code).toBe('wrongRole');
    const ministry = await as('mohurd.reviewer');
    const past = await ministry.post(url, { action: 'approve', reason: '同意', until: '2013-02-10' });
    expect([past.statusCode, past.json().error.field]).toEqual([400, 'until']);

    const res = await ministry.post(url, { action: 'approve', reason: '同意，请抓紧报送', until: '2013-03-20' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'granted', grantedUntil: '2013-03-20', decisionReason: '同意，请抓紧报送', actions: [] });
    expect(res.json().decidedBy).toBeTruthy();
    const taskBook = (await pilotAdmin.get(`/api/task-books/${book.taskBookId}`)).json();
    expect(taskBook.deadlineExtendedTo).toBe('2013-03-20');
    expect(taskBook.actions).toMatchObject([{ action: 'submit', reason: 'incomplete' }]); // no longer pastDeadline
    expect(await noticesOf('PILOT-2012-025', 'extension.approve')).toEqual([
      { params: { pilot: '无锡市', until: '2013-03-20' }, subjectId: requestId },
    ]);
    const english = (await pilotAdmin.get('/api/notifications', { 'accept-language': 'en' })).json().items[0];
    expect(english.title).toBe('Task book deadline of 无锡市 extended to 2013-03-20');
    const mails = await db().select().from(outbox).where(eq(outbox.subject, '无锡市创建任务书报送期限已延至 2013-03-20'));
    expect(mails.map((m) => m.toAddress)).toEqual(['wuxi-admin@example.gov.cn']);
    expect(await todoKinds(ministry)).not.toContain(`decideExtension:${requestId}`);
    expect((await ministry.post(url, { action: 'refuse', reason: '改变主意' })).statusCode).toBe(409);
    const audit = await db().select().from(auditLog).where(eq(auditLog.targetId, requestId)).orderBy(auditLog.seq);
    expect(audit.map((a) => a.action)).toEqual(['extension.request', 'extension.approve']);
  });

  it('is refused with a reason, and the pilot is told', async () => {
    env.clock.advance(25 * DAY); // 2013-03-23, past the extended 2013-03-20
    const editor = await as('pilot-2012-025.editor');
    const asked = await editor.post(`/api/task-books/${book.taskBookId}/extension-requests`, {
      reason: '仍需补充材料',
      until: '2013-04-30',
    });
    expect(asked.json()).toMatchObject({ status: 'requested', deadline: '2013-03-20' });
    const url = `/api/extension-requests/${asked.json().id}/transitions`;
    const ministry = await as('mohurd.admin');
    const bare = await ministry.post(url, { action: 'refuse' });
    expect([bare.statusCode, bare.json().error.code]).toEqual([400, 'reasonRequired']);
    const refused = await ministry.post(url, { action: 'refuse', reason: '已延期一次，请尽快报送' });
    expect(refused.json()).toMatchObject({ status: 'refused', grantedUntil: null, decisionReason: '已延期一次，请尽快报送' });
    expect(await noticesOf('PILOT-2012-025', 'extension.refuse')).toHaveLength(1);
    expect((await editor.get(`/api/task-books/${book.taskBookId}`)).json().deadlineExtendedTo).toBe('2013-03-20');
    const history = (await editor.get(`/api/task-books/${book.taskBookId}/extension-requests`)).json().items;
    expect(history.map((h: { status: string }) => h.status)).toEqual(['refused', 'granted']);
    env.clock.advance(-50 * DAY);
  });
});

describe('extensions the Ministry grants unasked', () => {
  it('extends several pilots to one date with one reason, all or none: a pilot without a book refuses the whole, and each is told', async () => {
    const a = await startTaskBook('pilot-2012-026');
    const b = await startTaskBook('pilot-2012-027');
    // b asked already: the grant decides its request instead of making another
    env.clock.advance(25 * DAY);
    try {
      const asked = await (
        await as('pilot-2012-027.editor')
      ).post(`/api/task-books/${b.taskBookId}/extension-requests`, {
        reason: '机构调整',
        until: '2013-03-10',
      });
      const withoutBook = (await (await as('pilot-2012-028.viewer')).get('/api/pilots')).json().items[0].id as string;
      const rows = [a.pilotId, b.pilotId].map((pilotId) => ({ kind: 'taskBook', pilotId }));
      const body = { rows, until: '2013-03-31', reason: '统一延期至三月底' };
      expect((await (await as('dept-320000.admin')).post('/api/extension-grants', body)).statusCode).toBe(403);
      const bad = await (await as('mohurd.admin')).post('/api/extension-grants', { ...body, until: '2013-02-01' });
      expect([bad.statusCode, bad.json().error.field]).toEqual([400, 'until']);
      // a pilot without a task book has no book to extend: the whole is refused, naming that row, and nothing is written
      const refused = await (
        await as('mohurd.admin')
      ).post('/api/extension-grants', { ...body, rows: [...rows, { kind: 'taskBook', pilotId: withoutBook }] });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error).toMatchObject({ code: 'rows_refused', field: 'rows', rows: [{ index: 2, code: 'notStarted' }] });
      expect((await (await as('pilot-2012-026.editor')).get(`/api/task-books/${a.taskBookId}/extension-requests`)).json().items).toEqual(
        [],
      );
      expect(await noticesOf('PILOT-2012-026', 'extension.approve')).toHaveLength(0);

      const res = await (await as('mohurd.admin')).post('/api/extension-grants', body);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().granted.map((g: { pilotId: string }) => g.pilotId)).toEqual([a.pilotId, b.pilotId]);
      expect(res.json().granted[1].extensionId).toBe(asked.json().id);
      for (const [pilot, x] of [
        ['pilot-2012-026', a],
        ['pilot-2012-027', b],
      ] as const) {
        const agent = await as(`${pilot}.editor`);
        expect((await agent.get(`/api/task-books/${x.taskBookId}`)).json().deadlineExtendedTo).toBe('2013-03-31');
        const [last] = (await agent.get(`/api/task-books/${x.taskBookId}/extension-requests`)).json().items;
        expect(last).toMatchObject({ status: 'granted', grantedUntil: '2013-03-31', decisionReason: '统一延期至三月底' });
        expect(await noticesOf(pilot.toUpperCase(), 'extension.approve')).toHaveLength(1);
      }
    } finally {
      env.clock.advance(-25 * DAY);
    }
  });
});

describe('the escalation to-do', () => {
  it('puts an overdue first submission on the supervising province’s list, not another’s', async () => {
    const { taskBookId } = await startTaskBook('pilot-2012-029');
    env.clock.advance(25 * DAY);
    try {
      expect(await todoKinds(await as('dept-320000.reviewer'))).toContain(`chaseTaskBook:${taskBookId}`);
      expect(await todoKinds(await as('dept-110000.reviewer'))).not.toContain(`chaseTaskBook:${taskBookId}`);
    } finally {
      env.clock.advance(-25 * DAY);
    }
    expect(await todoKinds(await as('dept-320000.reviewer'))).not.toContain(`chaseTaskBook:${taskBookId}`);
  });
});
