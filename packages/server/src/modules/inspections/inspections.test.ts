import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, findings, notifications, organisations } from '../../db/schema.js';
import { createTestEnv, type Agent, type TestEnv } from '../../test/harness.js';
import { moveClockTo, pilotIdOf } from '../annual-reports/test-helpers.js';
import { rectificationRecord } from './inspections.service.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

const as = (who: string) => env.as(who);
const fire = (agent: Agent, id: string, action: string, extra: object = {}) =>
  agent.post(`/api/findings/${id}/transitions`, { action, ...extra });

const inspection = (pilotId: string, over: object = {}) => ({
  pilotId,
  inspectedOn: '2013-01-28',
  inspectors: ['张检查', '李检查'],
  projectsChecked: ['城市公共信息平台一期'],
  summary: '总体按计划推进。',
  findings: [
    { title: '数据共享目录未发布', description: '部门资源目录尚未发布。', rectificationDue: '2013-03-15' },
    { title: '宣传不足', description: '建议加强宣传。', rectificationDue: null },
  ],
  ...over,
});

async function inspect(pilotUser: string, over: object = {}) {
  const pilotId = await pilotIdOf(await as(`${pilotUser}.viewer`));
  const res = await (await as('dept-320000.reviewer')).post('/api/inspections', inspection(pilotId, over));
  expect(res.statusCode, res.body).toBe(201);
  const body = res.json();
  return {
    pilotId,
    id: body.id as string,
    ordered: body.findings.find((f: { status: string | null }) => f.status === 'open').id as string,
    body,
  };
}

const multipart = (filename: string, data: Buffer) => {
  const boundary = '----smartcity-test';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body: body as unknown as string, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
};
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100)]);
const upload = (agent: Agent, url: string) => {
  const { body, headers } = multipart('现场照片.jpg', jpeg);
  return agent.request('POST', url, body, headers);
};

describe('recording an inspection', () => {
  it('creates the inspection and its findings together; only a finding with a due date orders rectification', async () => {
    const { id, body } = await inspect('pilot-2012-025');
    expect(body).toMatchObject({
      pilot: { name: '无锡市' },
      province: { name: '江苏省住房和城乡建设厅' },
      inspectedOn: '2013-01-28',
      inspectors: ['张检查', '李检查'],
      abilities: { addFiles: true },
    });
    expect(body.findings.map((f: { title: string; status: string | null; overdue: boolean }) => [f.title, f.status, f.overdue])).toEqual([
      ['数据共享目录未发布', 'open', false],
      ['宣传不足', null, false],
    ]);
    const db = env.database.db;
    const [org] = await db.select().from(organisations).where(eq(organisations.code, 'PILOT-2012-025'));
    const told = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.organisationId, org!.id), eq(notifications.subjectId, id)));
    expect(told.map((n) => n.kind)).toEqual(['inspection.rectificationOrdered']);
    expect((await db.select().from(auditLog).where(eq(auditLog.targetId, id))).map((e) => e.action)).toEqual(['inspection.create']);
    // the pilot sees it, with the actions it may take
    const seen = (await (await as('pilot-2012-025.editor')).get(`/api/inspections/${id}`)).json();
    expect(seen.findings[0]).toMatchObject({ status: 'open', actions: [{ action: 'answer' }], abilities: { addEvidence: true } });
    expect(seen.findings[1]).toMatchObject({ status: null, actions: [] });
  });

  it('is refused for a pilot another province supervises (404), for other roles and tiers, and for bad input', async () => {
    const wuxi = await pilotIdOf(await as('pilot-2012-025.viewer'));
    expect((await (await as('dept-110000.reviewer')).post('/api/inspections', inspection(wuxi))).statusCode).toBe(404);
    expect((await (await as('dept-320000.viewer')).post('/api/inspections', inspection(wuxi))).statusCode).toBe(403);
    expect((await (await as('pilot-2012-025.admin')).post('/api/inspections', inspection(wuxi))).statusCode).toBe(403);
    const province = await as('dept-320000.admin');
    expect((await province.post('/api/inspections', inspection(wuxi, { inspectors: [] }))).json().error.field).toBe('inspectors');
    expect((await province.post('/api/inspections', inspection(wuxi, { inspectedOn: '2013-02-30' }))).json().error.field).toBe(
      'inspectedOn',
    );
    expect((await province.post('/api/inspections', inspection(wuxi, { inspectedOn: '2013-03-01' }))).json().error).toMatchObject({
      code: 'invalid_value',
      field: 'inspectedOn',
    });
    const early = inspection(wuxi, { findings: [{ title: 't', description: '', rectificationDue: '2013-01-01' }] });
    expect((await province.post('/api/inspections', early)).json().error).toMatchObject({
      code: 'invalid_value',
      field: 'findings.0.rectificationDue',
    });
    expect((await province.post('/api/inspections', { ...inspection(wuxi), extra: 1 })).json().error.field).toBe('extra');
  });

  it('is visible to the pilot, its province and the Ministry only', async () => {
    const { id, pilotId } = await inspect('pilot-2012-026');
    for (const who of ['pilot-2012-026.viewer', 'dept-320000.viewer', 'mohurd.viewer']) {
      expect((await (await as(who)).get(`/api/inspections/${id}`)).statusCode, who).toBe(200);
    }
    for (const who of ['pilot-2012-025.viewer', 'dept-110000.reviewer']) {
      expect((await (await as(who)).get(`/api/inspections/${id}`)).statusCode, who).toBe(404);
    }
    const list = async (who: string) =>
      (await (await as(who)).get(`/api/inspections?pilot=${pilotId}`)).json().items.map((i: { id: string }) => i.id);
    expect(await list('dept-320000.viewer')).toEqual([id]);
    expect(await list('dept-110000.viewer')).toEqual([]);
    expect(await list('pilot-2012-025.viewer')).toEqual([]);
    expect((await (await as('pilot-2012-026.viewer')).get('/api/inspections')).json().items).toHaveLength(1);
  });

  it('takes photos and files from the inspecting province at any time; the pilot reads them', async () => {
    const { id } = await inspect('pilot-2012-027');
    const file = await upload(await as('dept-320000.editor'), `/api/inspections/${id}/files`);
    expect(file.statusCode, file.body).toBe(201);
    expect(file.json()).toMatchObject({ kind: 'inspectionFile', mediaType: 'image/jpeg', filename: '现场照片.jpg' });
    expect((await upload(await as('pilot-2012-027.editor'), `/api/inspections/${id}/files`)).statusCode).toBe(403);
    expect((await upload(await as('dept-110000.editor'), `/api/inspections/${id}/files`)).statusCode).toBe(404);
    const pilot = await as('pilot-2012-027.viewer');
    expect((await pilot.get(`/api/inspections/${id}/files`)).json().items).toHaveLength(1);
    expect((await pilot.get(`/api/inspections/${id}/files/${file.json().id}`)).rawPayload.equals(jpeg)).toBe(true);
    expect((await (await as('dept-320000.reviewer')).delete(`/api/inspections/${id}/files/${file.json().id}`)).statusCode).toBe(200);
    expect((await pilot.get(`/api/inspections/${id}/files`)).json().items).toEqual([]);
  });
});

