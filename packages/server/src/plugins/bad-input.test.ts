import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Agent, type TestEnv } from '../test/harness.js';
import {
  exampleFor,
  fillUrl,
  paramsFor,
  restoreAll,
  setUpFixtures,
  usernameOf,
  type Fixtures,
  type MatrixActor,
} from '../test/matrix/observe.js';
import { allowedActor, parseAccessTable } from '../test/matrix/table.js';
import type { Example } from '../test/matrix/types.js';

/*
 * Every operation of the OpenAPI document the app generates, every path and query parameter and body field it
 * declares, each hostile value: sent as a user allowed to call it (docs/access.md), on a record it may change, with the
 * matrix's valid example (test/matrix) in which the probed value is the only fault. The answer is never a 500, every
 * error is the documented JSON, and a 400 names the probed field.
 */
const HOSTILE: Record<string, unknown> = {
  wrongTypeNumber: 12345,
  wrongTypeArray: ['a', 'b'],
  wrongTypeObject: { nested: true },
  empty: '',
  oversize: 'x'.repeat(20_000),
  sqlLike: "'; drop table pilots; --",
  scriptLike: '<script>alert(1)</script>',
  fullWidth: 'ＡＢＣ１２３，试点',
  emoji: '🏙️🚀',
  nul: 'a\u0000b',
  negative: -1,
  huge: 1e308,
};

type OpenApi = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string }[];
        requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
      }
    >
  >;
};

let env: TestEnv;
let fixtures: Fixtures;
let admin: Agent;
let openapi: OpenApi;
let pilotId: string;
let pilotBefore: unknown;
const agents = new Map<string, Agent>();

beforeAll(async () => {
  env = await createTestEnv();
  fixtures = await setUpFixtures(env);
  admin = await env.as('mohurd.admin');
  openapi = (await env.anonymous().get('/api/openapi.json')).json();
  pilotId = (await admin.get('/api/pilots?pageSize=1')).json().items[0].id;
  pilotBefore = (await admin.get(`/api/pilots/${pilotId}`)).json();
});
afterAll(() => env?.close());

const agentOf = async (actor: MatrixActor) => {
  const username = usernameOf(actor);
  if (!actor.tier) return env.anonymous();
  if (!agents.has(username)) agents.set(username, await env.as(username));
  return agents.get(username)!;
};

interface Probe {
  label: string;
  /** the one field the probe spoils; none for the whole-body probes */
  field?: string;
  params?: Record<string, string>;
  query?: (q: URLSearchParams) => void;
  body?: (example: Example) => unknown;
  headers?: Record<string, string>;
}

const asQueryValue = (v: unknown) => (typeof v === 'object' && !Array.isArray(v) ? JSON.stringify(v) : String(v));

/** The probes of one operation: each hostile value in each parameter and field, then the whole-body faults. */
function probesOf(method: string, op: OpenApi['paths'][string][string], pathParams: string[]): Probe[] {
  const out: Probe[] = [];
  const json = op.requestBody?.content['application/json'];
  const fields = Object.keys(json?.schema.properties ?? {});
  for (const [label, value] of Object.entries(HOSTILE)) {
    for (const p of pathParams)
      if (typeof value !== 'object')
        out.push({ label: `path ${p} ${label}`, field: p, params: { [p]: encodeURIComponent(String(value)) } });
    for (const { name } of (op.parameters ?? []).filter((x) => x.in === 'query'))
      out.push({
        label: `query ${name} ${label}`,
        field: name,
        query: (q) => {
          q.delete(name);
          for (const v of Array.isArray(value) ? value : [value]) q.append(name, asQueryValue(v));
        },
      });
    for (const f of fields) out.push({ label: `body ${f} ${label}`, field: f, body: (e) => ({ ...(e.body as object), [f]: value }) });
  }
  if (json) {
    out.push({ label: 'malformed JSON', body: () => '{"broken": ', headers: { 'content-type': 'application/json' } });
    out.push({ label: 'missing fields', body: () => ({}) });
    out.push({ label: 'extra field', body: (e) => ({ ...(e.body as object), unexpected: 1 }) });
    out.push({ label: 'array body', body: () => [1, 2] });
  } else if (method === 'GET') out.push({ label: 'extra query field', query: (q) => q.set('unexpected', '1') });
  return out;
}

const stats = {
  operations: 0,
  probes: 0,
  fieldProbes: 0,
  rejectedOnField: 0,
  accepted: 0,
  otherwise: {} as Record<number, number>,
  skipped: [] as string[],
};
const failures: string[] = [];
const refused: string[] = [];
const elsewhere: string[] = [];

