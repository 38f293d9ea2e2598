import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { z } from 'zod';
import type { Database } from '../../db/client.js';
import { AppError, notFound } from '../../lib/errors.js';
import { operationsRepository } from './operations.repository.js';

/**
 * What operators and their load balancers ask: `/healthz` (the process answers: liveness), `/readyz` (it can reach
 * its database: readiness, 503 otherwise) and `/metrics` (Prometheus: requests and latencies per route, the database
 * pool, the background queues, the process). `/metrics` answers only when SMARTCITY_METRICS_TOKEN is set, and only a
 * scraper that sends it as a bearer token; unset, it is a 404 and nothing is counted. A plugin without encapsulation:
 * its counting hook sees every route.
 */
export const operationsRoutes = fp(async (root: FastifyInstance, { database }: { database: Database }) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const health = { config: { access: { public: true } }, schema: { hide: true } } as const;
  app.get(
    '/healthz',
    { ...health, schema: { hide: true, response: { 200: z.object({ ok: z.boolean(), engine: z.string() }) } } },
    async () => ({
      ok: true,
      engine: database.engine,
    }),
  );
  app.get('/readyz', health, async (_req, reply) => {
    const ready = await Promise.race([
      operationsRepository.ping(app.db).then(() => true),
      new Promise<false>((resolve) => setTimeout(resolve, 2_000, false).unref()),
    ]).catch(() => false);
    return reply.code(ready ? 200 : 503).send({ ok: ready, checks: { database: ready ? 'up' : 'down' } });
  });

  const token = app.config.metricsToken;
  if (!token) {
    app.get('/metrics', health, async () => {
      throw notFound();
    });
    return;
  }
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'smartcity_' });
  const registers = [registry];
  const requests = new Counter({
    name: 'smartcity_http_requests_total',
    help: 'Requests answered, by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const latency = new Histogram({
    name: 'smartcity_http_request_duration_seconds',
    help: 'Time to answer, by route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  app.addHook('onResponse', async (req, reply) => {
    // the route's pattern, never the raw URL: ids would make a series per record
    const route = req.routeOptions.url ?? 'unmatched';
    requests.inc({ method: req.method, route, status: reply.statusCode });
    latency.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });
  const pool = (database.db as unknown as { $client: { totalCount: number; idleCount: number; waitingCount: number } }).$client;
  new Gauge({
    name: 'smartcity_db_pool_connections',
    help: 'The database pool: connections open, idle, and requests waiting for one',
    labelNames: ['state'] as const,
    registers,
    collect() {
      this.set({ state: 'open' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
  new Gauge({
    name: 'smartcity_queue_depth',
    help: 'Background work waiting: scheduled jobs due, e-mails to send, webhook deliveries pending',
    labelNames: ['queue'] as const,
    registers,
    async collect() {
      const depth = await operationsRepository.queueDepths(app.db, app.clock.now());
      this.set({ queue: 'jobs' }, depth.jobsDue);
      this.set({ queue: 'mail' }, depth.mailPending);
      this.set({ queue: 'webhooks' }, depth.deliveriesPending);
    },
  });
  const expected = Buffer.from(`Bearer ${token}`);
  app.get('/metrics', health, async (req, reply) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError(401, 'unauthenticated', 'authorization');
    return reply.type(registry.contentType).send(await registry.metrics());
  });
});
