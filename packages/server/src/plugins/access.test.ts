import { ROLES, TIERS, type Role, type Tier } from '@smartcity/domain';
import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { attachments, organisations, pilots } from '../db/schema.js';
import { sm3Bytes } from '../lib/canonical.js';
import { createTestEnv, type Agent, type TestEnv } from '../test/harness.js';
import { taskBookRepository } from '../modules/task-books/task-books.repository.js';
import { contentOf, digestOfContent } from '../modules/task-books/task-books.service.js';
import type { AccessRule } from '../types.js';

/*
 * The (route × tier × role × own/foreign organisation) matrix, generated from the routes the app
 * registered: a new route is in it automatically, and one registered without a rule stops the app.
 */

// One organisation per tier; "own" resources belong to it (江苏), "foreign" ones to 北京.
const ORG_OF: Record<Tier, string> = {
  ministry: 'MOHURD',
  province: 'DEPT-320000',
  provincialGovernment: 'GOV-320000',
  pilot: 'PILOT-2012-025', // 无锡市, the first 江苏 pilot; the demo experts are assigned to it
  expert: 'EXPERTS',
  applicant: 'APPL-320500', // 苏州市人民政府, a demo applicant under 江苏
};
const FOREIGN_PILOT_ORG = 'PILOT-2012-001'; // 北京东城区
const FOREIGN_ORG = 'DEPT-110000';

// Example requests for routes with bodies or headers. Bodies are chosen not to change anything
// permanently: a stale If-Match, an action impossible in the current state.
const EXAMPLES: Record<string, { body?: unknown; headers?: Record<string, string>; query?: string }> = {
  'POST /api/session': { body: 'CREDENTIALS' },
  'PATCH /api/pilots/:id': { body: { note: 'matrix' }, headers: { 'if-match': '"999"' } },
  'POST /api/pilots/:id/transitions': { body: { action: 'accept' } },
  'POST /api/pilots/:id/task-books': {},
  'PATCH /api/task-books/:id/sections/:n': { body: { overall: 'x', targets: [] }, headers: { 'if-match': '"999"' } },
  'POST /api/task-books/:id/transitions': { body: { action: 'ministryApprove' } },
  'POST /api/task-books/:id/amendments': { body: { type: 'other', reason: 'matrix' } },
  'POST /api/task-books/:id/extension': { body: { until: '2013-03-31' } },
  'POST /api/task-books/:id/signatures': { body: { name: '矩阵', title: '测试' } },
  'GET /api/task-books/:id/diff': { query: '?from=1&to=draft' },
  'POST /api/task-books/:id/attachments': { query: '?kind=other' },
};

let env: TestEnv;
const ids = { ownPilot: '', foreignPilot: '', foreignOrg: '', ownTaskBook: '', foreignTaskBook: '', attachmentOf: {} as Record<string, string>, orgOf: {} as Record<Tier, string> };

beforeAll(async () => {
  env = await createTestEnv();
  const db = env.database.db;
  const orgId = async (code: string) => (await db.select().from(organisations).where(eq(organisations.code, code)))[0]!.id;
  const pilotOf = async (code: string) => (await db.select().from(pilots).where(eq(pilots.organisationId, await orgId(code))))[0]!.id;
  ids.ownPilot = await pilotOf(ORG_OF.pilot);
  ids.foreignPilot = await pilotOf(FOREIGN_PILOT_ORG);
  ids.foreignOrg = await orgId(FOREIGN_ORG);
  for (const tier of TIERS) ids.orgOf[tier] = await orgId(ORG_OF[tier]);
  // a task book for the own and the foreign pilot, started by each pilot's editor
  for (const [org, key] of [[ORG_OF.pilot, 'ownTaskBook'], [FOREIGN_PILOT_ORG, 'foreignTaskBook']] as const) {
    const pilotId = await pilotOf(org);
    const res = await (await env.as(`${org.toLowerCase()}.editor`)).post(`/api/pilots/${pilotId}/task-books`);
    ids[key] = res.json().id;
    // and a frozen version 1, so version routes have something to show
    const content = contentOf(await taskBookRepository.sections(db, ids[key]));
    await taskBookRepository.insertVersion(db, { taskBookId: ids[key], pilotId, number: 1, content, digest: digestOfContent(content) });
    const data = Buffer.from('%PDF-1.4 matrix');
    const attachment = { id: randomUUID(), subjectType: 'taskBook', subjectId: ids[key], ownerOrgId: await orgId(org), kind: 'other', filename: 'a.pdf', mediaType: 'application/pdf', size: data.length, sm3: sm3Bytes(data), data, createdBy: pilotId };
    fixtures.push(attachment);
    ids.attachmentOf[ids[key]] = attachment.id;
  }
});

