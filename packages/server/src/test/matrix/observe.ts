import { ROLES, TIERS, type Role, type Tier } from '@smartcity/domain';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { notificationReads, notifications, organisations, outbox, pilots } from '../../db/schema.js';
import type { RouteRule } from '../../plugins/access.js';
import type { Resource } from '../../types.js';
import { DEMO_PASSWORD, type Agent, type TestEnv } from '../harness.js';
import { FIXTURES } from './index.js';
import { all, dropAdded } from './keep.js';
import { FOREIGN_PILOT_ORG, ORG_OF, type Example, type ResourceFixture } from './types.js';

/*
 * Runs every registered route as every actor (anonymous, each tier × role) on its own and on a foreign record, and
 * classifies each answer strictly. The test compares the result with the reviewed table in docs/access.md;
 * scripts/access-table.ts writes that table from it. Nothing here reads the routes' rules to decide what to expect.
 */

export interface MatrixActor {
  key: string;
  tier: Tier | null;
  role: Role | null;
}
export const ACTORS: MatrixActor[] = [
  { key: 'anonymous', tier: null, role: null },
  ...TIERS.flatMap((tier) => ROLES.map((role) => ({ key: `${tier}.${role}`, tier, role }))),
];

export type Side = 'own' | 'foreign';

/** ✓ (2xx/3xx), 401, 403 (the access layer's `forbidden`), 404 (invisible), or a deeper refusal: `409 code`. */
export function classify(res: LightMyRequestResponse): string {
  const s = res.statusCode;
  if (s >= 200 && s < 400) return '✓';
  const code = String(res.headers['content-type']).includes('json') ? (res.json() as { error?: { code?: string } }).error?.code : undefined;
  if (s === 401 || s === 404 || (s === 403 && code === 'forbidden')) return String(s);
  return `${s} ${code ?? ''}`.trim();
}

/** One cell: the same class on both sides, `own` (✓ on the own record, 404 on the foreign), or `own / foreign`. */
export function cellOf(own: string, foreign: string | undefined): string {
  if (foreign === undefined || foreign === own) return own;
  if (own === '✓' && foreign === '404') return 'own';
  return `${own} / ${foreign}`;
}

export interface Matrix {
  routes: string[];
  /** route → actor key → cell */
  cells: Map<string, Map<string, string>>;
  /** list answers holding a foreign record's id, for an actor that does not see everything */
  leaks: string[];
  /** lists in which the Ministry saw 北京's rows: the leak check can see them at all */
  ministrySawForeign: number;
}

/** The fixture of every resource a route names (own and foreign instances), and the lookups they were made with. */
export async function buildFixtures(env: TestEnv) {
  const db = env.database.db;
  const orgId = async (code: string) => (await db.select().from(organisations).where(eq(organisations.code, code)))[0]!.id;
  const pilotOf = async (code: string) =>
    (
      await db
        .select()
        .from(pilots)
        .where(eq(pilots.organisationId, await orgId(code)))
    )[0]!.id;
  const fixtures = new Map<Resource, ResourceFixture>();
  const used = new Set(env.app.accessRules.flatMap((r) => ('resource' in r.rule && r.rule.resource ? [r.rule.resource] : [])));
  for (const resource of used) {
    const factory = FIXTURES[resource];
    if (factory) fixtures.set(resource, await factory({ env, orgId, pilotOf }));
  }
  return { fixtures, orgId, pilotOf };
}

export async function setUpFixtures(env: TestEnv) {
  const db = env.database.db;
  const { fixtures, orgId, pilotOf } = await buildFixtures(env);
  // what a list may not show to anyone but the Ministry: 北京's records and organisations
  const foreignIds = new Set<string>([
    await pilotOf(FOREIGN_PILOT_ORG),
    ...(await Promise.all([FOREIGN_PILOT_ORG, 'DEPT-110000', 'GOV-110000', 'APPL-110108'].map(orgId))),
    ...[...fixtures.entries()].filter(([r]) => r !== 'indicatorSystem').map(([, f]) => f.foreign),
  ]);
  // what successful examples tell people (an expert named on 北京's panel) would show in later lists
  const notices = all(
    await dropAdded(db, outbox, outbox.id),
    await dropAdded(db, notificationReads, notificationReads.notificationId),
    await dropAdded(db, notifications, notifications.id),
  );
  return { fixtures, foreignIds, notices };
}
export type Fixtures = Awaited<ReturnType<typeof setUpFixtures>>;

export const restoreAll = async (f: Fixtures) => {
  for (const x of f.fixtures.values()) await x.restore?.();
  await f.notices();
};

// path parameters that name no tenant's resource
// the CKAN Action API's :action: one every caller may call (modules/open-data/ckan.test.ts calls the others)
const SHARED_PARAMS: Record<string, string> = { year: '2012', action: 'package_list' };

const resourceOf = (r: RouteRule) => ('resource' in r.rule ? r.rule.resource : undefined);

