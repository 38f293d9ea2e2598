import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, secondInstance, type TestEnv } from './test/harness.js';

// Two app instances behind one load balancer, on one PostgreSQL and one Redis (issue 14, "Beyond one machine"): a
// browser's requests land on either. Sessions across instances are revocation.test.ts's; scheduled jobs and webhook
// deliveries claimed once by several instances are worker.test.ts's and subscriptions.test.ts's. PGlite is one process
// by design, and without REDIS_URL each instance counts its rate limits alone: `.ci/run` sets both for this file.
const shared = Boolean(process.env.TEST_DATABASE_URL && process.env.REDIS_URL);
if (!shared) console.log('instances.test: two instances need TEST_DATABASE_URL and REDIS_URL; skipped');

describe.skipIf(!shared)('two instances on one PostgreSQL and one Redis', () => {
  let env: TestEnv;
  let second: Awaited<ReturnType<typeof secondInstance>>;
  beforeAll(async () => {
    // one platform's configuration on both, its own rate-limit keys in Redis for this run
    // (the proxy in front is trusted, so the rate-limit test can be a client of its own)
    const config = {
      redisUrl: process.env.REDIS_URL,
      rateLimitNamespace: `sc-test-${randomBytes(6).toString('hex')}:`,
      loginRateLimit: 4,
      trustProxy: '127.0.0.1',
    };
    env = await createTestEnv({ config });
    second = await secondInstance(env);
  });
  afterAll(async () => {
    await second?.close();
    await env?.close();
  });

  it('accepts on one the session and CSRF token the other issued, and refuses a forged one', async () => {
    const editor = await env.as('pilot-2012-025.editor');
    const pilotId = (await editor.get('/api/pilots')).json().items[0].id as string;
    const there = second.follow(editor);
    const made = await there.post(`/api/pilots/${pilotId}/task-books`);
    expect(made.statusCode, made.body).toBe(201);
    expect((await editor.get(`/api/task-books/${made.json().id}`)).statusCode).toBe(200);
    there.csrfToken = 'forged';
    expect((await there.post(`/api/pilots/${pilotId}/task-books`)).statusCode).toBe(403);
  });

  it('keeps one count of a client’s sign-in attempts whichever instance each lands on', async () => {
    const client = { 'x-forwarded-for': '10.20.30.40' };
    const instances = [env.anonymous(), second.anonymous()];
    // unknown usernames, so the database's own per-account throttle never answers first: only the rate limit can
    const statuses = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await instances[i % 2]!.post('/api/session', { username: `nobody-${i}`, password: 'wrong' }, client)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  });

  it('serves from one a file uploaded through the other, byte for byte', async () => {
    const editor = await env.as('pilot-2012-026.editor');
    const pilotId = (await editor.get('/api/pilots')).json().items[0].id as string;
    const id = (await editor.post(`/api/pilots/${pilotId}/task-books`)).json().id as string;
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(2000)]);
    const up = await editor.upload(`/api/task-books/${id}/attachments?kind=other`, '附件.pdf', pdf, 'application/pdf');
    expect(up.statusCode, up.body).toBe(201);
    const back = await second.follow(editor).get(`/api/task-books/${id}/attachments/${up.json().id}`);
    expect(back.statusCode).toBe(200);
    expect(back.rawPayload.equals(pdf)).toBe(true);
  });
});
