import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, outbox, passwordResets } from '../../db/schema.js';
import { createTestEnv, type Agent, type TestEnv } from '../../test/harness.js';

/*
 * 人员管理 and passwords through the API: an organisation's administrator adds, disables and re-roles its own people;
 * a user changes their own password; a forgotten one is reset by a one-time e-mailed link.
 */

const PUBLIC_URL = 'https://smartcity.example.gov.cn';
const INITIAL = 'Initial-password-2013';

let env: TestEnv;
let admin: Agent;
beforeAll(async () => {
  env = await createTestEnv({ config: { publicUrl: PUBLIC_URL } });
  admin = await env.as('dept-320000.admin');
  // the demo on PGlite takes minutes on a loaded machine
}, 300_000);
afterAll(() => env?.close());

let added = 0;
/** A new person of 江苏's department, added by its administrator. */
async function addPerson(roles: string[] = ['reviewer'], extra: Record<string, unknown> = {}) {
  const username = `js.person${++added}`;
  const res = await admin.post('/api/users', {
    username,
    displayName: `江苏测试人员${added}`,
    email: `${username}@jsszjt.gov.cn`,
    roles,
    password: INITIAL,
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return { username, id: res.json().id as string, version: res.json().version as number };
}

async function signedIn(username: string, password = INITIAL) {
  const agent = env.anonymous();
  const res = await agent.signIn(username, password);
  expect(res.statusCode, res.body).toBe(200);
  return agent;
}

const patch = (agent: Agent, id: string, version: number, body: unknown) =>
  agent.request('PATCH', `/api/users/${id}`, body, { 'if-match': `"${version}"` });

const lastAudit = async (action: string) =>
  (await env.database.db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(desc(auditLog.seq)).limit(1))[0];

describe('adding people', () => {
  it('an administrator adds a colleague, who signs in with the initial password in that organisation and those roles', async () => {
    const { username, id } = await addPerson(['reviewer', 'signatory']);
    const res = await env.anonymous().signIn(username, INITIAL);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ user: { username }, organisation: { code: 'DEPT-320000' }, roles: ['reviewer', 'signatory'] });
    const list = await admin.get('/api/users');
    expect(list.json().items).toContainEqual(
      expect.objectContaining({ id, username, email: `${username}@jsszjt.gov.cn`, disabled: false }),
    );
    expect(JSON.stringify(list.json())).not.toMatch(/passwordHash|\$argon2/);
    const audit = await lastAudit('user.create');
    expect(audit).toMatchObject({ targetId: id });
    expect(JSON.stringify(audit)).not.toContain(INITIAL);
  });

  it('refuses a username already taken anywhere, naming the field', async () => {
    const res = await admin.post('/api/users', {
      username: 'mohurd.admin',
      displayName: '重名',
      email: 'x@example.cn',
      roles: ['viewer'],
      password: INITIAL,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'username_taken', field: 'username' });
  });

  it('answers bad input with a 4xx naming the field, in Chinese and in English, and writes nothing', async () => {
    const before = (await admin.get('/api/users')).json().items.length;
    const base = { username: 'js.valid', displayName: '有效', email: 'valid@example.cn', roles: ['viewer'], password: INITIAL };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, email: 'not-an-address' }, 'email'],
      [{ ...base, username: 'Has Spaces' }, 'username'],
      [{ ...base, roles: [] }, 'roles'],
      [{ ...base, roles: ['owner'] }, 'roles.0'],
      [{ ...base, password: 'short' }, 'password'],
      [{ ...base, displayName: '' }, 'displayName'],
    ];
    for (const [body, field] of cases) {
      const res = await admin.post('/api/users', body);
      expect(res.statusCode, field).toBe(400);
      expect(res.json().error.field, JSON.stringify(body)).toBe(field);
    }
    const { email: _omitted, ...noEmail } = base;
    const en = await admin.post('/api/users', noEmail, { 'accept-language': 'en' });
    expect(en.statusCode).toBe(400);
    expect(en.json().error).toMatchObject({ field: 'email' });
    expect(en.json().error.message).toMatch(/^E-mail/i);
    expect((await admin.get('/api/users')).json().items.length).toBe(before);
  });
});

