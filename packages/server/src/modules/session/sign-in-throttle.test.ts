import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestEnv, DEMO_PASSWORD, type TestEnv } from '../../test/harness.js';

// counts password-hash verifications: an unknown username must cost exactly what a known one costs
const calls = vi.hoisted(() => ({ verify: 0 }));
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  return {
    ...real,
    verify: (...args: Parameters<typeof real.verify>) => {
      calls.verify += 1;
      return real.verify(...args);
    },
  };
});

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ config: { lockoutAttempts: 3, lockoutMinutes: 15 } });
});
afterAll(() => env?.close());

/** A sign-in attempt from a client address. */
const from = (ip: string) => async (username: string, password: string) => {
  const res = await env.app.inject({ method: 'POST', url: '/api/session', payload: { username, password }, remoteAddress: ip });
  return { status: res.statusCode, code: res.statusCode === 200 ? null : (res.json().error.code as string) };
};

describe('signing in against guessing, without handing anyone a lock', () => {
  it('never lets a stranger failing from elsewhere keep the real user out', async () => {
    const attacker = from('203.0.113.9');
    for (let i = 0; i < 10; i++) await attacker('mohurd.admin', 'wrong-password');
    expect(await from('198.51.100.7')('mohurd.admin', DEMO_PASSWORD)).toEqual({ status: 200, code: null });
  });

  it('slows a guesser per account and client, and forgets on success and once the back-off has passed', async () => {
    const guess = from('203.0.113.20');
    for (let i = 0; i < 3; i++) expect((await guess('pilot-2012-006.viewer', 'wrong-password')).status).toBe(401);
    // throttled now, whatever the password
    expect(await guess('pilot-2012-006.viewer', DEMO_PASSWORD)).toEqual({ status: 429, code: 'rate_limited' });
    env.clock.advance(16 * 60_000);
    expect((await guess('pilot-2012-006.viewer', DEMO_PASSWORD)).status).toBe(200);
    // a success forgets the failures: three more are needed before the next back-off
    for (let i = 0; i < 3; i++) expect((await guess('pilot-2012-006.viewer', 'wrong-password')).status).toBe(401);
  });

  it('answers an unknown and an existing username alike, with one password-hash verification each', async () => {
    const answers = async (username: string, ip: string) => {
      const out = [];
      for (let i = 0; i < 5; i++) out.push(await from(ip)(username, 'wrong-password'));
      return out;
    };
    expect(await answers('nobody.here', '203.0.113.31')).toEqual(await answers('pilot-2012-007.viewer', '203.0.113.32'));
    calls.verify = 0;
    await from('203.0.113.33')('nobody.else', 'wrong-password');
    expect(calls.verify).toBe(1);
    calls.verify = 0;
    await from('203.0.113.34')('pilot-2012-008.viewer', 'wrong-password');
    expect(calls.verify).toBe(1);
  });
});
