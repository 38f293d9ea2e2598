import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/client.js';
import { notifications, organisations, outbox, scheduledJobs, users } from '../db/schema.js';
import { createTestEnv, type TestEnv } from '../test/harness.js';
import { jobRepository } from './jobs.repository.js';
import { planReminders, platformJobs } from './reminders.js';
import { runDueJobs, startJobWorker } from './worker.js';
import { signedTaskBook } from '../modules/annual-reports/test-helpers.js';

// Six 江苏 pilots start their task books on 2013-02-01 (the test clock); the batch's first submissions are due 2013-02-22.
const PILOTS = ['025', '026', '027', '028', '029', '030'].map((n) => `pilot-2012-${n}`);

let env: TestEnv;
/** a second instance's own connection pool onto the same database (PostgreSQL), or the same database (PGlite) */
let other: Database | null = null;
const books: Record<string, string> = {};
beforeAll(async () => {
  env = await createTestEnv();
  if (env.databaseUrl) other = await openDatabase({ url: env.databaseUrl, poolSize: 4 });
  for (const p of PILOTS) {
    const editor = await env.as(`${p}.editor`);
    const pilotId = (await editor.get('/api/pilots')).json().items[0].id;
    books[p] = (await editor.post(`/api/pilots/${pilotId}/task-books`)).json().id;
    // reminders are e-mailed to members with an address: one each
    await env.database.db
      .update(users)
      .set({ email: `${p}@example.gov.cn` })
      .where(eq(users.username, `${p}.admin`));
  }
});
afterAll(async () => {
  await other?.close();
  await env?.close();
});

const db = () => env.database.db;
const at = (iso: string) => env.clock.advance(new Date(iso).getTime() - env.clock.now().getTime());
const worker = (workerId: string, database = db()) => runDueJobs(database, env.clock, { ...platformJobs, workerId });

/** notifications of a kind per task book, and the e-mails they queued */
async function sent(kind: string) {
  const rows = await db()
    .select({ subjectId: notifications.subjectId, params: notifications.params, org: organisations.code, id: notifications.id })
    .from(notifications)
    .innerJoin(organisations, eq(organisations.id, notifications.organisationId))
    .where(eq(notifications.kind, kind));
  const ids = rows.map((r) => r.id);
  const mails = ids.length ? await db().select().from(outbox).where(inArray(outbox.notificationId, ids)) : [];
  return { rows, mails };
}

/** Each instance runs small rounds until it finds nothing, both at once (on PostgreSQL with their own pools). */
async function drainBoth() {
  const drain = async (id: string, database: Database['db']) => {
    let ran = 0;
    for (let r = await runDueJobs(database, env.clock, { ...platformJobs, workerId: id, batch: 1 }); r.claimed > 0;) {
      ran += r.ran;
      r = await runDueJobs(database, env.clock, { ...platformJobs, workerId: id, batch: 1 });
    }
    return ran;
  };
  return Promise.all([drain('a', db()), drain('b', other?.db ?? db())]);
}

const perBook = (rows: { subjectId: string }[]) => Object.values(books).map((id) => rows.filter((r) => r.subjectId === id).length);