describe('who manages whom', () => {
  it('refuses people who are not administrators', async () => {
    const editor = await env.as('dept-320000.editor');
    expect((await editor.get('/api/users')).statusCode).toBe(403);
    const res = await editor.post('/api/users', {
      username: 'js.nope',
      displayName: '无权',
      email: 'n@example.cn',
      roles: ['viewer'],
      password: INITIAL,
    });
    expect(res.statusCode).toBe(403);
    expect((await env.anonymous().get('/api/users')).statusCode).toBe(401);
  });

  it('limits an administrator to their own organisation, the Ministry’s included', async () => {
    const { id, version, username } = await addPerson();
    for (const other of ['dept-110000.admin', 'mohurd.admin', 'pilot-2012-025.admin']) {
      const agent = await env.as(other);
      const list = (await agent.get('/api/users')).json().items as { username: string }[];
      expect(list.length).toBeGreaterThan(0);
      expect(list.map((u) => u.username)).not.toContain(username);
      expect((await patch(agent, id, version, { disabled: true })).statusCode, other).toBe(404);
    }
    expect((await env.anonymous().signIn(username, INITIAL)).statusCode).toBe(200);
  });

  it('keeps an administrator from disabling themself or dropping their own admin role', async () => {
    const me = (await admin.get('/api/session')).json().user.id as string;
    const row = (await admin.get('/api/users')).json().items.find((u: { id: string }) => u.id === me);
    const disable = await patch(admin, me, row.version, { disabled: true });
    expect(disable.statusCode).toBe(422);
    expect(disable.json().error).toMatchObject({ code: 'own_account', field: 'disabled' });
    const demote = await patch(admin, me, row.version, { roles: ['reviewer'] });
    expect(demote.json().error).toMatchObject({ code: 'own_account', field: 'roles' });
    expect((await admin.get('/api/users')).statusCode).toBe(200);
  });
});