/** The values of a route's path parameters for the actor's own or a foreign record (the shared ones otherwise). */
export function paramsFor(f: Fixtures, r: RouteRule, tier: Tier | null, side: Side): { params: Record<string, string>; id?: string } {
  if (!r.url.includes(':id')) return { params: SHARED_PARAMS };
  const resource = resourceOf(r);
  const fixture = resource && f.fixtures.get(resource);
  if (!fixture) throw new Error(`${r.url}: no matrix fixture for resource ${resource ?? '(none declared)'}`);
  const own = fixture.own(tier ?? 'ministry');
  const id = side === 'own' && own !== null ? own : fixture.foreign;
  return { params: { ...SHARED_PARAMS, ...fixture.params?.(id), id }, id };
}

// swagger-ui's static files: one that exists
export const fillUrl = (url: string, params: Record<string, string>) =>
  url.replace(/:(\w+)/g, (_, k: string) => params[k] ?? `:${k}`).replace(/\*$/, 'index.css');

function target(f: Fixtures, r: RouteRule, tier: Tier | null, side: Side): { url: string; id?: string } {
  const { params, id } = paramsFor(f, r, tier, side);
  return { url: fillUrl(r.url, params), id };
}

/** The example request for a route, and the fixture that states it (which puts back what its `arrange` changed). */
export async function exampleFor(f: Fixtures, key: string, ctx: ExampleContext): Promise<{ example?: Example; fixture?: ResourceFixture }> {
  for (const fixture of f.fixtures.values()) {
    const e = fixture.examples?.[key];
    if (e) return { example: typeof e === 'function' ? await e(ctx) : e, fixture };
  }
  return {};
}

export interface ExampleContext {
  /** the record the URL names, if any */
  id?: string;
  side: Side;
}

/** Does this request name an own and a foreign record (in its path, query or body)? */
const hasSides = async (f: Fixtures, r: RouteRule) =>
  r.url.includes(':id') || (await exampleFor(f, `${r.method} ${r.url}`, { side: 'foreign' })).example?.sided === true;

export async function call(env: TestEnv, agent: Agent, method: string, url: string, example: Example | undefined, username: string) {
  // signing in happens on a fresh client, so it does not change who the matrix row is
  if (method === 'POST' && url === '/api/session') return env.anonymous().post(url, { username, password: DEMO_PASSWORD });
  return agent.request(
    method as 'GET',
    url + (example?.query ?? ''),
    method === 'GET' || method === 'DELETE' ? undefined : (example?.body ?? {}),
    example?.headers,
  );
}

export const usernameOf = (a: MatrixActor) => (a.tier ? `${ORG_OF[a.tier].toLowerCase()}.${a.role}` : 'mohurd.viewer');

/** Every route × actor × side, with the fixtures put back after every answer that may have changed something. */
export async function observeMatrix(env: TestEnv, f: Fixtures, actors = ACTORS): Promise<Matrix> {
  // signing out last keeps the session for the other routes
  const signOut = (r: { method: string; url: string }) => Number(r.method === 'DELETE' && r.url === '/api/session');
  const routes = [...env.app.accessRules].sort((a, b) => signOut(a) - signOut(b));
  const cells = new Map<string, Map<string, string>>();
  const leaks: string[] = [];
  let ministrySawForeign = 0;
  for (const r of env.app.accessRules) cells.set(`${r.method} ${r.url}`, new Map());
  for (const actor of actors) {
    await restoreAll(f);
    const username = usernameOf(actor);
    const agent = actor.tier ? await env.as(username) : env.anonymous();
    for (const r of routes) {
      const key = `${r.method} ${r.url}`;
      const found: Partial<Record<Side, string>> = {};
      for (const side of (await hasSides(f, r)) ? (['own', 'foreign'] as const) : (['own'] as const)) {
        const t = target(f, r, actor.tier, side);
        const { example, fixture } = await exampleFor(f, key, { id: t.id, side });
        await example?.arrange?.();
        const res = await call(env, agent, r.method, t.url, example, username);
        found[side] = classify(res);
        if (r.method !== 'GET' && res.statusCode < 400) await restoreAll(f);
        else if (example?.arrange) await fixture?.restore?.();
        // a list shows a non-Ministry actor nothing of 北京's, whatever it asks for; public pages are everyone's
        const seesAll = actor.tier === 'ministry' || !actor.tier || r.url.startsWith('/api/public/');
        if (r.method === 'GET' && !r.url.includes(':') && res.statusCode === 200) {
          const shown = [...f.foreignIds].filter((id) => res.body.includes(id));
          if (shown.length && !seesAll) leaks.push(`${key} as ${actor.key}: ${shown.join(', ')}`);
          if (shown.length && actor.tier === 'ministry') ministrySawForeign++;
        }
      }
      cells.get(key)!.set(actor.key, cellOf(found.own!, found.foreign));
    }
  }
  return { routes: [...cells.keys()], cells, leaks, ministrySawForeign };
}