describe('reminders from scheduled jobs', () => {
  it('are planned once per book, deadline and step, however often and by however many instances planning runs', async () => {
    expect(await planReminders(db(), env.clock)).toBe(3 * PILOTS.length);
    expect(await planReminders(other?.db ?? db(), env.clock)).toBe(0);
    const jobs = await db().select().from(scheduledJobs).where(eq(scheduledJobs.kind, 'deadline.reminder'));
    expect(jobs.filter((j) => j.key.includes(books['pilot-2012-025']!)).map((j) => j.runAt.toISOString())).toEqual([
      '2013-02-15T01:00:00.000Z', // 09:00 Beijing, 7 days before
      '2013-02-21T01:00:00.000Z', // 1 day before
    ]);
    // nothing is due yet
    expect(await worker('a')).toEqual({ claimed: 0, ran: 0 });
  });

  it('remind the pilot 7 days before, by notification and e-mail, once', async () => {
    at('2013-02-15T02:00:00Z');
    expect(await worker('a')).toEqual({ claimed: PILOTS.length, ran: PILOTS.length });
    expect(await worker('b')).toEqual({ claimed: 0, ran: 0 });
    const { rows, mails } = await sent('deadline.reminder');
    expect(perBook(rows)).toEqual(PILOTS.map(() => 1));
    expect(rows.find((r) => r.subjectId === books['pilot-2012-025'])).toMatchObject({
      org: 'PILOT-2012-025',
      params: { pilot: '无锡市', deadline: '2013-02-22', days: 7 },
    });
    expect(mails.map((m) => m.toAddress).sort()).toEqual(PILOTS.map((p) => `${p}@example.gov.cn`).sort());
    expect(mails[0]!.subject).toMatch(/创建任务书须于 2013-02-22 前报送（还剩 7 天）$/);
  });

  it('fire exactly once when two instances run rounds over the same due jobs at the same time', async () => {
    at('2013-02-21T02:00:00Z');
    const before = (await sent('deadline.reminder')).rows.length;
    const [a, b] = await drainBoth();
    expect(a + b).toBe(PILOTS.length);
    if (other) expect(a > 0 && b > 0, `both instances took work (a ${a}, b ${b})`).toBe(true);
    const { rows, mails } = await sent('deadline.reminder');
    expect(rows.length - before).toBe(PILOTS.length);
    expect(perBook(rows.filter((r) => r.params.days === 1))).toEqual(PILOTS.map(() => 1));
    expect(mails).toHaveLength(2 * PILOTS.length);
  });

  it('survive a worker that died holding a job: another takes it when the lease runs out, and runs it once', async () => {
    at('2013-02-23T02:00:00Z');
    // an instance claims the escalations and dies before running them
    const now = env.clock.now();
    const lost = await jobRepository.claim(db(), 'dead', now, new Date(now.getTime() + 300_000), 100);
    expect(lost.map((j) => j.kind)).toEqual(PILOTS.map(() => 'deadline.overdue'));
    expect(await worker('b')).toEqual({ claimed: 0, ran: 0 }); // still leased
    env.clock.advance(300_001);
    expect(await worker('b')).toEqual({ claimed: PILOTS.length, ran: PILOTS.length });
    expect(await worker('a')).toEqual({ claimed: 0, ran: 0 });
    // the supervising province is told, once per book, and has the books on its to-do list
    const { rows } = await sent('deadline.overdue');
    expect(perBook(rows)).toEqual(PILOTS.map(() => 1));
    expect(new Set(rows.map((r) => r.org))).toEqual(new Set(['DEPT-320000']));
    const jobs = await db().select().from(scheduledJobs).where(eq(scheduledJobs.kind, 'deadline.overdue'));
    expect(jobs.every((j) => j.attempts === 2 && j.lockedBy === 'b' && j.doneAt !== null)).toBe(true);
    const todos = (await (await env.as('dept-320000.reviewer')).get('/api/todos?pageSize=200')).json().items;
    expect(todos.filter((t: { kind: string }) => t.kind === 'chaseTaskBook')).toHaveLength(PILOTS.length);
  });

  it('do nothing for a deadline that moved, and remind again before the new one', async () => {
    const pilotId = (await (await env.as('pilot-2012-025.editor')).get('/api/pilots')).json().items[0].id;
    const granted = await (
      await env.as('mohurd.admin')
    ).post('/api/extension-grants', { rows: [{ kind: 'taskBook', pilotId }], until: '2013-03-15', reason: '同意' });
    expect(granted.statusCode).toBe(200);
    await planReminders(db(), env.clock);
    const keys = (
      await db()
        .select()
        .from(scheduledJobs)
        .where(and(eq(scheduledJobs.kind, 'deadline.reminder')))
    ).map((j) => j.key);
    expect(keys.filter((k) => k.includes(`${books['pilot-2012-025']}:2013-03-15`))).toHaveLength(2);
    at('2013-03-14T02:00:00Z');
    await worker('a');
    const { rows } = await sent('deadline.reminder');
    expect(rows.filter((r) => r.params.deadline === '2013-03-15')).toHaveLength(2); // 7 days and 1 day before the new date
    expect(rows.filter((r) => r.subjectId === books['pilot-2012-026'])).toHaveLength(2); // the others: nothing new
  });

  it('record a failed attempt and try again later; a job of no known kind gives up after the last attempt', async () => {
    await jobRepository.schedule(db(), [{ key: 'test:unknown', kind: 'test.unknown', payload: {}, runAt: env.clock.now() }]);
    await worker('a');
    const [job] = await db().select().from(scheduledJobs).where(eq(scheduledJobs.key, 'test:unknown'));
    expect(job).toMatchObject({ attempts: 1, doneAt: null, lastError: 'no handler for job kind test.unknown' });
    expect(job!.runAt.getTime()).toBe(env.clock.now().getTime() + 60_000);
    for (let i = 0; i < 4; i++) {
      env.clock.advance(86_400_000);
      await worker('a');
    }
    const [gaveUp] = await db().select().from(scheduledJobs).where(eq(scheduledJobs.key, 'test:unknown'));
    expect(gaveUp!.attempts).toBe(5);
    expect(gaveUp!.doneAt).not.toBeNull();
  });

  it('run in the background once started, and stop when told (after the round in progress)', async () => {
    const book = books['pilot-2012-026']!;
    const key = `deadline.reminder:${book}:2013-02-22:manual`;
    await jobRepository.schedule(db(), [
      { key, kind: 'deadline.reminder', payload: { taskBookId: book, deadline: '2013-02-22', days: 1 }, runAt: env.clock.now() },
    ]);
    const errors: unknown[] = [];
    const started = startJobWorker(db(), env.clock, { ...platformJobs, intervalMs: 3_600_000, onError: (err) => errors.push(err) });
    await started.stop();
    expect(errors).toEqual([]);
    const [job] = await db().select().from(scheduledJobs).where(eq(scheduledJobs.key, key));
    expect(job).toMatchObject({ attempts: 1, lockedBy: started.workerId });
    expect(job!.doneAt).not.toBeNull();
  });
});