describe('changes take effect at once', () => {
  it('a disabled user’s open session is refused on its next request, and sign-in too; enabling lets them sign in again', async () => {
    const { username, id, version } = await addPerson();
    const person = await signedIn(username);
    expect((await person.get('/api/session')).statusCode).toBe(200);
    const res = await patch(admin, id, version, { disabled: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ disabled: true, version: version + 1 });
    expect((await person.get('/api/session')).statusCode).toBe(401);
    expect((await person.get('/api/pilots')).statusCode).toBe(401);
    expect((await env.anonymous().signIn(username, INITIAL)).statusCode).toBe(401);
    expect(await lastAudit('user.update')).toMatchObject({
      targetId: id,
      beforeDigest: expect.any(String),
      afterDigest: expect.any(String),
    });
    // the old session stays dead after enabling: it was ended, not only paused
    expect((await patch(admin, id, version + 1, { disabled: false })).statusCode).toBe(200);
    expect((await person.get('/api/session')).statusCode).toBe(401);
    expect((await env.anonymous().signIn(username, INITIAL)).statusCode).toBe(200);
  });

  it('a role change applies to the user’s next request in the same session', async () => {
    const { username, id, version } = await addPerson(['viewer']);
    const person = await signedIn(username);
    expect((await person.get('/api/users')).statusCode).toBe(403);
    expect((await person.get('/api/session')).json().can.manageUsers).toBe(false);
    expect((await patch(admin, id, version, { roles: ['viewer', 'admin'] })).statusCode).toBe(200);
    expect((await person.get('/api/users')).statusCode).toBe(200);
    expect((await person.get('/api/session')).json()).toMatchObject({ roles: ['viewer', 'admin'], can: { manageUsers: true } });
  });

  it('an administrator corrects a colleague’s name, 职务 and e-mail; the colleague’s session names them at once', async () => {
    const { username, id, version } = await addPerson(['signatory']);
    const person = await signedIn(username);
    const res = await patch(admin, id, version, { displayName: '王建国', title: '副厅长', email: 'wangjianguo@jsszjt.gov.cn' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ displayName: '王建国', title: '副厅长', email: 'wangjianguo@jsszjt.gov.cn', version: version + 1 });
    // signatures take the name and title from the session's account
    expect((await person.get('/api/session')).json().user).toMatchObject({ displayName: '王建国', title: '副厅长' });
    expect(await lastAudit('user.update')).toMatchObject({ targetId: id, afterDigest: expect.any(String) });
    // an emptied 职务 is none
    expect((await patch(admin, id, version + 1, { title: '' })).json()).toMatchObject({ title: null, version: version + 2 });
    // a stale version is a conflict, as for roles
    expect((await patch(admin, id, version, { displayName: '王二' })).statusCode).toBe(409);
  });

  it('refuses a bad e-mail or an empty name by field, in Chinese and English, and changes nothing', async () => {
    const { id, version } = await addPerson();
    const badEmail = await patch(admin, id, version, { email: 'not-an-address' });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json().error).toMatchObject({ field: 'email', message: '电子邮箱：格式不正确' });
    const english = await admin.request(
      'PATCH',
      `/api/users/${id}`,
      { displayName: '  ' },
      { 'if-match': `"${version}"`, 'accept-language': 'en' },
    );
    expect(english.statusCode).toBe(400);
    expect(english.json().error.field).toBe('displayName');
    expect(english.json().error.message).not.toMatch(/\p{Script=Han}/u);
    const list = (await admin.get('/api/users')).json().items as { id: string; version: number }[];
    expect(list.find((a) => a.id === id)?.version).toBe(version);
  });

  it('goes by If-Match: a stale version is a conflict, a missing one a 428', async () => {
    const { id, version } = await addPerson();
    expect((await patch(admin, id, version, { roles: ['editor'] })).statusCode).toBe(200);
    const stale = await patch(admin, id, version, { roles: ['viewer'] });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_version');
    expect((await admin.patch(`/api/users/${id}`, { roles: ['viewer'] })).statusCode).toBe(428);
    const empty = await patch(admin, id, version + 1, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.field).toBe('roles');
  });
});

describe('own password', () => {
  it('requires the current password; then the new one works, the old does not, and other sessions end', async () => {
    const { username } = await addPerson();
    const person = await signedIn(username);
    const elsewhere = await signedIn(username);
    const wrong = await person.post('/api/session/password', { currentPassword: 'not-my-password', newPassword: 'Brand-new-2013' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ code: 'wrong_password', field: 'currentPassword' });
    const weak = await person.post('/api/session/password', { currentPassword: INITIAL, newPassword: 'short' });
    expect(weak.json().error.field).toBe('newPassword');
    expect((await env.anonymous().signIn(username, 'Brand-new-2013')).statusCode).toBe(401);

    const ok = await person.post('/api/session/password', { currentPassword: INITIAL, newPassword: 'Brand-new-2013' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await person.get('/api/session')).statusCode).toBe(200);
    expect((await elsewhere.get('/api/session')).statusCode).toBe(401);
    expect((await env.anonymous().signIn(username, INITIAL)).statusCode).toBe(401);
    expect((await env.anonymous().signIn(username, 'Brand-new-2013')).statusCode).toBe(200);
  });
});

