import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/harness.js';

const TOKEN = 'scrape-token-0123456789';
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ config: { metricsToken: TOKEN } });
});
afterAll(() => env?.close());

describe('health for a load balancer', () => {
  it('answers liveness and readiness; readiness fails with 503 once the database cannot be reached', async () => {
    const other = await createTestEnv({ demo: false });
    try {
      expect((await other.anonymous().get('/healthz')).json()).toEqual({ ok: true, engine: other.database.engine });
      const ready = await other.anonymous().get('/readyz');
      expect([ready.statusCode, ready.json()]).toEqual([200, { ok: true, checks: { database: 'up' } }]);
      await other.database.close();
      const down = await other.anonymous().get('/readyz');
      expect([down.statusCode, down.json()]).toEqual([503, { ok: false, checks: { database: 'down' } }]);
      // liveness is the process, not its database: the orchestrator should not restart it for a database outage
      expect((await other.anonymous().get('/healthz')).statusCode).toBe(200);
    } finally {
      await other.app.close();
    }
  });
});

describe('/metrics', () => {
  it('does not exist unless a token is configured', async () => {
    const other = await createTestEnv({ demo: false });
    try {
      expect((await other.anonymous().get('/metrics', { authorization: `Bearer ${TOKEN}` })).statusCode).toBe(404);
    } finally {
      await other.close();
    }
  });

  it('answers only the scraper with the token', async () => {
    expect((await env.anonymous().get('/metrics')).statusCode).toBe(401);
    expect((await env.anonymous().get('/metrics', { authorization: 'Bearer wrong' })).statusCode).toBe(401);
    // a signed-in user is no scraper
    expect((await (await env.as('mohurd.admin')).get('/metrics')).statusCode).toBe(401);
  });

  it('counts requests by route pattern and status, with latencies, the pool and the queues', async () => {
    const viewer = await env.as('mohurd.viewer');
    const pilots = (await viewer.get('/api/pilots')).json().items as { id: string }[];
    for (const p of pilots.slice(0, 3)) expect((await viewer.get(`/api/pilots/${p.id}`)).statusCode).toBe(200);
    const res = await env.anonymous().get('/metrics', { authorization: `Bearer ${TOKEN}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const line = (prefix: string) => res.body.split('\n').find((l) => l.startsWith(prefix));
    // three pilots, one series: the route's pattern, never an id
    expect(line('smartcity_http_requests_total{method="GET",route="/api/pilots/:id",status="200"}')).toMatch(/ 3$/);
    expect(res.body).not.toContain(pilots[0]!.id);
    expect(line('smartcity_http_request_duration_seconds_count{method="GET",route="/api/pilots/:id"}')).toMatch(/ 3$/);
    expect(line('smartcity_db_pool_connections{state="open"}')).toMatch(/ \d+$/);
    for (const queue of ['jobs', 'mail', 'webhooks']) expect(line(`smartcity_queue_depth{queue="${queue}"}`)).toMatch(/ \d+$/);
    expect(line('smartcity_process_resident_memory_bytes')).toMatch(/ \d+$/);
  });
});
