import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../db/schema.js';
import { createTestEnv, type TestEnv } from '../../test/harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ config: { lockoutAttempts: 3, lockoutMinutes: 15 } });
});
afterAll(() => env?.close());

describe('sign-in', () => {
  it('returns user, organisation, roles and a CSRF token, and sets an HttpOnly SameSite session cookie', async () => {
    const agent = env.anonymous();
    const res = await agent.signIn('dept-320000.reviewer');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      user: { username: 'dept-320000.reviewer' },
      organisation: { code: 'DEPT-320000', tier: 'province', name: '江苏省住房和城乡建设厅' },
      roles: ['reviewer'],
    });
    expect(res.json().csrfToken).toMatch(/.{20,}/);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/sc_session=[^;]+;.*HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(res.json()).not.toHaveProperty('user.passwordHash');
    const me = await agent.get('/api/session');
    expect(me.json().user.username).toBe('dept-320000.reviewer');
  });

  it('stores only a digest of the session token', async () => {
    const agent = await env.as('mohurd.admin');
    const token = agent.cookies.get('sc_session')!;
    const rows = await env.database.db.select().from(sessions);
    expect(rows.some((r) => r.id === token)).toBe(false);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('answers a wrong password and an unknown user alike, in Chinese by default and English on request', async () => {
    const wrong = await env.anonymous().post('/api/session', { username: 'mohurd.admin', password: 'nope-nope' });
    const unknown = await env.anonymous().post('/api/session', { username: 'nobody.here', password: 'nope-nope' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.message).toBe('用户名或密码错误');
    const en = await env.anonymous().post('/api/session', { username: 'nobody.here', password: 'x' }, { 'accept-language': 'en' });
    expect(en.json().error.message).toBe('Wrong username or password');
  });
});

describe('sessions', () => {
  it('sign-out clears the CSRF cookie along with the session cookie', async () => {
    const agent = await env.as('pilot-2012-004.editor');
    const res = await agent.delete('/api/session');
    const cleared = (res.cookies as { name: string; value: string }[]).filter((c) => c.value === '').map((c) => c.name);
    expect(cleared.sort()).toEqual(['sc_csrf', 'sc_session']);
  });

  it('sign-out revokes the session in the database', async () => {
    const agent = await env.as('pilot-2012-003.editor');
    const cookie = agent.cookies.get('sc_session')!;
    const csrfCookie = agent.cookies.get('sc_csrf')!;
    expect((await agent.delete('/api/session')).statusCode).toBe(200);
    expect((await agent.get('/api/session')).statusCode).toBe(401);
    // replaying the old cookie does not bring it back
    const replay = env.anonymous();
    replay.cookies.set('sc_session', cookie).set('sc_csrf', csrfCookie);
    expect((await replay.get('/api/pilots')).statusCode).toBe(401);
  });

  it('expires after the configured hours without use', async () => {
    const agent = await env.as('pilot-2012-004.editor');
    env.clock.advance((env.config.sessionHours + 1) * 3_600_000);
    expect((await agent.get('/api/session')).statusCode).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses a mutating request without the token or with a wrong one', async () => {
    const agent = await env.as('pilot-2012-005.admin');
    const token = agent.csrfToken;
    agent.csrfToken = null;
    const missing = await agent.delete('/api/session');
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error).toMatchObject({ code: 'csrf', field: 'x-csrf-token' });
    agent.csrfToken = 'forged-token';
    expect((await agent.delete('/api/session')).statusCode).toBe(403);
    agent.csrfToken = token;
    expect((await agent.delete('/api/session')).statusCode).toBe(200);
  });

  it('does not accept another session’s token', async () => {
    const a = await env.as('pilot-2012-006.admin');
    const b = await env.as('pilot-2012-007.admin');
    a.csrfToken = b.csrfToken;
    expect((await a.delete('/api/session')).statusCode).toBe(403);
  });
});

describe('rate limit and headers', () => {
  it('limits sign-in attempts per client', async () => {
    const limited = await createTestEnv({ demo: false, config: { loginRateLimit: 3 } });
    try {
      const codes = [];
      for (let i = 0; i < 5; i++)
        codes.push((await limited.anonymous().post('/api/session', { username: 'x-user', password: 'y-password' })).statusCode);
      expect(codes).toEqual([401, 401, 401, 429, 429]);
      const res = await limited.anonymous().post('/api/session', { username: 'x-user', password: 'y-password' });
      expect(res.json().error.code).toBe('rate_limited');
    } finally {
      await limited.close();
    }
  });

  it('sends security headers on answers, refusals and unknown paths alike', async () => {
    for (const [path, status] of [
      ['/api/provinces', 200],
      ['/api/pilots', 401],
      ['/api/no-such-route', 404],
    ] as const) {
      const res = await env.anonymous().get(path);
      expect(res.statusCode).toBe(status);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
      expect(res.headers['x-frame-options']).toBeDefined();
    }
  });
});