describe('forgotten password', () => {
  const mailsTo = async (address: string) => env.database.db.select().from(outbox).where(eq(outbox.toAddress, address));
  const tokenIn = (body: string) => {
    const m = /https:\/\/smartcity\.example\.gov\.cn\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(body);
    expect(m, body).not.toBeNull();
    return m![1]!;
  };
  const ask = (username: string, headers: Record<string, string> = {}) =>
    env.anonymous().post('/api/password-resets', { username }, headers);

  it('e-mails a link built from the public address (not the Host header) that resets once and ends the sessions', async () => {
    const { username } = await addPerson();
    const email = `${username}@jsszjt.gov.cn`;
    const session = await signedIn(username);
    const res = await ask(username, { host: 'attacker.example' });
    expect(res.statusCode).toBe(202);
    const [mail] = await mailsTo(email);
    expect(mail!.body).not.toContain('attacker.example');
    const token = tokenIn(mail!.body);
    // only a digest is stored
    const stored = await env.database.db.select().from(passwordResets);
    expect(stored.length).toBeGreaterThan(0);
    expect(JSON.stringify(stored)).not.toContain(token);

    const reset = await env.anonymous().post('/api/password-resets/redemption', { token, password: 'Reset-password-2013' });
    expect(reset.statusCode, reset.body).toBe(200);
    expect((await session.get('/api/session')).statusCode).toBe(401);
    expect((await env.anonymous().signIn(username, INITIAL)).statusCode).toBe(401);
    expect((await env.anonymous().signIn(username, 'Reset-password-2013')).statusCode).toBe(200);

    const again = await env.anonymous().post('/api/password-resets/redemption', { token, password: 'Another-password-2013' });
    expect(again.statusCode).toBe(400);
    expect(again.json().error).toMatchObject({ code: 'invalid_token', field: 'token' });
    expect((await env.anonymous().signIn(username, 'Another-password-2013')).statusCode).toBe(401);
  });

  it('expires after an hour', async () => {
    const { username } = await addPerson();
    await ask(username);
    const token = tokenIn((await mailsTo(`${username}@jsszjt.gov.cn`))[0]!.body);
    env.clock.advance(61 * 60_000);
    const res = await env.anonymous().post('/api/password-resets/redemption', { token, password: 'Late-password-2013' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('token');
    expect((await env.anonymous().signIn(username, INITIAL)).statusCode).toBe(200);
  });

  it('answers alike for an unknown, a disabled and a real account, and sends mail only for the real one', async () => {
    const real = await addPerson();
    const off = await addPerson();
    expect((await patch(admin, off.id, off.version, { disabled: true })).statusCode).toBe(200);
    const before = (await env.database.db.select().from(outbox)).length;
    const answers = await Promise.all(['nobody.at.all', off.username, real.username].map((u) => ask(u)));
    for (const a of answers) expect({ status: a.statusCode, body: a.json() }).toEqual({ status: 202, body: { ok: true } });
    expect((await env.database.db.select().from(outbox)).length).toBe(before + 1);
    expect(await mailsTo(`${off.username}@jsszjt.gov.cn`)).toEqual([]);
  });

  it('sends at most three links an hour to one account, answering the same', async () => {
    const { username } = await addPerson();
    for (let i = 0; i < 5; i++) expect((await ask(username)).statusCode).toBe(202);
    expect(await mailsTo(`${username}@jsszjt.gov.cn`)).toHaveLength(3);
    env.clock.advance(61 * 60_000);
    await ask(username);
    expect(await mailsTo(`${username}@jsszjt.gov.cn`)).toHaveLength(4);
  });

  it('rejects a malformed token or a weak password naming the field', async () => {
    const bad = await env.anonymous().post('/api/password-resets/redemption', { token: 'short', password: 'Good-password-2013' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('token');
    const unknown = await env
      .anonymous()
      .post('/api/password-resets/redemption', { token: 'x'.repeat(43), password: 'Good-password-2013' });
    expect(unknown.json().error).toMatchObject({ code: 'invalid_token', field: 'token' });
    const weak = await env.anonymous().post('/api/password-resets/redemption', { token: 'x'.repeat(43), password: '123' });
    expect(weak.json().error.field).toBe('password');
    expect((await env.anonymous().post('/api/password-resets', {})).json().error.field).toBe('username');
  });

  it('is limited per client address like sign-in', async () => {
    const limited = await createTestEnv({ demo: false, config: { loginRateLimit: 2 } });
    try {
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await limited.anonymous().post('/api/password-resets', { username: 'someone' })).statusCode);
      expect(codes).toEqual([202, 202, 429]);
    } finally {
      await limited.close();
    }
  });
});