// a sweep of every route × every hostile value: a minute alone, longer beside other test files on a loaded machine
describe('bad input on every route', { timeout: 600_000 }, () => {
  it('is answered with a 4xx JSON error naming the field, never a 500', async () => {
    const table = parseAccessTable(readFileSync(new URL('../../../../docs/access.md', import.meta.url), 'utf8'));
    const rules = new Map(env.app.accessRules.map((r) => [`${r.method} ${r.url}`, r]));
    for (const [path, ops] of Object.entries(openapi.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const M = method.toUpperCase();
        const url = path.replace(/\{(\w+)\}/g, ':$1');
        const key = `${M} ${url}`;
        if (key === 'DELETE /api/session') continue; // would sign the sweeping client out
        const rule = rules.get(key);
        const who = allowedActor(table, key);
        if (!rule || !who) {
          stats.skipped.push(key);
          continue;
        }
        stats.operations++;
        const agent = await agentOf(who.actor);
        const { params, id } = paramsFor(fixtures, rule, who.actor.tier, who.side);
        const pathParams = [...url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
        for (const p of probesOf(M, op, pathParams)) {
          const { example = {}, fixture } = await exampleFor(fixtures, key, { id, side: who.side });
          await example.arrange?.();
          const query = new URLSearchParams(example.query ?? '');
          p.query?.(query);
          const qs = query.size ? `?${query}` : '';
          const body = p.body ? p.body(example) : example.body;
          const res = await agent.request(
            M as 'GET',
            fillUrl(url, { ...params, ...p.params }) + qs,
            M === 'GET' || M === 'DELETE' ? undefined : (body ?? {}),
            { ...example.headers, ...p.headers },
          );
          if (M !== 'GET' && res.statusCode < 400) await restoreAll(fixtures);
          else if (example.arrange) await fixture?.restore?.();
          stats.probes++;
          if (p.field) stats.fieldProbes++;
          if (res.statusCode < 400 && p.field) stats.accepted++;
          else if (p.field && res.statusCode !== 400) stats.otherwise[res.statusCode] = (stats.otherwise[res.statusCode] ?? 0) + 1;
          const where = `${key} as ${who.actor.key} [${p.label}] → ${res.statusCode}`;
          if (res.statusCode >= 500) failures.push(`${where} ${res.body.slice(0, 120)}`);
          else if (res.statusCode >= 400) {
            const error = (res.json() as { error?: { code?: string; message?: string; field?: string } }).error;
            if (!error?.code || !error.message) failures.push(`${where}: no error JSON`);
            else if (res.statusCode === 400 && !error.field) failures.push(`${where}: 400 without field (${error.code})`);
            // the access plugin's refusals (a wrong password is an answer of the route itself)
            if (error?.code === 'unauthenticated' || error?.code === 'forbidden') refused.push(where);
            else if (res.statusCode === 400 && p.field) {
              if (error?.field?.split('.')[0] === p.field) stats.rejectedOnField++;
              else elsewhere.push(`${where}: names ${error?.field} (${error?.code})`);
            }
          }
        }
      }
    }
    console.log(
      `bad-input sweep: ${stats.operations} operations, ${stats.probes} probes, ${stats.fieldProbes} on one field, ` +
        `${stats.rejectedOnField} of them rejected on that field, ${stats.accepted} accepted (2xx), ` +
        `otherwise ${JSON.stringify(stats.otherwise)}; not swept: ${stats.skipped.join(', ') || 'none'}`,
    );
    expect(stats.probes).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
  });

  // a probe refused before its body is read, or rejected for another field, says nothing about the probed one
  it('reaches every route as someone allowed to call it', () => expect(refused).toEqual([]));
  it('rejects a bad value for the field it is in, not for another', () => expect(elsewhere).toEqual([]));

  it('names the field and explains in Chinese, or English on request', async () => {
    const zh = await admin.get('/api/pilots?pageSize=0');
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error).toMatchObject({ field: 'pageSize', code: 'too_small' });
    expect(zh.json().error.message).toContain('过短或过小');
    const en = await admin.get('/api/pilots?kind=village', { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.json().error).toMatchObject({ field: 'kind', message: 'Kind: value not allowed' });
    const extra = await admin.patch(`/api/pilots/${pilotId}`, { note: 'x', status: 'accepted' }, { 'if-match': '"1"' });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error).toMatchObject({ code: 'unrecognized_keys', field: 'status' });
    const nul = await admin.patch(`/api/pilots/${pilotId}`, { note: 'a\u0000b' }, { 'if-match': '"1"' });
    expect(nul.json().error).toMatchObject({ code: 'control_chars', field: 'note' });
  });

  it('answers 404 for unknown ids and unknown API routes, as JSON', async () => {
    expect((await admin.get(`/api/pilots/${randomUUID()}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/organisations/${randomUUID()}`)).statusCode).toBe(404);
    expect((await admin.get('/api/indicator-systems/NOPE-1/tree')).statusCode).toBe(404);
    const route = await admin.get('/api/nothing-here');
    expect(route.statusCode).toBe(404);
    expect(route.json().error.code).toBe('route_not_found');
  });

  it('keeps the record unchanged after the sweep', async () => {
    expect((await admin.get(`/api/pilots/${pilotId}`)).json()).toEqual(pilotBefore);
  });
});
