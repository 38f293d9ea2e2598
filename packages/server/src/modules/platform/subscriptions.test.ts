import { spawnSync } from 'node:child_process';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { openDatabase, type Database } from '../../db/client.js';
import { auditLog } from '../../db/schema.js';
import { systemClock } from '../../lib/clock.js';
import { createTestEnv, type Agent, type TestEnv } from '../../test/harness.js';
import { subscriptionRepository } from './subscriptions.repository.js';
import { startWebhookDispatcher, type Resolver, type WebhookDispatcher, type WebhookOptions } from './webhooks.js';

/*
 * Change subscriptions, end to end over real HTTP: receivers in this file verify each delivery from the documented
 * scheme alone (HMAC-SM3 over "<timestamp>.<body>" with the secret shown at subscription; docs/platform.md), and the
 * tests measure isolation, pause/resume and restarts by the receivers' own timestamps.
 */

let env: TestEnv;
let provider: Agent;
let consumer: Agent;
let resourceId: string;
beforeAll(async () => {
  env = await createTestEnv();
  provider = await env.as('wuxi-scjgj.editor');
  consumer = await env.as('wuxi-rsj.editor');
  const made = await provider.post('/api/platform/resources', {
    classification: '2-07-008-001',
    name: '食品经营许可（订阅测试）',
    summary: '订阅测试用资源。',
    themes: ['市场监管'],
    fields: [
      { name: 'permit_no', label: '许可证编号', type: 'string', key: true },
      { name: 'name', label: '经营者名称', type: 'string' },
    ],
    format: '结构化数据',
    updateCycle: 'daily',
    sharingClass: 'unconditional',
    sharingMethod: 'api',
  });
  resourceId = made.json().id;
  expect((await provider.post(`/api/platform/resources/${resourceId}/transitions`, { action: 'publish' })).statusCode).toBe(200);
});
afterAll(() => env?.close());

interface Received {
  at: number;
  eventId: string;
  body: string;
  headers: IncomingMessage['headers'];
}

/** A receiver: records every request with its arrival time; `answer` decides the reply (or never replies). */
async function receiver(answer: (req: IncomingMessage, res: ServerResponse) => void = (_q, res) => res.end('ok')) {
  const got: Received[] = [];
  let reply = answer;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      got.push({ at: Date.now(), eventId: String(req.headers['x-smartcity-event']), body, headers: req.headers });
      reply(req, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  servers.push(server);
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    got,
    set answer(f: typeof answer) {
      reply = f;
    },
  };
}
const servers: Server[] = [];
const dispatchers: WebhookDispatcher[] = [];
afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
  for (const s of servers.splice(0)) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

const FAST: Omit<WebhookOptions, 'onError'> = {
  intervalMs: 25,
  // long enough that a loaded CI machine's slow answer is not retried (a retry after a time-out is a legitimate duplicate)
  timeoutMs: 3000,
  retryBaseMs: 40,
  pauseAfter: 3,
  allowPrivate: true,
  concurrency: 100,
  leaseMs: 5000,
};

/** What a receiver acts on: the first arrival of each event id (receivers deduplicate by it, as documented). */
const firsts = (got: Received[]) => got.filter((r, i) => got.findIndex((x) => x.eventId === r.eventId) === i);
function dispatcher(over: Partial<WebhookOptions> = {}, database: Database['db'] = env.database.db) {
  const d = startWebhookDispatcher(database, systemClock, {
    ...FAST,
    onError: (err) => {
      throw err;
    },
    ...over,
  });
  dispatchers.push(d);
  return d;
}

const subscribe = async (url: string) => {
  const res = await consumer.post(`/api/platform/resources/${resourceId}/subscriptions`, { url });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; secret: string; status: string };
};
let seq = 0;
/** An incremental write of one new record: one event for every subscription. */
async function change() {
  const key = `P${++seq}`;
  const res = await provider.post(`/api/platform/resources/${resourceId}/records`, {
    upsert: [{ permit_no: key, name: '测试' }],
    delete: [],
  });
  expect(res.statusCode, res.body).toBe(200);
  return { key, at: Date.now() };
}
const cancelAll = async () => {
  for (const s of (await consumer.get('/api/platform/subscriptions')).json().items)
    await consumer.post(`/api/platform/subscriptions/${s.id}/transitions`, { action: 'cancel' });
};
afterEach(cancelAll);

