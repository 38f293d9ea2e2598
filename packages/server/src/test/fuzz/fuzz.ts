import { ROLES, TIERS } from '@smartcity/domain';
import { eq } from 'drizzle-orm';
import diagnostics from 'node:diagnostics_channel';
import type { LightMyRequestResponse } from 'fastify';
import { organisations, pilots, users } from '../../db/schema.js';
import type { AccessRule, Resource } from '../../types.js';
import { Agent, DEMO_PASSWORD, type TestEnv } from '../harness.js';
import { matrixCallBody } from '../matrix/examples.js';
import { buildFixtures } from '../matrix/observe.js';
import { FOREIGN_PILOT_ORG, ORG_OF } from '../matrix/types.js';
import { Rng, seedOf } from './random.js';
import { completeContent } from '../task-book-fixture.js';
import { HOSTILE_STRINGS, conforms, invalidValue, taint, validValue, type Hints, type JsonSchema } from './schema.js';

/*
 * An OpenAPI-driven fuzzer: every operation of /api/openapi.json, in seeded order, by actors the route allows
 * and actors it does not, with schema-valid requests (which must reach the handler) and mutated ones (which must
 * be refused with the documented error). Shared by fuzz.test.ts (the CI run) and scripts/fuzz.ts (longer runs).
 */

interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: { Error: JsonSchema } };
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

interface Op {
  /** 'METHOD /api/route/:id' as Fastify and the access rules name it */
  key: string;
  method: Method;
  route: string;
  spec: Operation;
  rule: AccessRule;
  allowed: string[];
}

/**
 * The platform a fuzz run drives: the test harness's, with the sign-in lockout out of reach — fuzzed passwords at
 * the signing routes count against the signatory's sign-ins (their own test checks that), and the run re-signs in.
 */
export const FUZZ_CONFIG = { lockoutAttempts: 1_000_000 };

export interface OperationStats {
  operation: string;
  requests: number;
  /** requests the generator meant as schema-valid, sent by an allowed actor */
  validAllowed: number;
  /** the handler ran (seen on Fastify's handler diagnostics channel, i.e. after access, CSRF and validation passed) */
  reached: number;
  /** how many different actors the route allows (demo users, or anyone for a public route) */
  allowedActors: number;
  /** how many different actors' requests reached the handler */
  actorsReached: number;
  ok2xx: number;
  other3xx: number;
  status4xx: Record<number, number>;
  status5xx: number;
}

export interface FuzzResult {
  seed: number;
  requests: number;
  ms: number;
  operations: OperationStats[];
  /** a 5xx, a 4xx not in the error shape, a handler run for another route: one line each, first few per kind */
  failures: string[];
  failureCount: number;
  /** the generator's own check: "valid" values that its schema refuses (a generator bug, not a server one) */
  generatorErrors: string[];
  /** sign-ins repeated because a session was lost (401 for a signed-in actor) */
  reSignIns: number;
}

export interface FuzzOptions {
  requests: number;
  seed: number;
  /** share of requests generated schema-valid (the rest are mutated) */
  validShare?: number;
  progress?: (done: number, total: number) => void;
}

// Foreign organisations' users too, so "allowed" also covers a tier's other tenants.
const EXTRA_USERS = [`${FOREIGN_PILOT_ORG.toLowerCase()}.editor`, 'dept-110000.admin', 'gov-110000.viewer', 'appl-110108.editor'];

const EXAMPLES: Record<string, unknown[]> = {
  // a real sign-in, so the success path is fuzzed too (random usernames only ever get 401)
  'POST /api/session': [{ username: 'mohurd.viewer', password: DEMO_PASSWORD }],
  // the route's schema is any object (the shape depends on n): complete sections get past the service's own schema
  'PATCH /api/task-books/:id/sections/:n': Object.values(completeContent()),
  // random dates are out of order half the time (a refinement the document cannot state): calls that pass it
  'POST /api/calls': [2090, 2091, 2092, 2093].map(matrixCallBody),
  // (the matrix's own example is built per call, from its version; a body that passes is enough to reach the handler)
  'PATCH /api/calls/:id': [2090, 2091].map(matrixCallBody),
  // an http(s) URL (a refinement the document cannot state; random strings almost never are one)
  'POST /api/platform/resources/:id/subscriptions': [{ url: 'https://example.org/hook' }, { url: 'http://10.1.2.3:8080/events' }],
};

