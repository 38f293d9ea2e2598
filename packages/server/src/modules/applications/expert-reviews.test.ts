import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, expertReviews, notifications, organisations, users } from '../../db/schema.js';
import { createTestEnv, type TestEnv } from '../../test/harness.js';
import { forwardedApplication, openCall, sameScores } from './applications.test-kit.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

const as = (who: string) => env.as(who);
const userIdOf = async (username: string) =>
  (await env.database.db.select({ id: users.id }).from(users).where(eq(users.username, username)))[0]!.id;
const PANEL = ['expert.zhang', 'expert.li', 'expert.wang'];

/** An application of a new call in 专家评审 with the three named experts. */
async function underReview(year: number, name: string) {
  const callId = await openCall(env, year);
  const id = await forwardedApplication(env, 'appl-320500.editor', '320000', callId, name);
  const res = await (
    await as('mohurd.admin')
  ).post(`/api/applications/${id}/assignments`, { expertUserIds: await Promise.all(PANEL.map(userIdOf)) });
  expect(res.statusCode, res.body).toBe(200);
  return id;
}
const declare = async (who: string, id: string, body: object) =>
  (await as(who)).post(`/api/applications/${id}/reviews/mine/declaration`, body);
const draft = async (who: string, id: string, body: object) =>
  (await as(who)).request('PUT', `/api/applications/${id}/reviews/mine/draft`, body);
const submit = async (who: string, id: string, body: object) =>
  (await as(who)).request('PUT', `/api/applications/${id}/reviews/mine`, body);
const audits = async (id: string, action: string) =>
  env.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetId, id), eq(auditLog.action, action)));

describe('the expert score sheet', () => {
  it('needs a conflict-of-interest declaration before a draft or a score; “none” is stored and audited', async () => {
    const id = await underReview(2031, '苏州市');
    for (const res of [
      await draft('expert.zhang', id, { scores: { planning: 80 } }),
      await submit('expert.zhang', id, { scores: sameScores(80), comment: '' }),
    ])
      expect(res.json().error).toMatchObject({ code: 'conflict_not_declared', field: 'conflict' });
    const declared = await declare('expert.zhang', id, { conflict: false });
    expect(declared.statusCode, declared.body).toBe(200);
    expect(declared.json()).toEqual({ onPanel: true });
    const mine = (await (await as('expert.zhang')).get(`/api/applications/${id}/reviews`)).json().items[0];
    expect(mine).toMatchObject({ mine: true, noConflictDeclaredAt: expect.stringMatching(/^\d{4}-/) });
    expect(await audits(id, 'application.declareConflict')).toHaveLength(1);
    expect((await declare('expert.zhang', id, { conflict: false })).json().error.code).toBe('already_declared');
    expect((await declare('expert.zhang', id, { conflict: 'no' })).json().error.field).toBe('conflict');
    expect((await declare('expert.zhao', id, { conflict: false })).statusCode).toBe(404); // not on this panel
  });

  it('takes an expert who declares a conflict off the panel and tells the Ministry', async () => {
    const id = await underReview(2032, '苏州市');
    const res = await declare('expert.li', id, { conflict: true, note: '曾参与该市规划编制' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ onPanel: false });
    const panel = (await (await as('mohurd.viewer')).get(`/api/applications/${id}/reviews`)).json();
    expect(panel.assigned).toBe(2);
    expect(panel.items.map((i: { expert: { name: string } }) => i.expert.name).join()).not.toContain('李娜');
    const ministry = (
      await env.database.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.type, 'ministry'))
    )[0]!.id;
    const told = await env.database.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.organisationId, ministry),
          eq(notifications.subjectId, id),
          eq(notifications.kind, 'panel.conflict.application'),
        ),
      );
    expect(told).toHaveLength(1);
    expect(told[0]!.params).toMatchObject({ expert: expect.stringContaining('李娜') });
    expect(await audits(id, 'application.declareConflict')).toHaveLength(1);
    // off the panel: nothing more to score
    expect((await submit('expert.li', id, { scores: sameScores(80), comment: '' })).statusCode).toBe(404);
  });

  it('keeps a draft (only the expert sees it, nothing is counted), refuses out-of-range scores by field, and a submission is final', async () => {
    const id = await underReview(2033, '苏州市');
    await declare('expert.wang', id, { conflict: false });
    const out = await draft('expert.wang', id, { scores: { planning: 101 } });
    expect(out.statusCode).toBe(400);
    expect(out.json().error).toMatchObject({ code: 'score_out_of_range', field: 'scores.planning' });
    const negative = await draft('expert.wang', id, { scores: { platform: -3 } });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().error.field).toBe('scores.platform');
    const saved = await draft('expert.wang', id, { scores: { planning: 85 }, comment: '待补充' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ submitted: 0 });
    expect(saved.json().items[0]).toMatchObject({
      mine: true,
      scores: { planning: 85 },
      comment: '待补充',
      total: null,
      submittedAt: null,
    });
    // the draft stays the expert's own: the Ministry sees that it is not submitted, not the scores
    const ministry = (await (await as('mohurd.viewer')).get(`/api/applications/${id}/reviews`)).json();
    expect(ministry.items.find((i: { expert: { name: string } }) => i.expert.name.includes('王强'))).toMatchObject({
      scores: null,
      comment: null,
    });
    // it comes back to the draft, then submits the whole sheet
    expect((await (await as('expert.wang')).get(`/api/applications/${id}/reviews`)).json().items[0].scores).toEqual({ planning: 85 });
    const final = await submit('expert.wang', id, { scores: sameScores(85), comment: '同意推荐' });
    expect(final.statusCode, final.body).toBe(200);
    expect(final.json()).toMatchObject({ submitted: 1 });
    expect(final.json().items[0]).toMatchObject({ total: 85 });
    for (const res of [
      await draft('expert.wang', id, { scores: { planning: 10 } }),
      await submit('expert.wang', id, { scores: sameScores(10), comment: '' }),
    ])
      expect(res.json().error.code).toBe('already_scored');
    // what was submitted is what is stored
    const rows = await env.database.db.select().from(expertReviews).where(eq(expertReviews.subjectId, id));
    expect(rows.find((r) => r.submittedAt)).toMatchObject({ scores: sameScores(85), total: 85 });
  });

  it('lists the expert’s review tasks across calls with where each stands', async () => {
    const first = await underReview(2034, '苏州市');
    const second = await underReview(2035, '苏州市');
    await declare('expert.zhang', second, { conflict: false });
    const tasks = (await (await as('expert.zhang')).get('/api/expert-reviews/mine')).json().items as {
      subjectId: string;
      year: number;
      status: string;
    }[];
    expect(tasks.find((t) => t.subjectId === first)).toMatchObject({ year: 2034, status: 'toDeclare', subjectType: 'application' });
    expect(tasks.find((t) => t.subjectId === second)).toMatchObject({ year: 2035, status: 'toScore' });
    expect((await (await as('mohurd.admin')).get('/api/expert-reviews/mine')).statusCode).toBe(403);
  });
});
