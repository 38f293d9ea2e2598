import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AUTH_CHANGED_CHANNEL } from '../../db/auth-changes.js';
import { openDatabase, type Database } from '../../db/client.js';
import { createTestEnv, secondInstance, type Agent, type TestEnv } from '../../test/harness.js';
import { sessionRepository } from './session.repository.js';

// Sessions are answered from each instance's cache (plugins/access.ts); sign-out, a disabled user and a changed role
// must still take effect at once on the instance that made them, and within a second on every other.
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

const patchUser = async (admin: Agent, username: string, body: unknown) => {
  const users = (await admin.get('/api/users')).json().items as { id: string; username: string; version: number }[];
  const user = users.find((u) => u.username === username)!;
  const res = await admin.request('PATCH', `/api/users/${user.id}`, body, { 'if-match': `"${user.version}"` });
  expect(res.statusCode, res.body).toBe(200);
};

describe('a session on one instance', () => {
  it('costs no database read once known, until something about it changes', async () => {
    const agent = await env.as('pilot-2012-025.viewer');
    const lookups = vi.spyOn(sessionRepository, 'actorForSession');
    try {
      for (let i = 0; i < 5; i++) expect((await agent.get('/api/session')).statusCode).toBe(200);
      expect(lookups.mock.calls.length).toBeLessThanOrEqual(1);
      // an unrelated change to another user clears what is kept: the next request reads again
      await patchUser(await env.as('pilot-2012-025.admin'), 'pilot-2012-025.editor', { title: '科长' });
      const before = lookups.mock.calls.length;
      expect((await agent.get('/api/session')).statusCode).toBe(200);
      expect(lookups.mock.calls.length).toBe(before + 1);
    } finally {
      lookups.mockRestore();
    }
  });

  it('ends at once on sign-out, when disabled, and takes a new role on the next request', async () => {
    const admin = await env.as('pilot-2012-026.admin');
    const viewer = await env.as('pilot-2012-026.viewer');
    expect((await viewer.get('/api/session')).json().roles).toEqual(['viewer']);
    await patchUser(admin, 'pilot-2012-026.viewer', { roles: ['viewer', 'editor'] });
    expect((await viewer.get('/api/session')).json().roles).toEqual(['viewer', 'editor']);
    await patchUser(admin, 'pilot-2012-026.viewer', { disabled: true });
    expect((await viewer.get('/api/session')).statusCode).toBe(401);

    const editor = await env.as('pilot-2012-026.editor');
    expect((await editor.get('/api/session')).statusCode).toBe(200);
    expect((await editor.delete('/api/session')).statusCode).toBe(200);
    expect((await editor.get('/api/session')).statusCode).toBe(401);
  });

  it('hears every table that says who a token stands for, when changed by anyone (here, another connection)', async () => {
    const other: Database = env.databaseUrl ? await openDatabase({ url: env.databaseUrl, poolSize: 1 }) : env.database;
    const heard: string[] = [];
    const stop = await env.database.listen(AUTH_CHANGED_CHANNEL, { message: (table) => heard.push(table), reset: () => undefined });
    try {
      const db = other.db;
      await db.execute(sql`update users set title = title where false`);
      await db.execute(sql`update organisations set name = name where false`);
      await db.execute(sql`update pilots set organisation_id = organisation_id where false`);
      await db.execute(sql`update sessions set revoked_at = revoked_at where false`);
      await db.execute(sql`update api_keys set revoked_at = revoked_at where false`);
      // a session's touch and a key's metering are no change of who they stand for
      await db.execute(sql`update sessions set last_seen_at = last_seen_at where false`);
      await db.execute(sql`update api_keys set last_used_at = last_used_at where false`);
      await db.execute(sql`update pilots set note = note where false`);
      await expect.poll(() => heard.length).toBe(5);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(heard).toEqual(['users', 'organisations', 'pilots', 'sessions', 'api_keys']);
    } finally {
      await stop();
      if (other !== env.database) await other.close();
    }
  });
});

// PGlite is one process by design: a second instance needs PostgreSQL
describe.skipIf(!process.env.TEST_DATABASE_URL)('a session across two instances on one PostgreSQL (skipped on PGlite)', () => {
  let second: Awaited<ReturnType<typeof secondInstance>>;
  beforeAll(async () => {
    second = await secondInstance(env);
  });
  afterAll(() => second?.close());

  /** Milliseconds until `check` holds on the second instance, polled every 5 ms. */
  const until = async (check: () => Promise<boolean>) => {
    const started = performance.now();
    while (!(await check())) {
      if (performance.now() - started > 5_000) throw new Error('not within 5 s');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return performance.now() - started;
  };

  it('signed out on one, is refused on the other within a second', async () => {
    const agent = await env.as('pilot-2012-027.editor');
    const there = second.follow(agent);
    // known to the second instance (kept), and a write there passes CSRF with the token the first one issued
    expect((await there.get('/api/session')).statusCode).toBe(200);
    expect((await there.get('/api/session')).statusCode).toBe(200);
    expect((await agent.delete('/api/session')).statusCode).toBe(200);
    expect(await until(async () => (await there.get('/api/session')).statusCode === 401)).toBeLessThan(1_000);
  });

  it('disabled or given another role on one, is seen so on the other within a second', async () => {
    const admin = await env.as('pilot-2012-027.admin');
    const viewer = second.follow(await env.as('pilot-2012-027.viewer'));
    expect((await viewer.get('/api/session')).json().roles).toEqual(['viewer']);
    await patchUser(admin, 'pilot-2012-027.viewer', { roles: ['editor'] });
    const roles = async () => (await viewer.get('/api/session')).json().roles as string[];
    expect(await until(async () => (await roles()).includes('editor'))).toBeLessThan(1_000);
    await patchUser(admin, 'pilot-2012-027.viewer', { disabled: true });
    expect(await until(async () => (await viewer.get('/api/session')).statusCode === 401)).toBeLessThan(1_000);
  });

  it('keeps answering, from the database, while its listening connection is lost, and caches again once back', async () => {
    const agent = second.follow(await env.as('pilot-2012-028.viewer'));
    // the listener's backend ended by the server (a failover, an admin): nothing may be kept meanwhile
    await env.database.db.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'LISTEN%' and pid <> pg_backend_pid()`,
    );
    expect((await agent.get('/api/session')).statusCode).toBe(200);
    const lookups = vi.spyOn(sessionRepository, 'actorForSession');
    try {
      // back within the retry second, and kept again after that
      await until(async () => {
        const before = lookups.mock.calls.length;
        await agent.get('/api/session');
        await agent.get('/api/session');
        return lookups.mock.calls.length - before <= 1;
      });
    } finally {
      lookups.mockRestore();
    }
  });
});