const toRoute = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

function allowedActors(rule: AccessRule, actors: string[]): string[] {
  if ('public' in rule) return ['anonymous', ...actors];
  return actors.filter((u) => {
    const [org, role] = u.split('.') as [string, string];
    const tier = TIERS.find((t) => ORG_OF[t].toLowerCase() === org) ?? tierOfExtra(org);
    return (rule.tiers === 'all' || rule.tiers.includes(tier)) && (!rule.roles || rule.roles.includes(role as (typeof ROLES)[number]));
  });
}
const tierOfExtra = (org: string) =>
  org.startsWith('pilot-') ? 'pilot' : org.startsWith('dept-') ? 'province' : org.startsWith('gov-') ? 'provincialGovernment' : 'applicant';

/** A path or query part: encodeURIComponent throws on a lone surrogate, which is sent as its (invalid) UTF-8 bytes. */
function encodePart(s: string): string {
  let out = '';
  for (const ch of s) {
    try {
      out += encodeURIComponent(ch);
    } catch {
      out += '%ED%A0%80';
    }
  }
  return out;
}

const asText = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));

function multipart(rng: Rng, mutate: boolean): { payload: Buffer; contentType: string } {
  const boundary = `fuzz${rng.int(1, 1e9)}`;
  const name = mutate ? rng.pick(['file', 'other', '']) : 'file';
  const filename = mutate ? rng.pick([...HOSTILE_STRINGS.slice(0, 12), 'a.exe', '']) : rng.pick(['a.pdf', '方案.pdf', 'plan.docx']);
  const type = mutate ? rng.pick(['text/html', 'application/x-msdownload', 'application/pdf', '']) : 'application/pdf';
  const data = mutate && rng.chance(0.3) ? Buffer.alloc(0) : Buffer.from(`%PDF-1.4 fuzz ${rng.int(0, 1e6)}`);
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename.replace(/["\r\n]/g, '_')}"\r\nContent-Type: ${type}\r\n\r\n`;
  const parts = [Buffer.from(head), data, Buffer.from(`\r\n--${boundary}--\r\n`)];
  // a second file, or no closing boundary
  if (mutate && rng.chance(0.2)) parts.splice(2, 0, Buffer.from(`\r\n${head}x`));
  if (mutate && rng.chance(0.2)) parts.pop();
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

const HANDLER_CHANNEL = 'tracing:fastify.request.handler:start';

/**
 * Which request (by its x-fuzz-id header) reached its route's handler: Fastify publishes on this diagnostics
 * channel right before it calls one, i.e. after the access hook, CSRF and schema validation let it through.
 */
export function watchHandlers() {
  const reached = new Map<string, string>();
  const onHandler = (message: unknown) => {
    const { request, route } = message as { request: { headers: Record<string, unknown> }; route: { method: string; url: string } };
    const id = request.headers['x-fuzz-id'];
    if (typeof id === 'string') reached.set(id, `${route.method} ${route.url}`);
  };
  diagnostics.subscribe(HANDLER_CHANNEL, onHandler);
  return {
    /** the route ('METHOD /url') whose handler the request reached, if any; forgotten once asked */
    take(id: string): string | undefined {
      const route = reached.get(id);
      reached.delete(id);
      return route;
    },
    stop: () => void diagnostics.unsubscribe(HANDLER_CHANNEL, onHandler),
  };
}

export async function runFuzz(env: TestEnv, opts: FuzzOptions): Promise<FuzzResult> {
  const started = Date.now();
  /*
   * One generator per operation, seeded by the run's seed and the operation's key, and one for the rounds' order:
   * a change to one operation's schema (a new query parameter, say) changes only that operation's requests, instead
   * of shifting every later draw of a shared stream and with it which handlers the fixed seed happens to reach.
   * `rng` is the generator of the operation being sent; the helpers below draw from it.
   */
  const orderRng = new Rng(opts.seed);
  const rngs = new Map<string, Rng>();
  const rngOf = (key: string) => {
    let r = rngs.get(key);
    if (!r) rngs.set(key, (r = new Rng(seedOf(opts.seed, key))));
    return r;
  };
  let rng = orderRng;
  const validShare = opts.validShare ?? 0.6;
  const db = env.database.db;
  const openapi = (await env.anonymous().get('/api/openapi.json')).json() as OpenApi;
  const errorSchema = openapi.components.schemas.Error;

  // ids the fixtures made (own and foreign per resource), as the access matrix uses them
  const { fixtures } = await buildFixtures(env);
  const experts = (
    await db
      .select({ id: users.id })
      .from(users)
      .innerJoin(organisations, eq(organisations.id, users.organisationId))
      .where(eq(organisations.code, ORG_OF.expert))
  ).map((u) => u.id);
  const allPilots = (await db.select({ id: pilots.id }).from(pilots).limit(20)).map((p) => p.id);
  const idsOf = (resource: Resource | undefined) => {
    const f = resource && fixtures.get(resource);
    if (!f) return [];
    return [...new Set([...TIERS.map((t) => f.own(t)), f.foreign].filter((x): x is string => x !== null))];
  };
  const allIds = [...fixtures.keys()].flatMap(idsOf);
  // ids listed by GET /api/<things> for the resource of GET /api/<things>/:id: what the fuzz run itself created
  const harvested = new Map<Resource, string[]>();
  const listOf = new Map<string, Resource>();
  for (const r of env.app.accessRules)
    if (r.method === 'GET' && r.url.endsWith('/:id') && 'resource' in r.rule && r.rule.resource)
      listOf.set(`GET ${r.url.slice(0, -4)}`, r.rule.resource);
  const harvest = (resource: Resource, body: unknown) => {
    const items = Array.isArray(body) ? body : (body as { items?: unknown } | null)?.items;
    if (!Array.isArray(items)) return;
    const known = harvested.get(resource) ?? [];
    for (const item of items) {
      const id = (item as { id?: unknown } | null)?.id;
      if (typeof id === 'string' && !known.includes(id) && known.length < 60) known.push(id);
    }
    harvested.set(resource, known);
  };
  // the access matrix's example bodies: valid for the service too, so they get past the handler's own checks
  // the current rating rule, renamed: random thresholds are rarely in descending order (a refinement the document cannot state)
  const rule = (await (await env.as('mohurd.admin')).get('/api/rating-rules/current')).json() as { rule?: object };
  const ruleExamples = rule.rule ? [1, 2, 3].map((i) => ({ ...rule.rule, version: `fuzz-${i}` })) : [];
  const examplesOf = (key: string) => [
    ...(EXAMPLES[key] ?? []),
    ...(key === 'POST /api/rating-rules' ? ruleExamples : []),
    // (examples built per request from the record's state are left to the matrix)
    ...[...fixtures.values()].flatMap((f) => {
      const example = f.examples?.[key];
      return example && typeof example === 'object' && example.body !== undefined ? [example.body] : [];
    }),
  ];
  const hints: Hints = (name) => {
    switch (name) {
      case 'pilot':
      case 'pilotId':
        return [...idsOf('pilot'), ...allPilots];
      case 'call':
      case 'callId':
        return idsOf('call');
      case 'expertUserIds':
      case 'expertUserId':
        return experts;
      case 'taskBookId':
        return idsOf('taskBook');
      case 'provinceCode':
        return ['320000', '110000', '310000', '650000'];
      case 'batch':
      case 'year':
        return [2012, 2013, 2014];
      case 'if-match':
        return ['"1"', '"2"', '"3"', '"999"'];
      default:
        return undefined;
    }
  };

  const usernames = [...TIERS.flatMap((t) => ROLES.map((r) => `${ORG_OF[t].toLowerCase()}.${r}`)), ...EXTRA_USERS];
  const ops: Op[] = [];
  for (const [path, methods] of Object.entries(openapi.paths)) {
    for (const [m, spec] of Object.entries(methods)) {
      const method = m.toUpperCase() as Method;
      const route = toRoute(path);
      const rule = env.app.accessRules.find((r) => r.method === method && r.url === route)?.rule;
      if (!rule) throw new Error(`${method} ${route}: in the OpenAPI document but without an access rule`);
      ops.push({ key: `${method} ${route}`, method, route, spec, rule, allowed: allowedActors(rule, usernames) });
    }
  }
  const noActor = ops.filter((o) => o.allowed.length === 0);
  if (noActor.length) throw new Error(`no demo actor may call ${noActor.map((o) => o.key).join(', ')}`);

  // one signed-in client per actor, signed in again if its session is lost
  const agents = new Map<string, Agent>();
  let reSignIns = 0;
  const agentOf = async (username: string): Promise<Agent> => {
    if (username === 'anonymous') return env.anonymous();
    let agent = agents.get(username);
    if (!agent || !agent.cookies.has('sc_session')) {
      if (agent) reSignIns++;
      agent = await env.as(username);
      agents.set(username, agent);
    }
    return agent;
  };

  const handlers = watchHandlers();
  const reachedBy = new Map<string, Set<string>>();

  const stats = new Map<string, OperationStats>(
    ops.map((o) => [
      o.key,
      {
        operation: o.key,
        requests: 0,
        validAllowed: 0,
        reached: 0,
        allowedActors: o.allowed.length,
        actorsReached: 0,
        ok2xx: 0,
        other3xx: 0,
        status4xx: {},
        status5xx: 0,
      },
    ]),
  );
  const failuresByKind = new Map<string, string[]>();
  let failureCount = 0;
  const fail = (kind: string, line: string) => {
    failureCount++;
    const list = failuresByKind.get(kind) ?? [];
    if (list.length < 3) list.push(line);
    failuresByKind.set(kind, list);
  };
  const generatorErrors: string[] = [];

  /** A schema-valid value for a location, checked against its schema (the generator's own test). */
  const valid = (schema: JsonSchema, name: string, where: string) => {
    const v = validValue(schema, rng, hints, name);
    if (!conforms(schema, v) && generatorErrors.length < 20) generatorErrors.push(`${where} ${name}: ${asText(v).slice(0, 100)}`);
    return v;
  };

  const pathValue = (op: Op, actor: string, name: string, schema: JsonSchema, id: string | undefined): string => {
    const resource = 'resource' in op.rule ? op.rule.resource : undefined;
    const fixture = resource ? fixtures.get(resource) : undefined;
    if (name === 'id' && fixture) {
      const tier = TIERS.find((t) => actor.startsWith(`${ORG_OF[t].toLowerCase()}.`)) ?? 'ministry';
      const r = rng.next();
      if (r < 0.5) return fixture.own(tier) ?? fixture.foreign;
      if (r < 0.7) return fixture.foreign;
      if (r < 0.8) return rng.pick(harvested.get(resource!)?.length ? harvested.get(resource!)! : allIds);
      if (r < 0.85) return rng.pick(allIds);
      return rng.uuid();
    }
    const fromFixture = id && fixture?.params?.(id)[name];
    if (fromFixture && rng.chance(0.7)) return fromFixture;
    return String(valid(schema, name, op.key));
  };

  const send = async (op: Op, actor: string, mutate: boolean, n: number) => {
    const params = op.spec.parameters ?? [];
    // what to break when mutating: one location, so the rest stays valid and the refusal names it
    const targets = ['path', 'query', 'body', 'header', 'raw', 'url', 'cookie'] as const;
    const broken = mutate ? rng.pick(targets) : null;
    const headers: Record<string, string> = { 'x-fuzz-id': String(n) };
    if (rng.chance(0.2)) headers['accept-language'] = rng.pick(['en-US,en;q=0.9', 'zh-CN', '*', 'xx']);

    let id: string | undefined;
    const pathValues: Record<string, string> = {};
    for (const p of params.filter((x) => x.in === 'path').sort((a) => (a.name === 'id' ? -1 : 1))) {
      const v = pathValue(op, actor, p.name, p.schema, id);
      if (p.name === 'id') id = v;
      pathValues[p.name] = encodePart(v);
    }
    if (broken === 'path' && Object.keys(pathValues).length) {
      const name = rng.pick(Object.keys(pathValues));
      const bad = rng.chance(0.3)
        ? rng.pick(['%', '%zz', '..', '%2F', '%E0%A4%A', 'a'.repeat(250)])
        : encodePart(asText(invalidValue({ type: 'string', format: 'uuid' }, rng)));
      pathValues[name] = bad || 'x';
    }
    let url = op.route.replace(/:(\w+)/g, (_, k: string) => pathValues[k] ?? k);

    const query: [string, string][] = [];
    const queryParams = params.filter((x) => x.in === 'query');
    for (const p of queryParams) {
      if (!p.required && !rng.chance(0.5)) continue;
      query.push([p.name, asText(valid(p.schema, p.name, op.key))]);
    }
    if (broken === 'query') {
      const r = rng.next();
      const p = queryParams.length ? rng.pick(queryParams) : undefined;
      if (p && r < 0.6) {
        const rest = query.filter(([k]) => k !== p.name);
        query.length = 0;
        query.push(...rest, [p.name, asText(invalidValue(p.schema, rng))]);
        if (rng.chance(0.2)) query.push([p.name, 'twice']);
      } else if (p?.required && r < 0.8)
        query.splice(
          query.findIndex(([k]) => k === p.name),
          1,
        );
      else query.push([rng.pick(['unexpected', '__proto__', 'constructor', 'page[0]']), asText(rng.pick(HOSTILE_STRINGS.slice(0, 20)))]);
    }
    if (query.length) url += '?' + query.map(([k, v]) => `${encodePart(k)}=${encodePart(v)}`).join('&');
    if (broken === 'url') url += rng.pick(['/', '//', '/extra', '%', '?%zz=1', '#frag', '?a=%00']);

    for (const p of params.filter((x) => x.in === 'header' && x.name !== 'x-csrf-token'))
      headers[p.name] = asText(valid(p.schema, p.name, op.key));
    if (broken === 'header') {
      const r = rng.next();
      if (r < 0.35 && 'if-match' in headers) headers['if-match'] = rng.pick(['', 'W/"1"', '"x"', '*', '"-1"', '"1e400"', '1']);
      else if (r < 0.55 && 'if-match' in headers) delete headers['if-match'];
      else if (r < 0.8) headers['x-csrf-token'] = rng.pick(['', 'forged', 'a'.repeat(300)]);
      else headers['content-type'] = rng.pick(['text/plain', 'application/xml', 'application/json; charset=latin1', 'multipart/form-data']);
    }

    let payload: string | Buffer | undefined;
    const json = op.spec.requestBody?.content['application/json']?.schema;
    const form = op.spec.requestBody?.content['multipart/form-data'];
    if (form) {
      const m = multipart(rng, broken === 'body' || broken === 'raw');
      payload = m.payload;
      headers['content-type'] ??= m.contentType;
    } else if (json || op.method !== 'GET') {
      let body: unknown = {};
      const examples = examplesOf(op.key);
      // where the schema cannot say what the service checks (EXAMPLES), random bodies rarely pass: examples more often
      if (json) body = examples.length && rng.chance(EXAMPLES[op.key] ? 0.6 : 0.3) ? rng.pick(examples) : valid(json, '', op.key);
      if (json && !mutate && rng.chance(0.2)) body = taint(body, rng);
      if (broken === 'body') body = mutateBody(json ?? {}, body, rng);
      payload = JSON.stringify(body);
      if (broken === 'raw')
        payload = rng.pick(['{"broken": ', '', 'null', '[', '"\\ud800"', '{"a":1}{"b":2}', '\u0000', '{"__proto__":{"x":1}}']);
      if (op.method === 'DELETE' && broken !== 'raw' && broken !== 'body') payload = undefined;
      if (payload !== undefined) headers['content-type'] ??= 'application/json';
    }

    // sign-in and sign-out change who a client is: they get a client of their own
    let agent: Agent;
    if (op.key === 'POST /api/session') agent = env.anonymous();
    else if (op.key === 'DELETE /api/session' && actor !== 'anonymous') agent = await env.as(actor);
    else agent = await agentOf(actor);
    if (broken === 'cookie') {
      // a forged or mangled session and CSRF cookie, on a client of its own so the actor's session stays
      const forged = rng.pick(['%zz', 'x'.repeat(5000), rng.uuid(), 'a=b', '"', 's:forged.sig', '\u00e9']);
      headers.cookie = rng.chance(0.5) ? `sc_session=${forged}` : `sc_session=${forged}; sc_csrf=${forged}`;
      agent = env.anonymous();
    }
    const res = await agent.request(op.method, url, payload, headers);
    const sent = payload === undefined ? '' : ` ${headers['content-type'] ?? ''} ${String(payload).slice(0, 300)}`;
    return { res, sent, ownClient: agent !== agents.get(actor) };
  };

  const check = (op: Op, actor: string, n: number, res: LightMyRequestResponse, ownClient: boolean, described: () => string) => {
    const s = stats.get(op.key)!;
    s.requests++;
    const hit = handlers.take(String(n));
    if (hit !== undefined) {
      if (hit === op.key) {
        s.reached++;
        const by = reachedBy.get(op.key) ?? new Set<string>();
        by.add(actor);
        reachedBy.set(op.key, by);
        s.actorsReached = by.size;
      } else fail('wrong handler', `${described()}: ran the handler of ${hit}`);
    }
    const status = res.statusCode;
    if (status >= 500) {
      s.status5xx++;
      fail(`${op.key} ${status}`, `${described()} → ${status} ${res.body.slice(0, 200)}`);
    } else if (status >= 400) {
      s.status4xx[status] = (s.status4xx[status] ?? 0) + 1;
      let body: unknown;
      try {
        body = String(res.headers['content-type']).includes('application/json') ? res.json() : undefined;
      } catch {
        body = undefined;
      }
      const error = (body as { error?: { code?: string; field?: string } } | undefined)?.error;
      if (body === undefined || !conforms(errorSchema, body))
        fail(`${op.key} ${status} shape`, `${described()} → ${status} not the error shape: ${res.body.slice(0, 200)}`);
      // the existing contract (bad-input.test.ts): a 400 names the field
      else if (status === 400 && !error?.field) fail(`${op.key} 400 no field`, `${described()} → 400 ${error?.code} without field`);
      // the actor's own client lost its session: sign in again before its next request
      if (status === 401 && !ownClient && actor !== 'anonymous' && error?.code === 'unauthenticated')
        agents.get(actor)?.cookies.delete('sc_session');
    } else if (status >= 300) s.other3xx++;
    else {
      s.ok2xx++;
      const resource = listOf.get(op.key);
      if (resource && String(res.headers['content-type']).includes('json')) harvest(resource, res.json());
    }
  };

  try {
    let n = 0;
    while (n < opts.requests) {
      // a round: every operation once, in a seeded order; files deleted in the last round are put back
      for (const f of fixtures.values()) await f.restore?.();
      const order = orderRng.shuffle(ops);
      for (const op of order) {
        if (n >= opts.requests) break;
        rng = rngOf(op.key);
        const actor = rng.chance(0.75) ? rng.pick(op.allowed) : rng.pick(['anonymous', ...usernames]);
        const mutate = !rng.chance(validShare);
        if (!mutate && op.allowed.includes(actor)) stats.get(op.key)!.validAllowed++;
        n++;
        let desc = `#${n} ${op.key} as ${actor}${mutate ? ' (mutated)' : ''}`;
        const out = await send(op, actor, mutate, n).catch((err: unknown) => {
          fail('client error', `${desc}: ${String(err)}`);
          return undefined;
        });
        if (out) {
          desc = `#${n} ${op.method} ${(out.res.raw.req.url ?? '').slice(0, 160)} as ${actor}${out.sent}`;
          check(op, actor, n, out.res, out.ownClient, () => desc);
        }
        if (n % 500 === 0) opts.progress?.(n, opts.requests);
      }
    }
  } finally {
    handlers.stop();
  }

  return {
    seed: opts.seed,
    requests: [...stats.values()].reduce((a, s) => a + s.requests, 0),
    ms: Date.now() - started,
    operations: [...stats.values()],
    failures: [...failuresByKind.entries()].flatMap(([kind, lines]) => lines.map((l) => `[${kind}] ${l}`)),
    failureCount,
    generatorErrors,
    reSignIns,
  };
}

