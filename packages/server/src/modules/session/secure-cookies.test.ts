import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, DEMO_PASSWORD, type TestEnv } from '../../test/harness.js';

// Behind the office's HTTPS reverse proxy the app itself sees plain HTTP: cookies must still be Secure.
let behindProxy: TestEnv;
let direct: TestEnv;
beforeAll(async () => {
  behindProxy = await createTestEnv({ config: { trustProxy: '127.0.0.1' } });
  direct = await createTestEnv();
});
afterAll(async () => {
  await behindProxy?.close();
  await direct?.close();
});

const signIn = (env: TestEnv, headers: Record<string, string>) =>
  env.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { username: 'mohurd.viewer', password: DEMO_PASSWORD },
    remoteAddress: '127.0.0.1',
    headers,
  });
const secureFlags = (res: Awaited<ReturnType<typeof signIn>>) =>
  Object.fromEntries((res.cookies as { name: string; secure?: boolean }[]).map((c) => [c.name, Boolean(c.secure)]));

describe('Secure cookies over HTTPS', () => {
  it('marks the session and CSRF cookies Secure when a trusted proxy says the request came over HTTPS', async () => {
    const res = await signIn(behindProxy, { 'x-forwarded-proto': 'https' });
    expect(res.statusCode).toBe(200);
    expect(secureFlags(res)).toEqual({ sc_session: true, sc_csrf: true });
    // the same proxy forwarding plain HTTP: not Secure (the browser would drop them on http://)
    expect(secureFlags(await signIn(behindProxy, { 'x-forwarded-proto': 'http' }))).toEqual({ sc_session: false, sc_csrf: false });
  });

  it('ignores X-Forwarded-Proto from a client when no proxy is configured', async () => {
    expect(secureFlags(await signIn(direct, { 'x-forwarded-proto': 'https' }))).toEqual({ sc_session: false, sc_csrf: false });
  });
});
