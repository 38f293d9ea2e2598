/**
 * Crash test: the server under write load is killed with SIGKILL, restarted on the same data, and every write it had
 * acknowledged must still be there; the audit chain must verify. PGlite always; PostgreSQL when TEST_DATABASE_URL is set.
 *
 *   node --import tsx scripts/crash.ts [--rounds 5] [--writers 8]
 *
 * Each writer is one pilot's editor saving section 1 of its own task book with If-Match, a counter in the text; the
 * last counter the server answered 200 for is the floor the restarted server must show (the one in flight may or may
 * not have committed, never anything older).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { freePort } from '../packages/server/src/test/ports.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createScratchPostgres } from '../packages/server/src/test/database.js';
import { completeContent } from '../packages/server/src/test/task-book-fixture.js';
import { HttpClient } from '../packages/server/src/test/http-client.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, writers: { type: 'string', default: '8' } } });
const ROUNDS = Number(values.rounds);
const WRITERS = Number(values.writers);
const BIN = fileURLToPath(new URL('../packages/server/bin/smartcity.js', import.meta.url));
const PASSWORD = 'Crash-test-2013';

interface Served {
  child: ChildProcess;
  exited: Promise<unknown>;
}

function serve(env: NodeJS.ProcessEnv, port: number): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', '--demo'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', SMARTCITY_DEMO_PASSWORD: PASSWORD, LOG_LEVEL: 'error' },
  });
  // listened for from the start: a process killed early has exited before anyone waits
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  child.stderr!.on('data', (d: Buffer) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes(`:${port}/`)) {
        clearInterval(timer);
        resolve({ child, exited });
      }
    }, 100);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`serve exited:\n${out}`));
    });
  });
}

const pilotUser = (i: number) => `pilot-2012-${String(i + 1).padStart(3, '0')}.editor`;
const text = (n: number) => `崩溃测试第 ${n} 次保存`;
const counterOf = (overall: string) => Number(/第 (\d+) 次/.exec(overall)?.[1] ?? 0);

async function round(env: NodeJS.ProcessEnv) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let server = await serve(env, port);
  const writers = await Promise.all(
    Array.from({ length: WRITERS }, async (_, i) => {
      const client = new HttpClient(base, PASSWORD);
      await client.signIn(pilotUser(i));
      const pilotId = (await client.request('GET', '/api/pilots')).json.items[0].id as string;
      let book = (await client.request('GET', `/api/task-books?pilot=${pilotId}`)).json?.items?.[0]?.id as string | undefined;
      if (!book) book = (await client.request('POST', `/api/pilots/${pilotId}/task-books`)).json.id as string;
      return { client, book: book!, acked: 0 };
    }),
  );
  // the floor from earlier rounds
  for (const w of writers) {
    const goals = (await w.client.request('GET', `/api/task-books/${w.book}`)).json.sections[0];
    w.acked = counterOf(goals.content?.overall ?? '');
  }
  let stop = false;
  const loops = writers.map(async (w) => {
    while (!stop) {
      const current = (await w.client.request('GET', `/api/task-books/${w.book}`).catch(() => null))?.json?.sections?.[0];
      if (!current) return;
      const n = w.acked + 1;
      const res = await w.client
        .request(
          'PATCH',
          `/api/task-books/${w.book}/sections/1`,
          { ...completeContent().goals, overall: text(n) },
          { 'if-match': `"${current.version}"` },
        )
        .catch(() => null);
      if (!res) return; // the server is gone
      if (res.status === 200) w.acked = n;
      else if (res.status !== 409) throw new Error(`save answered ${res.status}: ${JSON.stringify(res.json)}`);
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 1500 + Math.random() * 2500));
  server.child.kill('SIGKILL');
  stop = true;
  await Promise.all(loops);
  await server.exited;

  server = await serve(env, port);
  let lost = 0;
  let acked = 0;
  for (const w of writers) {
    const reader = new HttpClient(base, PASSWORD);
    await reader.signIn(pilotUser(writers.indexOf(w)));
    const overall = (await reader.request('GET', `/api/task-books/${w.book}`)).json.sections[0].content?.overall ?? '';
    const stored = counterOf(overall);
    acked += w.acked;
    if (stored < w.acked) lost++;
  }
  const admin = new HttpClient(base, PASSWORD);
  await admin.signIn('mohurd.viewer');
  const audit = (await admin.request('GET', '/api/audit/verify')).json as { ok: boolean; entries: number };
  server.child.kill('SIGTERM');
  await server.exited;
  return { acked, lost, auditOk: audit.ok, auditEntries: audit.entries };
}

async function engine(name: string, env: NodeJS.ProcessEnv, cleanup: () => Promise<void>) {
  const results = [];
  try {
    for (let r = 0; r < ROUNDS; r++) {
      const res = await round(env);
      results.push(res);
      console.log(
        `${name} round ${r + 1}: ${res.acked} saves acknowledged so far, ${res.lost} lost; audit ${res.auditOk ? 'ok' : 'BROKEN'} (${res.auditEntries} entries)`,
      );
    }
  } finally {
    await cleanup();
  }
  const lost = results.reduce((a, b) => a + b.lost, 0);
  const broken = results.filter((r) => !r.auditOk).length;
  console.log(
    `${name}: ${ROUNDS} kill -9 rounds, ${WRITERS} writers, ${results.at(-1)?.acked ?? 0} acknowledged saves, ${lost} lost, ${broken} broken audit chains`,
  );
  return lost === 0 && broken === 0;
}

const dir = mkdtempSync(join(tmpdir(), 'smartcity-crash-'));
let ok = await engine('PGlite', { DATABASE_URL: '', SMARTCITY_DATA_DIR: join(dir, 'pglite') }, async () =>
  rmSync(dir, { recursive: true, force: true }),
);
if (process.env.TEST_DATABASE_URL) {
  const scratch = await createScratchPostgres(process.env.TEST_DATABASE_URL, 'sc_crash');
  ok = (await engine('PostgreSQL', { DATABASE_URL: scratch.url }, scratch.drop)) && ok;
}
process.exit(ok ? 0 : 1);