/** A body with one thing wrong: a field's value (at any depth), a required field missing, an unknown field, or the wrong kind of body. */
function mutateBody(schema: JsonSchema, body: unknown, rng: Rng): unknown {
  const obj = body !== null && typeof body === 'object' && !Array.isArray(body) ? { ...(body as Record<string, unknown>) } : {};
  const props = Object.entries(schema.properties ?? {});
  const r = rng.next();
  if (r < 0.2 && props.length) {
    // one level down: an object's field or an array's item
    const [key, prop] = rng.pick(props);
    const inner = obj[key];
    if (prop.type === 'object' && inner && typeof inner === 'object' && !Array.isArray(inner)) {
      obj[key] = mutateBody(prop, inner, rng);
      return obj;
    }
    if (prop.type === 'array' && Array.isArray(inner) && inner.length && prop.items) {
      const items = [...(inner as unknown[])];
      const i = rng.int(0, items.length - 1);
      items[i] = prop.items.type === 'object' ? mutateBody(prop.items, items[i], rng) : invalidValue(prop.items, rng);
      obj[key] = items;
      return obj;
    }
  }
  if (r < 0.45 && props.length) {
    const [key, prop] = rng.pick(props);
    obj[key] = invalidValue(prop, rng);
    return obj;
  }
  if (r < 0.6 && schema.required?.length) {
    delete obj[rng.pick(schema.required)];
    return obj;
  }
  if (r < 0.75) {
    obj[rng.pick(['unexpected', 'status', 'id', 'organisationId', 'constructor', '\u0000', '🏙️'])] = rng.pick(['x', 1, { admin: true }]);
    return obj;
  }
  if (r < 0.8) return JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
  return rng.pick([[obj], null, 'string', 42, true, []]);
}