describe("reminders of annual reports' deadlines", () => {
  // two more 江苏 pilots sign task books for 2013–2015: each owes its 2013 report from 1 November, by 31 December
  const REPORTING = ['pilot-2012-031', 'pilot-2012-032'] as const;
  const pilotIds: Record<string, string> = {};
  beforeAll(async () => {
    at('2013-02-02T02:00:00Z');
    for (const p of REPORTING) {
      pilotIds[p] = (await signedTaskBook(env, p)).pilotId;
      await db()
        .update(users)
        .set({ email: `${p}@example.gov.cn` })
        .where(eq(users.username, `${p}.admin`));
    }
  }, 300_000);
  const reportJobs = async () => (await db().select().from(scheduledJobs)).filter((j) => j.key.includes(':annualReport:'));
  /** notices about reports of a kind: per pilot, their parameters */
  const reportNotices = async (kind: string) => {
    const { rows, mails } = await sent(kind);
    const own = rows.filter((r) => r.params.of === 'annualReport');
    return { own, mails: mails.filter((m) => own.some((r) => r.id === m.notificationId)) };
  };
  const of = (p: (typeof REPORTING)[number], rows: { org: string; params: Record<string, unknown> }[]) =>
    rows.filter((r) => r.org === p.toUpperCase()).map((r) => r.params);

  it('are planned from 1 November, once per pilot, year, deadline and step, however many instances plan', async () => {
    at('2013-10-31T02:00:00Z');
    await planReminders(db(), env.clock);
    expect(await reportJobs()).toEqual([]); // not owed yet
    at('2013-11-01T02:00:00Z');
    expect(await planReminders(db(), env.clock)).toBe(3 * REPORTING.length);
    expect(await planReminders(other?.db ?? db(), env.clock)).toBe(0);
    const keys = (await reportJobs()).map((j) => [j.key, j.runAt.toISOString()]).sort();
    const id = pilotIds['pilot-2012-031'];
    expect(keys.filter(([k]) => k!.includes(id!))).toEqual([
      [`deadline.overdue:annualReport:${id}:2013:2013-12-31:overdue`, '2014-01-01T01:00:00.000Z'],
      [`deadline.reminder:annualReport:${id}:2013:2013-12-31:remind1`, '2013-12-30T01:00:00.000Z'],
      [`deadline.reminder:annualReport:${id}:2013:2013-12-31:remind7`, '2013-12-24T01:00:00.000Z'],
    ]);
  });

  it('remind each pilot 7 days before, once, with two instances running at the same time', async () => {
    at('2013-12-24T02:00:00Z');
    await drainBoth();
    const { own, mails } = await reportNotices('deadline.reminder');
    for (const p of REPORTING)
      expect(of(p, own)).toEqual([{ pilot: expect.any(String), of: 'annualReport', year: 2013, deadline: '2013-12-31', days: 7 }]);
    expect(mails.map((m) => m.toAddress).sort()).toEqual(REPORTING.map((p) => `${p}@example.gov.cn`));
    expect(mails[0]!.subject).toMatch(/2013年度自评价报告须于 2013-12-31 前报送（还剩 7 天）$/);
  });

  it('follow an extension: the old date’s jobs do nothing, the new date is reminded, and only the late report escalates', async () => {
    const granted = await (
      await env.as('mohurd.admin')
    ).post('/api/extension-grants', {
      rows: [{ kind: 'report', pilotId: pilotIds['pilot-2012-032'], year: 2013 }],
      until: '2014-01-20',
      reason: '统计数据延后发布',
    });
    expect(granted.statusCode, granted.body).toBe(200);
    at('2013-12-30T02:00:00Z');
    await drainBoth();
    const day1 = (await reportNotices('deadline.reminder')).own.filter((r) => r.params.days === 1);
    expect(of('pilot-2012-031', day1)).toEqual([expect.objectContaining({ deadline: '2013-12-31', days: 1 })]);
    expect(of('pilot-2012-032', day1)).toEqual([]);

    at('2014-01-01T02:00:00Z');
    await drainBoth();
    const overdue = (await reportNotices('deadline.overdue')).own;
    expect(overdue.map((r) => [r.org, r.params.pilot])).toEqual([['DEPT-320000', expect.any(String)]]);
    expect(overdue[0]!.params).toMatchObject({ deadline: '2013-12-31' });

    at('2014-01-13T02:00:00Z');
    await drainBoth();
    const byDeadline = (a: Record<string, unknown>, b: Record<string, unknown>) => String(a.deadline).localeCompare(String(b.deadline));
    expect(of('pilot-2012-032', (await reportNotices('deadline.reminder')).own).sort(byDeadline)).toEqual([
      expect.objectContaining({ deadline: '2013-12-31', days: 7 }),
      expect.objectContaining({ deadline: '2014-01-20', days: 7 }),
    ]);
  });
});
