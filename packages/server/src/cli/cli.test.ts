import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchPostgres } from '../test/database.js';

const BIN = fileURLToPath(new URL('../../bin/smartcity.js', import.meta.url));
const run = promisify(execFile);

let env: NodeJS.ProcessEnv;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const base = { ...process.env, SMARTCITY_DEMO_PASSWORD: 'Cli-demo-2013', LOG_LEVEL: 'warn' };
  if (process.env.TEST_DATABASE_URL) {
    const scratch = await createScratchPostgres(process.env.TEST_DATABASE_URL);
    env = { ...base, DATABASE_URL: scratch.url };
    cleanup = scratch.drop;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'smartcity-cli-'));
    env = { ...base, SMARTCITY_DATA_DIR: dir, DATABASE_URL: '' };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
});
afterAll(() => cleanup?.());

const smartcity = async (...args: string[]) => {
  try {
    const { stdout } = await run(process.execPath, [BIN, ...args], { env, timeout: 60_000 });
    return { code: 0, stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout + err.stderr };
  }
};

// every step spawns the CLI (a cold PGlite each): generous under a loaded CI machine
describe('the smartcity command', { timeout: 240_000 }, () => {
  it('migrates, seeds demo users for every organisation and lists them as JSON', async () => {
    expect((await smartcity('db', 'migrate')).code).toBe(0);
    const seeded = await smartcity('db', 'seed', '--demo');
    expect(seeded.code).toBe(0);
    const list = await smartcity('users', 'list', '--json');
    const users: { username: string; organisationCode: string; organisation: string; roles: string[] }[] = JSON.parse(list.stdout);
    expect(users.find((u) => u.username === 'dept-320000.reviewer')).toMatchObject({
      organisation: '江苏省住房和城乡建设厅',
      roles: ['reviewer'],
    });
    // every organisation has one user per role (the expert committee has named experts besides)
    const orgs = new Set(users.map((u) => u.organisationCode));
    for (const org of orgs) {
      const roles = users.filter((u) => u.organisationCode === org).flatMap((u) => u.roles);
      expect(new Set(roles), org).toEqual(new Set(['viewer', 'editor', 'reviewer', 'signatory', 'admin']));
    }
    expect(orgs.has('PILOT-2012-090')).toBe(true);
  });

  it('adds a user, resets a password, and keeps the audit chain verifiable', async () => {
    const added = await smartcity(
      'users',
      'add',
      '--username',
      'zhang.san',
      '--org',
      'DEPT-320000',
      '--roles',
      'reviewer,signatory',
      '--name',
      '张三',
      '--password',
      'Zhang-san-2013',
    );
    expect(added.code).toBe(0);
    expect(
      (await smartcity('users', 'add', '--username', 'li.si', '--org', 'NOPE', '--roles', 'viewer', '--password', 'Li-si-20131')).code,
    ).toBe(2);
    expect(
      (await smartcity('users', 'add', '--username', 'li.si', '--org', 'MOHURD', '--roles', 'emperor', '--password', 'Li-si-20131')).code,
    ).toBe(2);
    const listed = JSON.parse((await smartcity('users', 'list', '--json')).stdout);
    expect(listed.find((u: { username: string }) => u.username === 'zhang.san')).toMatchObject({
      displayName: '张三',
      roles: ['reviewer', 'signatory'],
    });
    expect((await smartcity('users', 'reset-password', 'zhang.san', '--password', 'New-password-2013')).code).toBe(0);
    const verify = await smartcity('audit', 'verify');
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, firstBroken: null });
    expect(JSON.parse(verify.stdout).entries).toBeGreaterThanOrEqual(4);
  });

  it('explains its usage and refuses unknown commands', async () => {
    expect((await smartcity('--help')).stdout).toContain('smartcity serve');
    expect((await smartcity('frobnicate')).code).toBe(2);
  });
});