/** What makes a run fail: a 5xx, a 4xx outside the error shape, a generator error, an operation whose handler was reached too rarely. */
export function problemsOf(result: FuzzResult, minReached: number): string[] {
  return [
    ...result.generatorErrors.map((e) => `generator: ${e}`),
    ...result.failures,
    ...result.operations
      .filter((s) => s.reached < minReached)
      .map((s) => `${s.operation}: handler reached ${s.reached} < ${minReached} times`),
    // several actors, where the route allows several
    ...result.operations
      .filter((s) => s.actorsReached < Math.min(2, s.allowedActors))
      .map((s) => `${s.operation}: handler reached by ${s.actorsReached} of the ${s.allowedActors} actors allowed`),
  ];
}

/** The per-operation table: what each operation received and answered. */
export function formatReport(result: FuzzResult): string {
  const rows = [...result.operations].sort((a, b) => a.operation.localeCompare(b.operation));
  const width = Math.max(...rows.map((r) => r.operation.length));
  const lines = [
    `fuzz: seed ${result.seed}, ${result.requests} requests, ${rows.length} operations, ${(result.ms / 1000).toFixed(1)} s, ` +
      `${rows.reduce((a, r) => a + r.status5xx, 0)} × 5xx, ${result.failureCount} failures, min handler reached ${Math.min(...rows.map((r) => r.reached))}, ` +
      `${result.reSignIns} re-sign-ins`,
    `${'operation'.padEnd(width)}  requests  valid+allowed  reached  actors  2xx  3xx  5xx  4xx by status`,
  ];
  for (const r of rows) {
    const s4 = Object.entries(r.status4xx)
      .map(([k, v]) => `${k}:${v}`)
      .join(' ');
    lines.push(
      `${r.operation.padEnd(width)}  ${String(r.requests).padStart(8)}  ${String(r.validAllowed).padStart(13)}  ${String(r.reached).padStart(7)}  ${`${r.actorsReached}/${r.allowedActors}`.padStart(6)}  ${String(r.ok2xx).padStart(3)}  ${String(r.other3xx).padStart(3)}  ${String(r.status5xx).padStart(3)}  ${s4}`,
    );
  }
  if (result.failures.length) lines.push('failures (first 3 of each kind):', ...result.failures);
  if (result.generatorErrors.length) lines.push('generator errors:', ...result.generatorErrors);
  return lines.join('\n');
}