/** The receiver's check, from the documented scheme only. */
function verify(r: Received, secret: string, now = Date.now()) {
  const timestamp = Number(r.headers['x-smartcity-timestamp']);
  const expected = createHmac('sm3', secret).update(`${timestamp}.${r.body}`).digest();
  const given = Buffer.from(String(r.headers['x-smartcity-signature']).replace(/^sm3=/, ''), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) && Math.abs(now / 1000 - timestamp) < 300;
}

describe('change subscriptions', () => {
  it('refuses a URL that is not http(s), and a subscription to what the department may not read', async () => {
    for (const url of ['ftp://example.org/x', 'javascript:alert(1)', 'http://user:pw@example.org/', 'not a url']) {
      const res = await consumer.post(`/api/platform/resources/${resourceId}/subscriptions`, { url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.field).toBe('url');
    }
    const draft = await provider.post('/api/platform/resources', {
      classification: '2-07-008-002',
      name: '草稿资源',
      summary: '未发布。',
      themes: [],
      fields: [{ name: 'k', label: '键', type: 'string', key: true }],
      format: '结构化数据',
      updateCycle: 'daily',
      sharingClass: 'conditional',
      condition: '测试',
      sharingMethod: 'api',
    });
    const refused = await consumer.post(`/api/platform/resources/${draft.json().id}/subscriptions`, { url: 'https://example.org/hook' });
    expect(refused.statusCode).toBe(404);
  });

  it('delivers each change signed, verifiable by the receiver from the secret; a load names its file’s SM3 digest', async () => {
    const hook = await receiver();
    const sub = await subscribe(hook.url);
    expect(sub.secret).toMatch(/^[0-9a-f]{64}$/);
    dispatcher();
    const { key } = await change();
    const csv = 'permit_no,name\nL1,装载甲\nL2,装载乙\n';
    const load = await provider.upload(`/api/platform/resources/${resourceId}/loads`, 'permits.csv', Buffer.from(csv));
    expect(load.json().status).toBe('done');
    await expect.poll(() => firsts(hook.got).length, { timeout: 10_000 }).toBe(2);
    for (const r of hook.got) expect(verify(r, sub.secret)).toBe(true);
    // and with OpenSSL 3, as docs/platform.md tells a receiver to
    const r0 = hook.got[0]!;
    const openssl = spawnSync('openssl', ['dgst', '-sm3', '-mac', 'HMAC', '-macopt', `key:${sub.secret}`], {
      input: `${String(r0.headers['x-smartcity-timestamp'])}.${r0.body}`,
      encoding: 'utf8',
    });
    expect(openssl.stdout.trim().split('= ')[1]).toBe(String(r0.headers['x-smartcity-signature']).replace('sm3=', ''));
    // a tampered body, or another secret, does not verify
    expect(verify({ ...hook.got[0]!, body: hook.got[0]!.body.replace(key, 'X') }, sub.secret)).toBe(false);
    expect(verify(hook.got[0]!, 'f'.repeat(64))).toBe(false);
    const [write, loaded] = firsts(hook.got).map((r) => JSON.parse(r.body));
    expect(write).toMatchObject({
      type: 'records.changed',
      resource: { id: resourceId },
      change: { kind: 'write' },
      keys: [key],
      keyCount: 1,
    });
    expect(loaded).toMatchObject({ change: { kind: 'load', id: load.json().id }, keys: ['L1', 'L2'], keyCount: 2 });
    expect(loaded.digest).toBe(createHash('sm3').update(csv).digest('hex'));
    expect(hook.got[0]!.eventId).toBe(write.id);
    // the endpoint has it before the dispatcher records its answer
    const history = async () =>
      (
        (await consumer.get(`/api/platform/subscriptions/${sub.id}/deliveries`)).json().items as { status: string; lastStatus: number }[]
      ).map((h) => [h.status, h.lastStatus]);
    await expect.poll(history, { timeout: 10_000 }).toEqual([
      ['delivered', 200],
      ['delivered', 200],
    ]);
    // past retention the delivered history goes, with its events; nothing delivered later is touched
    expect(await subscriptionRepository.deleteDeliveredBefore(env.database.db, new Date(Date.now() - 3_600_000))).toEqual({
      deliveries: 0,
      events: 0,
    });
    const forgotten = await subscriptionRepository.deleteDeliveredBefore(env.database.db, new Date(Date.now() + 60_000));
    expect(forgotten.deliveries).toBeGreaterThanOrEqual(2);
    expect((await consumer.get(`/api/platform/subscriptions/${sub.id}/deliveries`)).json().items).toEqual([]);
  });

  it('isolates subscribers: an endpoint that hangs delays nobody else’s deliveries', async () => {
    const hanging = await receiver(() => undefined); // never answers; the dispatcher gives up after timeoutMs
    const healthy = await Promise.all([receiver(), receiver(), receiver()]);
    await subscribe(hanging.url);
    for (const h of healthy) await subscribe(h.url);
    dispatcher();
    const first = await change();
    await expect.poll(() => hanging.got.length, { timeout: 10_000 }).toBe(1);
    // while the hanging endpoint holds its delivery (up to its time-out), more changes come: the others get them at once
    const second = await change();
    const third = await change();
    await expect.poll(() => healthy.every((h) => firsts(h.got).length === 3), { timeout: 10_000 }).toBe(true);
    for (const h of healthy) {
      const got = firsts(h.got);
      expect(got.map((r) => JSON.parse(r.body).keys[0])).toEqual([first.key, second.key, third.key]);
      expect(got[2]!.at - third.at).toBeLessThan(FAST.timeoutMs);
    }
    // and the hanging endpoint's second delivery waited for its first to time out (in order, one at a time)
    await expect.poll(() => hanging.got.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(hanging.got[1]!.at - hanging.got[0]!.at).toBeGreaterThanOrEqual(FAST.timeoutMs - 50);
  });

  it('pauses after N consecutive failures, and a resume replays what was missed, in order', async () => {
    const hook = await receiver((_q, res) => {
      res.statusCode = 503;
      res.end();
    });
    const sub = await subscribe(hook.url);
    dispatcher();
    const missed = [await change()];
    await expect
      .poll(async () => (await consumer.get(`/api/platform/subscriptions/${sub.id}`)).json().status, { timeout: 10_000 })
      .toBe('paused');
    expect(hook.got).toHaveLength(FAST.pauseAfter);
    missed.push(await change(), await change());
    const paused = (await consumer.get(`/api/platform/subscriptions/${sub.id}`)).json();
    expect(paused).toMatchObject({ status: 'paused', failures: FAST.pauseAfter, pending: 3 });
    // the lifecycle's buttons for a paused subscription: resume or cancel, not pause
    expect(paused.actions.map((a: { action: string }) => a.action)).toEqual(['resume', 'cancel']);
    expect((await consumer.post(`/api/platform/subscriptions/${sub.id}/transitions`, { action: 'pause' })).statusCode).toBe(409);
    const history = (await consumer.get(`/api/platform/subscriptions/${sub.id}/deliveries`)).json().items;
    expect(history.at(-1)).toMatchObject({ status: 'pending', attempts: FAST.pauseAfter, lastStatus: 503 });
    // nothing goes out while paused
    const before = hook.got.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(hook.got.length).toBe(before);
    hook.answer = (_q, res) => res.end('ok');
    const resumed = await consumer.post(`/api/platform/subscriptions/${sub.id}/transitions`, { action: 'resume' });
    expect(resumed.json()).toMatchObject({ status: 'active', failures: 0 });
    await expect.poll(() => firsts(hook.got.slice(before)).length, { timeout: 10_000 }).toBe(3);
    expect(firsts(hook.got.slice(before)).map((r) => JSON.parse(r.body).keys[0])).toEqual(missed.map((m) => m.key));
    await expect
      .poll(async () => (await consumer.get(`/api/platform/subscriptions/${sub.id}`)).json().pending, { timeout: 10_000 })
      .toBe(0);
  });

  it('cancels through the lifecycle: audited, no more events queued, gone from the list, refused twice and to others', async () => {
    const hook = await receiver();
    const sub = await subscribe(hook.url);
    expect(
      (await (await env.as('wuxi-gaj.editor')).post(`/api/platform/subscriptions/${sub.id}/transitions`, { action: 'cancel' })).statusCode,
    ).toBe(404);
    const cancelled = await consumer.post(`/api/platform/subscriptions/${sub.id}/transitions`, { action: 'cancel' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', actions: [] });
    expect((await consumer.post(`/api/platform/subscriptions/${sub.id}/transitions`, { action: 'resume' })).statusCode).toBe(409);
    await change();
    await expect
      .poll(async () => (await consumer.get(`/api/platform/subscriptions/${sub.id}`)).json().pending, { timeout: 10_000 })
      .toBe(0);
    expect((await consumer.get('/api/platform/subscriptions')).json().items.map((x: { id: string }) => x.id)).not.toContain(sub.id);
    const [entry] = await env.database.db
      .select({ action: auditLog.action, targetType: auditLog.targetType })
      .from(auditLog)
      .where(eq(auditLog.targetId, sub.id))
      .orderBy(desc(auditLog.seq))
      .limit(1);
    expect(entry).toEqual({ action: 'subscription.cancel', targetType: 'subscription' });
  });

  it('survives a restart mid-delivery: nothing lost, only the delivery in flight sent twice, with the same event id', async () => {
    let calls = 0;
    const hook = await receiver((_q, res) => {
      // the first request is in flight when its process dies; after the restart the endpoint answers
      if (++calls > 1) res.end('ok');
    });
    await subscribe(hook.url);
    const a = dispatcher({ timeoutMs: 10_000, leaseMs: 800 });
    const first = await change();
    await expect.poll(() => hook.got.length, { timeout: 10_000 }).toBe(1);
    await change(); // queued behind the one in flight
    await a.stop(); // the process dies: its delivery is not marked
    dispatchers.splice(dispatchers.indexOf(a), 1);
    dispatcher({ workerId: 'after-restart' });
    await expect.poll(() => hook.got.length, { timeout: 10_000 }).toBe(3);
    const ids = hook.got.map((r) => r.eventId);
    expect(ids[0]).toBe(ids[1]);
    expect(new Set(ids).size).toBe(2);
    expect(JSON.parse(hook.got[0]!.body).keys).toEqual([first.key]);
    await new Promise((r) => setTimeout(r, 200));
    expect(hook.got).toHaveLength(3);
  });

  it('refuses private addresses unless allowed, checking the address it connects to (DNS rebinding)', async () => {
    const hook = await receiver();
    // a name that resolves inside: refused at delivery, whatever the name looks like
    const inside: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    const sub = await subscribe(`http://hooks.example.org:${hook.port}/hook`);
    dispatcher({ allowPrivate: false, resolve: inside, pauseAfter: 100 });
    await change();
    const refused = async () => (await consumer.get(`/api/platform/subscriptions/${sub.id}/deliveries`)).json().items[0];
    await expect.poll(async () => (await refused()).lastError, { timeout: 10_000 }).toMatch(/address not allowed: 127\.0\.0\.1/);
    expect(hook.got).toHaveLength(0);
    await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
    // the name first answered outside, then inside: each delivery resolves again, and connects only where it checked
    let lookups = 0;
    const rebinding: Resolver = async () =>
      ++lookups === 1 ? [{ address: '93.184.216.34', family: 4 }] : [{ address: '10.0.0.7', family: 4 }];
    dispatcher({ allowPrivate: false, resolve: rebinding, pauseAfter: 100, timeoutMs: 300 });
    await expect.poll(() => lookups, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(async () => (await refused()).lastError, { timeout: 10_000 }).toMatch(/address not allowed: 10\.0\.0\.7/);
    await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
    // allowed (a city's intranet), the delivery goes to the address the resolver gave — the name itself resolves nowhere
    dispatcher({ allowPrivate: true, resolve: inside });
    await expect.poll(() => hook.got.length, { timeout: 10_000 }).toBe(1);
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('on PostgreSQL, two instances deliver every event exactly once (no double claim)', async () => {
    const other = await openDatabase({ url: env.databaseUrl!, poolSize: 4 });
    try {
      const hooks = await Promise.all(Array.from({ length: 8 }, () => receiver()));
      for (const h of hooks) await subscribe(h.url);
      dispatcher({ workerId: 'instance-a' });
      dispatcher({ workerId: 'instance-b' }, other.db);
      const keys = [];
      for (let i = 0; i < 5; i++) keys.push((await change()).key);
      await expect.poll(() => hooks.every((h) => firsts(h.got).length >= 5), { timeout: 15_000 }).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
      for (const h of hooks) expect(firsts(h.got).map((r) => JSON.parse(r.body).keys[0])).toEqual(keys);
      // no double claim: with answers in time, no event reached an endpoint twice
      const late = hooks.flatMap((h) => h.got).length - hooks.length * keys.length;
      expect(late).toBe(0);
    } finally {
      await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
      await other.close();
    }
  });
});
