import { ROLES, TIERS, type Role, type Tier } from '@smartcity/domain';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { organisations, pilots } from '../db/schema.js';
import { createTestEnv, type Agent, type TestEnv } from '../test/harness.js';
import { FIXTURES } from '../test/matrix/index.js';
import { ORG_OF, type Example, type ResourceFixture } from '../test/matrix/types.js';
import type { AccessRule, Resource } from '../types.js';

/*
 * The (route × tier × role × own/foreign organisation) matrix, generated from the routes the app registered:
 * a new route is in it automatically, one registered without a rule stops the app, and one whose :id names a
 * resource without a fixture in test/matrix/ fails here.
 */

let env: TestEnv;
const fixtures = new Map<Resource, ResourceFixture>();

beforeAll(async () => {
  env = await createTestEnv();
  const db = env.database.db;
  const orgId = async (code: string) => (await db.select().from(organisations).where(eq(organisations.code, code)))[0]!.id;
  const pilotOf = async (code: string) =>
    (
      await db
        .select()
        .from(pilots)
        .where(eq(pilots.organisationId, await orgId(code)))
    )[0]!.id;
  const used = new Set(env.app.accessRules.flatMap((r) => ('resource' in r.rule && r.rule.resource ? [r.rule.resource] : [])));
  for (const resource of used) {
    const factory = FIXTURES[resource];
    if (factory) fixtures.set(resource, await factory({ env, orgId, pilotOf }));
  }
});
beforeEach(async () => {
  for (const f of fixtures.values()) await f.restore?.();
});
afterAll(() => env?.close());

type Side = 'own' | 'foreign';

// path parameters that name no tenant's resource
const SHARED_PARAMS: Record<string, string> = { year: '2012' };

function target(
  url: string,
  rule: AccessRule,
  tier: Tier | null,
  side: Side,
): { url: string; ownsNone: boolean; privateToOwner?: boolean } {
  const resource = 'resource' in rule ? rule.resource : undefined;
  if (!url.includes(':id')) return { url: url.replace(/:(\w+)/g, (_, k: string) => SHARED_PARAMS[k] ?? `:${k}`), ownsNone: false };
  const fixture = resource && fixtures.get(resource);
  if (!fixture) throw new Error(`${url}: no matrix fixture for resource ${resource ?? '(none declared)'}`);
  const own = fixture.own(tier ?? 'ministry');
  const id = side === 'own' && own !== null ? own : fixture.foreign;
  let filled = url.replace(':id', id);
  // longest names first: ':number' before ':n'
  const params = Object.entries(fixture.params?.(id) ?? {}).sort(([a], [b]) => b.length - a.length);
  for (const [k, v] of params) filled = filled.replace(`:${k}`, v);
  return { url: filled, ownsNone: own === null, privateToOwner: !!fixture.privateToOwner };
}

const exampleFor = (method: string, url: string): Example | undefined => {
  for (const f of fixtures.values()) if (f.examples?.[`${method} ${url}`]) return f.examples[`${method} ${url}`];
  return undefined;
};

/** What the access layer and the scope must answer; null = allowed and visible (any answer but 401/403-forbidden/404). */
function expected(
  rule: AccessRule,
  tier: Tier | null,
  role: Role | null,
  side: Side,
  t: { ownsNone: boolean; privateToOwner?: boolean },
): number | null {
  if ('public' in rule) return null;
  if (!tier) return 401;
  if (rule.tiers !== 'all' && !rule.tiers.includes(tier)) return 403;
  if (rule.roles && !rule.roles.includes(role!)) return 403;
  const shared = rule.resource === 'indicatorSystem';
  const seesAll = tier === 'ministry' && !t.privateToOwner;
  if ((side === 'foreign' || t.ownsNone) && !seesAll && !shared && rule.resource) return 404;
  return null;
}

async function call(agent: Agent, method: string, url: string, example: Example | undefined, username: string) {
  // signing in happens on a fresh client, so it does not change who the matrix row is
  if (method === 'POST' && url === '/api/session') return env.anonymous().post(url, { username, password: 'Test-password-2013' });
  return agent.request(
    method as 'GET',
    url + (example?.query ?? ''),
    method === 'GET' || method === 'DELETE' ? undefined : (example?.body ?? {}),
    example?.headers,
  );
}

describe('access matrix', () => {
  it('covers routes that all declare a rule, with :id routes naming a resource that has a fixture', () => {
    expect(env.app.accessRules.length).toBeGreaterThan(12);
    for (const r of env.app.accessRules) {
      if (!r.url.includes(':id')) continue;
      expect(r.rule, r.url).toHaveProperty('resource');
      expect(fixtures.has((r.rule as { resource: Resource }).resource), `${r.url}: fixture`).toBe(true);
    }
  });

  const actors: { tier: Tier | null; role: Role | null }[] = [
    { tier: null, role: null },
    ...TIERS.flatMap((tier) => ROLES.map((role) => ({ tier, role }))),
  ];
  for (const { tier, role } of actors) {
    it(`${tier ?? 'anonymous'}${role ? `.${role}` : ''}`, async () => {
      const username = tier ? `${ORG_OF[tier].toLowerCase()}.${role}` : 'mohurd.viewer';
      const agent = tier ? await env.as(username) : env.anonymous();
      // signing out last keeps the session for the other routes
      const signOut = (r: { method: string; url: string }) => Number(r.method === 'DELETE' && r.url === '/api/session');
      const routes = [...env.app.accessRules].sort((a, b) => signOut(a) - signOut(b));
      const failures: string[] = [];
      for (const { method, url, rule } of routes) {
        for (const side of url.includes(':id') ? (['own', 'foreign'] as const) : (['own'] as const)) {
          const t = target(url, rule, tier, side);
          const res = await call(agent, method, t.url, exampleFor(method, url), username);
          const want = expected(rule, tier, role, side, t);
          const code = String(res.headers['content-type']).includes('json')
            ? (res.json() as { error?: { code: string } }).error?.code
            : undefined;
          const ok =
            want === null
              ? res.statusCode !== 401 &&
                res.statusCode !== 404 &&
                !(res.statusCode === 403 && code === 'forbidden') &&
                res.statusCode < 500
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
