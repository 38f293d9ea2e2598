import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, organisations, users } from '../../db/schema.js';
import { canonicalJson, sm3 } from '../../lib/canonical.js';
import { createTestEnv, type Agent, type TestEnv } from '../../test/harness.js';
import { approvedTaskBook } from '../../test/signed-programme.js';
import { asDatabaseOwner } from '../../test/tamper.js';

// The browsable log and each record's history. Expected answers come from the audit_log table as stored, filtered here
// in the test; the history's verification is checked against rows this test alters.

let env: TestEnv;
let bookId: string;
/** the Ministry's reader, signed in once (each sign-in is an entry of the log it reads) */
let ministry: Agent;
type Row = typeof auditLog.$inferSelect;
const DAY = 86_400_000;
const beijingDay = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const userId = async (username: string) =>
  (
    await env.database.db
      .select({ id: users.id })
      .from(users)
      .where(sql`${users.username} = ${username}`)
  )[0]!.id;
const allRows = async (): Promise<Row[]> => env.database.db.select().from(auditLog);

beforeAll(async () => {
  env = await createTestEnv();
  // entries on three days: sign-ins, then a pilot's task book written and submitted, then a return and a fix
  for (const u of ['mohurd.viewer', 'dept-320000.reviewer', 'pilot-2012-025.editor']) await env.as(u);
  env.clock.advance(2 * DAY);
  bookId = await approvedTaskBook(env, 'pilot-2012-025', 'submit');
  env.clock.advance(2 * DAY);
  const province = await env.as('dept-320000.reviewer');
  const returned = await province.post(`/api/task-books/${bookId}/transitions`, {
    action: 'provinceReturn',
    sectionReasons: [{ section: 1, text: '总体目标不够具体' }],
  });
  expect(returned.statusCode).toBe(200);
  ministry = await env.as('mohurd.viewer');
});
afterAll(() => env?.close());

