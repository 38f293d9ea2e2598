import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviews, signatures } from '../../db/schema.js';
import { createTestEnv, DEMO_PASSWORD, type TestEnv } from '../../test/harness.js';
import { setPerson, submittedTaskBook } from '../../test/signed-programme.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

const fire = async (who: string, id: string, body: object, headers: Record<string, string> = {}) =>
  (await env.as(who)).post(`/api/task-books/${id}/transitions`, body, headers);

describe('审核意见: every approval and decision records an opinion', () => {
  it('records 同意 when none is given and the opinion as written otherwise, with name and date in the history', async () => {
    const { id } = await submittedTaskBook(env, 'pilot-2012-030');
    expect((await fire('dept-320000.reviewer', id, { action: 'provinceApprove' })).statusCode).toBe(200);
    const approved = await fire('mohurd.reviewer', id, { action: 'ministryApprove', reason: '  同意签署，请按期启动。 ' });
    expect(approved.statusCode).toBe(200);
    // newest first, as the task book shows them
    expect(approved.json().reviews.map((r: { action: string; reason: string }) => [r.action, r.reason])).toEqual([
      ['ministryApprove', '同意签署，请按期启动。'],
      ['provinceApprove', '同意'],
    ]);
    for (const r of approved.json().reviews) {
      expect(r.byName).not.toBe('');
      expect(r.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
    // kept where return reasons are: the reviews table
    const stored = await env.database.db.select().from(reviews).where(eq(reviews.subjectId, id));
    expect(stored.map((r) => r.reason).sort()).toEqual(['同意', '同意签署，请按期启动。']);
  });

  it('refuses an opinion that is too long or holds a NUL with 400 naming the field, and nothing moves', async () => {
    const { id } = await submittedTaskBook(env, 'pilot-2012-031');
    const long = await fire('dept-320000.reviewer', id, { action: 'provinceApprove', reason: '同'.repeat(2001) });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.field).toBe('reason');
    const nul = await fire('dept-320000.reviewer', id, { action: 'provinceApprove', reason: '同意\u0000' }, { 'accept-language': 'en' });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error.field).toBe('reason');
    const book = (await (await env.as('dept-320000.reviewer')).get(`/api/task-books/${id}`)).json();
    expect(book.status).toBe('provinceReview');
    expect(book.reviews).toEqual([]);
  });
});

describe('signing: the account signs, with its password entered again', () => {
  let id: string;
  beforeAll(async () => {
    ({ id } = await submittedTaskBook(env, 'pilot-2012-032'));
    await fire('dept-320000.reviewer', id, { action: 'provinceApprove' });
    await fire('mohurd.reviewer', id, { action: 'ministryApprove' });
  });
  const sign = async (who: string, body: object, headers: Record<string, string> = {}) =>
    (await env.as(who)).post(`/api/task-books/${id}/signatures`, body, headers);
  const stored = () => env.database.db.select().from(signatures).where(eq(signatures.subjectId, id));

  it('refuses a wrong or missing password naming the field, and writes no signature', async () => {
    const wrong = await sign('mohurd.signatory', { password: 'not-the-password' });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error).toMatchObject({ code: 'wrong_password', field: 'password', message: expect.stringContaining('密码') });
    const en = await sign('mohurd.signatory', { password: 'not-the-password' }, { 'accept-language': 'en' });
    expect(en.json().error.message).toContain('wrong password');
    expect((await sign('mohurd.signatory', {})).json().error.field).toBe('password');
    // a name typed at signing is not accepted any more: the signature is the account's
    expect((await sign('mohurd.signatory', { password: DEMO_PASSWORD, name: '别人' })).statusCode).toBe(400);
    expect(await stored()).toEqual([]);
    expect((await (await env.as('mohurd.signatory')).get(`/api/task-books/${id}`)).json()).toMatchObject({
      status: 'signing',
      signatures: [],
    });
  });

  it('signs with the account’s name and 职务 when the password is right', async () => {
    await setPerson(env, 'mohurd.signatory', { name: '仇保兴', title: '副部长' });
    const res = await sign('mohurd.signatory', { password: DEMO_PASSWORD });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().signatures).toEqual([expect.objectContaining({ party: 'ministry', signerName: '仇保兴', signerTitle: '副部长' })]);
  });

  it('refuses an account without a 职务, naming the field', async () => {
    await setPerson(env, 'pilot-2012-032.signatory', { name: '昆山市长', title: null });
    const res = await sign('pilot-2012-032.signatory', { password: DEMO_PASSWORD });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'title_missing', field: 'title' });
    expect(await stored()).toHaveLength(1);
  });

  it('counts wrong passwords against the sign-in limit: the client is then slowed, even with the right one', async () => {
    // one session throughout: a successful sign-in would forget the failures
    const signatory = await env.as('dept-320000.signatory');
    const attempt = (password: string) => signatory.post(`/api/task-books/${id}/signatures`, { password });
    for (let i = 0; i < env.config.lockoutAttempts; i++) expect((await attempt(`guess-${i}`)).statusCode).toBe(403);
    const blocked = await attempt(DEMO_PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error).toMatchObject({ code: 'rate_limited', field: 'password' });
    expect(await stored()).toHaveLength(1);
  });
});