// An allowed DELETE really deletes: every matrix row starts from the same attachments.
const fixtures: (typeof attachments.$inferInsert)[] = [];
beforeEach(async () => {
  if (fixtures.length) await env.database.db.insert(attachments).values(fixtures).onConflictDoNothing();
});
afterAll(() => env?.close());

type Side = 'own' | 'foreign';
function urlFor(url: string, rule: AccessRule, tier: Tier | null, side: Side): string {
  if (!url.includes(':id')) return url;
  if (!('resource' in rule) || !rule.resource) throw new Error(`${url} has an :id but its rule names no resource`);
  const id = {
    pilot: side === 'own' ? ids.ownPilot : ids.foreignPilot,
    organisation: side === 'own' ? ids.orgOf[tier ?? 'ministry'] : ids.foreignOrg,
    taskBook: side === 'own' ? ids.ownTaskBook : ids.foreignTaskBook,
    indicatorSystem: 'MOHURD-2012', // published reference data: no owner
  }[rule.resource];
  // other path parameters: the first section, the first version
  return url.replace(':attachmentId', ids.attachmentOf[id] ?? '').replace(':id', id).replace(':number', '1').replace(':n', '1');
}

// Tiers that own no instance of a resource: their "own" side is as foreign as the other.
const OWNS_NONE: Partial<Record<Tier, string[]>> = { applicant: ['pilot', 'taskBook'] };

/** What the access layer and the scope must answer; null = allowed and visible (any answer but 401/403-forbidden/404). */
function expected(rule: AccessRule, tier: Tier | null, role: Role | null, side: Side, resource: string | undefined): number | null {
  if ('public' in rule) return null;
  if (!tier) return 401;
  if (rule.tiers !== 'all' && !rule.tiers.includes(tier)) return 403;
  if (rule.roles && !rule.roles.includes(role!)) return 403;
  const ownsNone = !!resource && !!OWNS_NONE[tier]?.includes(resource);
  if ((side === 'foreign' || ownsNone) && tier !== 'ministry' && resource !== 'indicatorSystem') return 404;
  return null;
}

async function call(agent: Agent, method: string, url: string, example: (typeof EXAMPLES)[string] | undefined, username: string) {
  // signing in happens on a fresh client, so it does not change who the matrix row is
  if (example?.body === 'CREDENTIALS') return env.anonymous().post(url, { username, password: 'Test-password-2013' });
  const body = example?.body;
  return agent.request(method as 'GET', url, method === 'GET' || method === 'DELETE' ? undefined : (body ?? {}), example?.headers);
}

describe('access matrix', () => {
  it('covers routes that all declare a rule, with :id routes naming their resource', () => {
    expect(env.app.accessRules.length).toBeGreaterThan(12);
    for (const r of env.app.accessRules) if (r.url.includes(':id')) expect(r.rule, r.url).toHaveProperty('resource');
  });

  const actors: { tier: Tier | null; role: Role | null }[] = [{ tier: null, role: null }, ...TIERS.flatMap((tier) => ROLES.map((role) => ({ tier, role })))];
  for (const { tier, role } of actors) {
    it(`${tier ?? 'anonymous'}${role ? `.${role}` : ''}`, async () => {
      const username = tier ? `${ORG_OF[tier].toLowerCase()}.${role}` : 'mohurd.viewer';
      const agent = tier ? await env.as(username) : env.anonymous();
      // signing out last keeps the session for the other routes
      const signOut = (r: { method: string; url: string }) => Number(r.method === 'DELETE' && r.url === '/api/session');
      const routes = [...env.app.accessRules].sort((a, b) => signOut(a) - signOut(b));
      const failures: string[] = [];
      for (const { method, url, rule } of routes) {
        const resource = 'resource' in rule ? rule.resource : undefined;
        for (const side of url.includes(':id') ? (['own', 'foreign'] as const) : (['own'] as const)) {
          const example = EXAMPLES[`${method} ${url}`];
          const res = await call(agent, method, urlFor(url, rule, tier, side) + (example?.query ?? ''), example, username);
          const want = expected(rule, tier, role, side, resource);
          const code = String(res.headers['content-type']).includes('json') ? (res.json() as { error?: { code: string } }).error?.code : undefined;
          const ok =
            want === null
              ? res.statusCode !== 401 && res.statusCode !== 404 && !(res.statusCode === 403 && code === 'forbidden') && res.statusCode < 500
              : res.statusCode === want;
          if (!ok) failures.push(`${method} ${url} (${side}): got ${res.statusCode} ${code ?? ''}, want ${want ?? 'allowed'}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('refuses to start with a route that has no access rule', async () => {
    const app = await buildApp({ database: env.database, config: env.config });
    expect(() => app.get('/api/unruled', async () => ({}))).toThrow(/no access rule/);
    await app.close();
  });
});