describe('rectification', () => {
  it('answer → close → reopen → answer → close, each by its party and role, refused in the wrong state', async () => {
    const { ordered: id } = await inspect('pilot-2012-028');
    const editor = await as('pilot-2012-028.editor');
    const province = await as('dept-320000.reviewer');
    // answer: the pilot's editors, with the answer as the reason
    expect((await fire(province, id, 'answer', { reason: 'x' })).json().error.code).toBe('wrongParty');
    expect((await fire(await as('pilot-2012-028.viewer'), id, 'answer', { reason: 'x' })).json().error.code).toBe('wrongRole');
    expect((await fire(editor, id, 'answer')).json().error.code).toBe('reasonRequired');
    expect((await fire(await as('mohurd.reviewer'), id, 'answer', { reason: 'x' })).statusCode).toBe(403);
    expect((await fire(await as('dept-110000.reviewer'), id, 'close')).statusCode).toBe(404);
    // close: not before an answer
    expect((await fire(province, id, 'close')).statusCode).toBe(409);
    const evidence = await upload(editor, `/api/findings/${id}/evidence`);
    expect(evidence.statusCode, evidence.body).toBe(201);
    expect(evidence.json().kind).toBe('rectificationEvidence');
    const answered = await fire(editor, id, 'answer', { reason: '资源目录已于 3 月 10 日发布。' });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json()).toMatchObject({
      status: 'answered',
      answer: '资源目录已于 3 月 10 日发布。',
      actions: [],
      abilities: { addEvidence: false },
    });
    expect((await fire(editor, id, 'answer', { reason: 'again' })).statusCode).toBe(409);
    expect((await upload(editor, `/api/findings/${id}/evidence`)).json().error.code).toBe('wrong_state');
    // close: the province's reviewers; closedOn is today
    expect((await fire(editor, id, 'close')).json().error.code).toBe('wrongParty');
    expect((await fire(await as('dept-320000.viewer'), id, 'close')).json().error.code).toBe('wrongRole');
    const closed = await fire(province, id, 'close');
    expect(closed.json()).toMatchObject({ status: 'closed', closedOn: '2013-02-01', actions: [{ action: 'reopen' }] });
    expect((await fire(province, id, 'close')).statusCode).toBe(409);
    // reopen: the province, with a reason
    expect((await fire(editor, id, 'reopen', { reason: 'x' })).json().error.code).toBe('wrongParty');
    expect((await fire(province, id, 'reopen')).json().error.code).toBe('reasonRequired');
    const reopened = await fire(province, id, 'reopen', { reason: '目录缺少 3 个部门的资源' });
    expect(reopened.json()).toMatchObject({ status: 'open', closedOn: null, actions: [] });
    expect((await fire(province, id, 'reopen', { reason: 'x' })).statusCode).toBe(409);
    await fire(editor, id, 'answer', { reason: '已补齐 3 个部门的资源。' });
    const done = await fire(await as('dept-320000.admin'), id, 'close');
    // a close is an approval: recorded with the default opinion 同意
    expect(done.json().history.map((h: { action: string; reason: string | null }) => [h.action, h.reason])).toEqual([
      ['close', '同意'],
      ['answer', '已补齐 3 个部门的资源。'],
      ['reopen', '目录缺少 3 个部门的资源'],
      ['close', '同意'],
      ['answer', '资源目录已于 3 月 10 日发布。'],
    ]);
    const db = env.database.db;
    const [org] = await db.select().from(organisations).where(eq(organisations.code, 'DEPT-320000'));
    const told = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.organisationId, org!.id), eq(notifications.subjectId, id)));
    expect(told.map((n) => n.kind)).toEqual(['rectification.answer', 'rectification.answer']);
    expect(
      (await db.select().from(auditLog).where(eq(auditLog.targetId, id)).orderBy(auditLog.seq))
        .map((e) => e.action)
        .filter((a) => a.startsWith('rectification')),
    ).toEqual(['rectification.answer', 'rectification.close', 'rectification.reopen', 'rectification.answer', 'rectification.close']);
  });

  it('refuses every action on a finding that ordered no rectification', async () => {
    const { body } = await inspect('pilot-2012-029');
    const plain = body.findings.find((f: { status: string | null }) => f.status === null).id;
    for (const [who, action] of [
      ['pilot-2012-029.editor', 'answer'],
      ['dept-320000.reviewer', 'close'],
      ['dept-320000.reviewer', 'reopen'],
    ] as const) {
      const res = await fire(await as(who), plain, action, { reason: 'x' });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('no_rectification');
    }
    expect((await upload(await as('pilot-2012-029.editor'), `/api/findings/${plain}/evidence`)).json().error.code).toBe('no_rectification');
  });

  it('shows an overdue rectification on both to-do lists, and the answered one on the province’s', async () => {
    const { ordered: id } = await inspect('pilot-2012-030');
    const todos = async (who: string) =>
      (
        (await (await as(who)).get('/api/todos?pageSize=200')).json().items as {
          kind: string;
          subjectId: string;
          dueDate: string | null;
          overdue: boolean;
        }[]
      ).filter((t) => t.subjectId === id);
    expect(await todos('pilot-2012-030.editor')).toMatchObject([
      { kind: 'answerRectification', subjectType: 'finding', dueDate: '2013-03-15', overdue: false },
    ]);
    expect(await todos('pilot-2012-030.viewer')).toEqual([]);
    expect(await todos('dept-320000.reviewer')).toEqual([]);
    const back = moveClockTo(env, '2013-03-16T09:00');
    try {
      expect(await todos('pilot-2012-030.editor')).toMatchObject([{ kind: 'answerRectification', overdue: true }]);
      expect(await todos('dept-320000.reviewer')).toMatchObject([{ kind: 'chaseRectification', dueDate: '2013-03-15', overdue: true }]);
      expect(await todos('dept-110000.reviewer')).toEqual([]);
      expect((await (await as('pilot-2012-030.viewer')).get(`/api/findings/${id}`)).json().overdue).toBe(true);
      await fire(await as('pilot-2012-030.editor'), id, 'answer', { reason: '已整改' });
      expect(await todos('pilot-2012-030.editor')).toEqual([]);
      expect(await todos('dept-320000.reviewer')).toMatchObject([{ kind: 'closeRectification', overdue: false }]);
      await fire(await as('dept-320000.reviewer'), id, 'close');
      expect(await todos('dept-320000.reviewer')).toEqual([]);
    } finally {
      back();
    }
  });

  it('gives acceptance each rectification’s outcome: closed on time, closed late, or open', async () => {
    const { pilotId, body } = await inspect('pilot-2012-031', {
      findings: [
        { title: '按期', description: '', rectificationDue: '2013-03-15' },
        { title: '逾期', description: '', rectificationDue: '2013-02-15' },
        { title: '未完', description: '', rectificationDue: '2013-04-30' },
        { title: '无需整改', description: '', rectificationDue: null },
      ],
    });
    const idOf = (title: string) => body.findings.find((f: { title: string }) => f.title === title).id as string;
    const back = moveClockTo(env, '2013-03-01T10:00');
    try {
      const editor = await as('pilot-2012-031.editor');
      const province = await as('dept-320000.reviewer');
      for (const title of ['按期', '逾期', '未完']) await fire(editor, idOf(title), 'answer', { reason: '已整改' });
      for (const title of ['按期', '逾期']) expect((await fire(province, idOf(title), 'close')).json().closedOn).toBe('2013-03-01');
    } finally {
      back();
    }
    const record = await rectificationRecord(env.database.db, pilotId);
    expect(Object.fromEntries(record.map((r) => [r.title, r.state]))).toEqual({ 按期: 'closedOnTime', 逾期: 'closedLate', 未完: 'open' });
    const [row] = await env.database.db
      .select()
      .from(findings)
      .where(eq(findings.id, idOf('未完')));
    expect(row!.status).toBe('answered');
  });
});