describe('the audit log, browsed by the Ministry', () => {
  const list = async (query: Record<string, string | number>) => {
    const q = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
    const res = await ministry.get(`/api/audit/events?${q}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      items: { seq: number; action: string; actor: { name: string | null }; organisation: { name: string } | null }[];
      total: number;
    };
  };
  /** every page of a filtered list, in order */
  const everyPage = async (query: Record<string, string | number>) => {
    const seqs: number[] = [];
    for (let page = 1; ; page++) {
      const { items, total } = await list({ ...query, page, pageSize: 7 });
      seqs.push(...items.map((i) => i.seq));
      if (seqs.length >= total || items.length === 0) return { seqs, total };
    }
  };
  const newestFirst = (rows: Row[]) => [...rows].sort((a, b) => b.at.getTime() - a.at.getTime() || b.seq - a.seq).map((r) => r.seq);

  it('filters by user, organisation, subject, action and Beijing dates, newest first, paged', async () => {
    const rows = await allRows();
    const editor = await userId('pilot-2012-025.editor');
    const reviewer = await userId('dept-320000.reviewer');
    const [wuxi] = await env.database.db
      .select()
      .from(organisations)
      .where(sql`${organisations.id} = ${rows.find((r) => r.actorUserId === editor)!.organisationId}`);
    const days = [...new Set(rows.map((r) => beijingDay(r.at)))].sort();
    expect(days.length).toBeGreaterThanOrEqual(3);
    const cases: [Record<string, string>, (r: Row) => boolean][] = [
      [{}, () => true],
      [{ userId: editor }, (r) => r.actorUserId === editor],
      [{ userId: reviewer }, (r) => r.actorUserId === reviewer],
      [{ organisationId: wuxi!.id }, (r) => r.organisationId === wuxi!.id],
      [{ action: 'taskBook.saveSection' }, (r) => r.action === 'taskBook.saveSection'],
      [{ userId: editor, action: 'session.signIn' }, (r) => r.actorUserId === editor && r.action === 'session.signIn'],
      [{ subjectType: 'taskBook', subjectId: bookId }, (r) => r.targetType === 'taskBook' && r.targetId === bookId],
      [{ dateFrom: days[1]! }, (r) => beijingDay(r.at) >= days[1]!],
      [{ dateTo: days[1]! }, (r) => beijingDay(r.at) <= days[1]!],
      [
        { dateFrom: days[1]!, dateTo: days[1]!, action: 'taskBook.submit' },
        (r) => beijingDay(r.at) === days[1] && r.action === 'taskBook.submit',
      ],
    ];
    for (const [query, keep] of cases) {
      const expected = newestFirst(rows.filter(keep));
      expect(expected.length, JSON.stringify(query)).toBeGreaterThan(0);
      const { seqs, total } = await everyPage(query);
      expect({ query, seqs, total }).toEqual({ query, seqs: expected, total: expected.length });
    }
  });

  it('sorts by action and by who acted, and names the actor and the organisation', async () => {
    const editor = await userId('pilot-2012-025.editor');
    const rows = (await allRows()).filter((r) => r.actorUserId === editor);
    const { items } = await list({ userId: editor, sort: 'action', pageSize: 100 });
    // one action's entries in time order (the sort's direction), one moment's newest first
    const byAction = [...rows].sort((a, b) =>
      a.action < b.action ? -1 : a.action > b.action ? 1 : a.at.getTime() - b.at.getTime() || b.seq - a.seq,
    );
    expect(items.map((i) => i.seq)).toEqual(byAction.map((r) => r.seq));
    expect(items[0]).toMatchObject({ actor: { name: expect.any(String) }, organisation: { name: '无锡市人民政府' } });
    const descending = await list({ sort: '-actor', pageSize: 100 });
    const names = descending.items.map((i) => i.actor.name ?? '');
    expect(names).toEqual([...names].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
  });

  it('is the Ministry’s alone, and refuses bad filters naming the field', async () => {
    for (const u of ['dept-320000.admin', 'pilot-2012-025.admin', 'experts.reviewer'])
      expect((await (await env.as(u)).get('/api/audit/events')).statusCode, u).toBe(403);
    expect((await env.anonymous().get('/api/audit/events')).statusCode).toBe(401);
    for (const [query, field] of [
      ['dateFrom=2013-13-01', 'dateFrom'],
      ['dateTo=2013-02-30', 'dateTo'],
      // the first day of year 1 in Beijing is year 0 in UTC: refused, not a database error
      ['dateFrom=0001-01-01', 'dateFrom'],
      ['sort=seq', 'sort'],
      ['userId=wuxi', 'userId'],
    ]) {
      const bad = await ministry.get(`/api/audit/events?${query}`);
      expect(bad.statusCode, query).toBe(400);
      expect(bad.json().error.field, query).toBe(field);
    }
  });
});

describe("a record's history", () => {
  const history = async (username: string, url = `/api/task-books/${bookId}/history`) => (await env.as(username)).get(url);

  it('is read by whoever may read the record, and by nobody else', async () => {
    for (const u of ['pilot-2012-025.viewer', 'dept-320000.viewer', 'mohurd.viewer']) expect((await history(u)).statusCode, u).toBe(200);
    for (const u of ['pilot-2012-001.editor', 'dept-110000.reviewer']) expect((await history(u)).statusCode, u).toBe(404);
    // the rule is the record's own: every reader answered as the record's page answers them
    for (const u of ['experts.reviewer', 'gov-320000.viewer', 'gov-110000.viewer', 'pilot-2012-025.admin']) {
      const agent = await env.as(u);
      const [record, itsHistory] = [await agent.get(`/api/task-books/${bookId}`), await agent.get(`/api/task-books/${bookId}/history`)];
      expect(itsHistory.statusCode, u).toBe(record.statusCode);
    }
    expect((await env.anonymous().get(`/api/task-books/${bookId}/history`)).statusCode).toBe(401);
  });

  it("lists the record's entries, each verified, with the fields a version changed and the draft's since", async () => {
    const editor = await env.as('pilot-2012-025.editor');
    const book = (await editor.get(`/api/task-books/${bookId}`)).json();
    const goals = { ...book.sections[0].content, overall: '建成城市公共信息平台，政务数据共享率达到90%。' };
    const saved = await editor.patch(`/api/task-books/${bookId}/sections/1`, goals, { 'if-match': `"${book.sections[0].version}"` });
    expect(saved.statusCode, saved.body).toBe(200);

    const drafted = (await history('pilot-2012-025.editor')).json();
    const stored = (await allRows()).filter((r) => r.targetType === 'taskBook' && r.targetId === bookId).sort((a, b) => a.seq - b.seq);
    expect(drafted.entries.map((e: { seq: number; action: string }) => [e.seq, e.action])).toEqual(stored.map((r) => [r.seq, r.action]));
    expect(drafted.ok).toBe(true);
    expect(drafted.entries.every((e: { problem: null }) => e.problem === null)).toBe(true);
    expect(drafted.entries.find((e: { action: string }) => e.action === 'taskBook.submit')).toMatchObject({ version: 1, changes: null });
    const overall = { label: '总体目标', beforeText: book.sections[0].content.overall, afterText: goals.overall };
    expect(drafted.pending).toMatchObject({ version: 1, changes: [expect.objectContaining(overall)] });

    expect((await editor.post(`/api/task-books/${bookId}/transitions`, { action: 'submit' })).statusCode).toBe(200);
    const resubmitted = (await history('dept-320000.reviewer')).json();
    expect(resubmitted.pending).toBeNull();
    const submits = resubmitted.entries.filter((e: { action: string }) => e.action === 'taskBook.submit');
    expect(submits.map((e: { version: number }) => e.version)).toEqual([1, 2]);
    expect(submits[1].changes).toEqual([expect.objectContaining(overall)]);
    expect(submits[1]).toMatchObject({ actor: { username: 'pilot-2012-025.editor' }, organisation: { name: '无锡市人民政府' } });
  });

  it('shows a tampered entry as failing verification, and the entry before a rewritten one as unlinked', async () => {
    const entries = (await allRows()).filter((r) => r.targetType === 'taskBook' && r.targetId === bookId).sort((a, b) => a.seq - b.seq);
    const target = entries[2]!;
    const all = await allRows();
    const successor = all.find((r) => r.chain === target.chain && r.chainSeq === target.chainSeq + 1)!;
    const db = env.database.db;
    const failed = async () => {
      const h = (await history('mohurd.viewer')).json();
      return {
        ok: h.ok,
        failed: h.entries
          .filter((e: { problem: string | null }) => e.problem)
          .map((e: { seq: number; problem: string }) => [e.seq, e.problem]),
      };
    };
    // an altered field: its own hash no longer matches
    await asDatabaseOwner(db, ['audit_log'], () =>
      db.execute(sql`update audit_log set actor_name = 'someone-else' where seq = ${target.seq}`),
    );
    expect(await failed()).toEqual({ ok: false, failed: [[target.seq, 'hashMismatch']] });
    // altered with its hash recomputed: it verifies alone, but its successor in the chain no longer links to it
    const { hash: _hash, prevHash, ...fields } = { ...target, actorName: 'someone-else' };
    const forged = sm3(prevHash + canonicalJson({ ...fields, at: fields.at.toISOString() }));
    await asDatabaseOwner(db, ['audit_log'], () => db.execute(sql`update audit_log set hash = ${forged} where seq = ${target.seq}`));
    // (and the successor, an entry of this record too, no longer links to what it followed)
    const unlinked = entries.some((r) => r.seq === successor.seq) ? [[successor.seq, 'chainBroken']] : [];
    expect(await failed()).toEqual({
      ok: false,
      failed: [[target.seq, 'chainBroken'], ...unlinked].sort((a, b) => Number(a[0]) - Number(b[0])),
    });
    // put back as it was: verified again
    await asDatabaseOwner(db, ['audit_log'], () =>
      db.execute(sql`update audit_log set actor_name = ${target.actorName}, hash = ${target.hash} where seq = ${target.seq}`),
    );
    expect(await failed()).toEqual({ ok: true, failed: [] });
  });

  it('is there for the other records too, under the same rule', async () => {
    const pilotId = (await (await env.as('pilot-2012-025.editor')).get('/api/pilots')).json().items[0].id;
    const own = await history('dept-320000.viewer', `/api/pilots/${pilotId}/history`);
    expect(own.statusCode).toBe(200);
    expect((await history('dept-110000.viewer', `/api/pilots/${pilotId}/history`)).statusCode).toBe(404);
  });
});
