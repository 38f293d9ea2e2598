import { indexMissing } from './search/search-index.repository.js';
import cookie from '@fastify/cookie';
import helmet from 'helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import { DocumentRenderer } from './documents/pool.js';
import { Meter } from './modules/platform/metering.js';
import { startWebhookDispatcher } from './modules/platform/webhooks.js';
import { platformRoutes } from './modules/platform/platform.routes.js';
import { openDataRoutes } from './modules/open-data/open-data.routes.js';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { openapiTransform, openapiTransformObject } from './plugins/openapi.js';
import { validatorCompiler } from './plugins/validation.js';
import { ATTACHMENT_MAX_BYTES } from '@smartcity/domain';
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { StartupError, type Config } from './config.js';
import type { Database } from './db/client.js';
import type { Clock } from './lib/clock.js';
import { systemClock } from './lib/clock.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { organisationRoutes } from './modules/organisations/organisations.routes.js';
import { pilotRoutes } from './modules/pilots/pilots.routes.js';
import { referenceRoutes } from './modules/reference/reference.routes.js';
import { sessionRoutes } from './modules/session/session.routes.js';
import { accountRoutes } from './modules/accounts/accounts.routes.js';
import { taskBookRoutes } from './modules/task-books/task-books.routes.js';
import { verificationRoutes } from './modules/verification/verification.routes.js';
import { attachmentRoutes } from './modules/task-books/attachments.routes.js';
import { todoRoutes } from './modules/todos/todos.routes.js';
import { batchRoutes } from './modules/batches/batches.routes.js';
import { notificationRoutes } from './modules/notifications/notifications.routes.js';
import { callRoutes } from './modules/calls/calls.routes.js';
import { applicationRoutes } from './modules/applications/applications.routes.js';
import { annualReportRoutes } from './modules/annual-reports/annual-reports.routes.js';
import { inspectionRoutes } from './modules/inspections/inspections.routes.js';
import { acceptanceRoutes } from './modules/acceptances/acceptances.routes.js';
import { siteRoutes } from './modules/site/site.routes.js';
import { searchRoutes } from './modules/search/search.routes.js';
import { agreementRoutes } from './modules/agreements/agreements.routes.js';
import { extensionRoutes } from './modules/extensions/extensions.routes.js';
import { noticeFileRoutes, noticeRoutes } from './modules/notices/notices.routes.js';
import { dashboardRoutes } from './modules/dashboards/dashboards.routes.js';
import { importRoutes } from './modules/imports/imports.routes.js';
import { deriveMasterKey, loadMasterSecret } from './signing/keys.js';
import { accessPlugin } from './plugins/access.js';
import { operationsRoutes } from './modules/operations/operations.routes.js';
import { errorsPlugin, frameworkErrors, sendError } from './plugins/errors.js';
import { checkLifecycles } from './lifecycle/registry.js';
import { platformJobs } from './jobs/reminders.js';
import { retentionJobs } from './modules/platform/retention.js';
import { auditRetentionJobs } from './audit/retention.js';
import { ministrySigner } from './signing/key-registry.js';
import type { DailyJob } from './jobs/daily.js';
import { startJobWorker } from './jobs/worker.js';
import { refreshStaleStatistics, statisticsJobs } from './db/statistics.js';
import './types.js';

export interface AppOptions {
  database: Database;
  config: Config;
  clock?: Clock;
  logger?: FastifyServerOptions['logger'];
  /** the document renderer (tests give one that searches other font folders) */
  documents?: DocumentRenderer;
  /** how long a start indexes records missing from search before serving; the rest is indexed while serving */
  indexAtStartMs?: number;
}

/**
 * The rate limits' counters: in Redis when REDIS_URL is set (shared by every instance; when Redis cannot answer, a
 * request passes uncounted and the error is logged — sign-in keeps its own throttle in the database), else in memory.
 */
async function rateLimitStore(app: FastifyInstance) {
  const { redisUrl, rateLimitNamespace } = app.config;
  if (!redisUrl) return {};
  const { Redis } = await import('ioredis'); // loaded only where configured: it costs a start 0.1 s
  const redis = new Redis(redisUrl, { connectTimeout: 2_000, maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
  redis.on('error', (err) => app.log.warn({ err }, 'rate-limit store (Redis)'));
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw new StartupError(`REDIS_URL: cannot reach ${redisUrl} (${(err as Error).message})`);
  }
  app.addHook('onClose', async () => void (await redis.quit()));
  return { redis, nameSpace: rateLimitNamespace, skipOnError: true };
}

/** Fastify's types name the ajv compilers' factories; these return zod's, as `setValidatorCompiler` would install them. */
const zodCompilers = {
  buildValidator: () => validatorCompiler,
  buildSerializer: () => serializerCompiler,
} as unknown as NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

export async function buildApp(opts: AppOptions) {
  checkLifecycles();
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 1024 * 1024,
    // only a configured proxy's X-Forwarded-* count (client address for rate limits, https for Secure cookies)
    ...(opts.config.trustProxy ? { trustProxy: opts.config.trustProxy } : {}),
    // ids, codes and queries are short; a long URL is an attack or a mistake
    routerOptions: { maxParamLength: 200 },
    frameworkErrors,
    // zod's compilers from the start: set afterwards, Fastify would first load its own (ajv and fast-json-stringify,
    // 0.15 s of every start) only to replace them
    schemaController: { compilersFactory: zodCompilers },
  }).withTypeProvider<ZodTypeProvider>();
  app.decorate('db', opts.database.db);
  app.decorate('clock', opts.clock ?? systemClock);
  app.decorate('config', opts.config);
  app.decorate('masterKey', deriveMasterKey(loadMasterSecret(opts.config.masterKey, opts.config.masterKeyFile)));
  app.decorate('documents', opts.documents ?? new DocumentRenderer());
  app.addHook('onClose', () => app.documents.close());
  app.decorate('meter', new Meter(opts.database.db));
  app.addHook('onClose', () => app.meter.flush());
  // change subscriptions: every instance drains the subscriptions it claims (webhooks.ts)
  app.decorate('webhooks', null);
  if (opts.config.webhooks.intervalMs > 0) {
    app.addHook('onReady', async () => {
      app.webhooks = startWebhookDispatcher(opts.database.db, opts.clock ?? systemClock, {
        ...opts.config.webhooks,
        onError: (err) => app.log.error({ err }, 'webhook deliveries'),
      });
    });
    app.addHook('onClose', async () => app.webhooks?.stop());
  }
  if (opts.database.engine === 'pglite')
    // PGlite has no autovacuum: the stale tables' planner statistics refreshed at every start, all of them daily
    behindStart(app, 'planner statistics', async () => {
      const refreshed = await refreshStaleStatistics(opts.database.db);
      if (refreshed.length) app.log.info(`planner statistics refreshed for ${refreshed.length} tables`);
    });
  // records made before the search index existed, or seeded outside the services (the reference pilots, a bulk load,
  // a restore): the start indexes them for up to 8 s — Fastify gives a start hook 10 s — and the rest behind it
  let unindexed = 0;
  app.addHook('onReady', async () => {
    const until = Date.now() + (opts.indexAtStartMs ?? 8_000);
    const first = await indexMissing(opts.database.db, () => Date.now() < until);
    if (first.indexed) app.log.info(`search: indexed ${first.indexed} records`);
    unindexed = first.left;
  });
  behindStart(app, 'search: indexing the missing records', async (going) => {
    if (!unindexed) return;
    const rest = await indexMissing(opts.database.db, going);
    app.log.info(`search: indexed ${rest.indexed} more records`);
  });
  // reminders and escalations: every instance runs rounds, the job table makes each job run once
  if (opts.config.jobIntervalSeconds > 0) {
    const clock = opts.clock ?? systemClock;
    let worker: ReturnType<typeof startJobWorker> | undefined;
    app.addHook('onReady', async () => {
      const daily: DailyJob[] = [retentionJobs(opts.config.dataLogRetentionDays)];
      if (opts.config.auditRetentionMonths > 0)
        daily.push(auditRetentionJobs(opts.config.auditRetentionMonths, () => ministrySigner(app.masterKey, clock)));
      if (opts.database.engine === 'pglite') daily.push(statisticsJobs());
      worker = startJobWorker(opts.database.db, clock, {
        ...platformJobs,
        handlers: Object.assign({}, platformJobs.handlers, ...daily.map((d) => d.handlers)),
        plan: async (db, at) => {
          await platformJobs.plan(db, at);
          for (const d of daily) await d.plan(db, at);
        },
        intervalMs: opts.config.jobIntervalSeconds * 1000,
        onError: (err) => app.log.error({ err }, 'scheduled jobs'),
      });
    });
    app.addHook('onClose', async () => worker?.stop());
  }

  await app.register(errorsPlugin);
  await app.register(cookie, { secret: opts.config.secret });
  // helmet's headers, its middleware built once: @fastify/helmet built it again for every request, parsing the policy
  // (5 % of a small read's CPU, profiled)
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd writes its CSS-in-JS into <style> tags
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
  });
  app.addHook('onRequest', (req, reply, done) => securityHeaders(req.raw, reply.raw, () => done()));
  await app.register(rateLimit, { global: false, ...(await rateLimitStore(app)) });
  // uploads: one file per request, up to the attachment limit (routes read it only after their permission check)
  await app.register(multipart, { limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 0, parts: 1 } });
  await app.register(swagger, {
    openapi: {
      info: { title: '国家智慧城市试点管理平台 API', description: 'Smart City Pilot Platform', version: '0.1.0' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'sc_session' },
          // a consuming system's API key on the city platform's data routes
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: openapiTransform,
    transformObject: openapiTransformObject,
  });
  // after helmet (its headers go on refusals too), before the first plugin that adds routes: swagger-ui's routes
  // pass its onRoute check and are in the matrix like every other
  await app.register(accessPlugin, { database: opts.database });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  app.get('/api/openapi.json', { config: { access: { public: true } }, schema: { hide: true } }, async () => app.swagger());
  await app.register(operationsRoutes, { database: opts.database });

  await app.register(sessionRoutes);
  await app.register(accountRoutes);
  await app.register(pilotRoutes);
  await app.register(organisationRoutes);
  await app.register(referenceRoutes);
  await app.register(auditRoutes);
  await app.register(taskBookRoutes);
  await app.register(verificationRoutes);
  await app.register(attachmentRoutes);
  await app.register(todoRoutes);
  await app.register(batchRoutes);
  await app.register(notificationRoutes);
  await app.register(callRoutes);
  await app.register(applicationRoutes);
  await app.register(annualReportRoutes);
  await app.register(inspectionRoutes);
  await app.register(acceptanceRoutes);
  await app.register(agreementRoutes);
  await app.register(dashboardRoutes);
  await app.register(importRoutes);
  await app.register(siteRoutes);
  await app.register(searchRoutes);
  await app.register(extensionRoutes);
  await app.register(noticeRoutes);
  await app.register(noticeFileRoutes);
  await app.register(platformRoutes);
  await app.register(openDataRoutes);

  const webIndex = join(opts.config.webDist, 'index.html');
  const hasWeb = existsSync(webIndex);
  if (hasWeb)
    await app.register(fastifyStatic, {
      root: opts.config.webDist,
      wildcard: false,
      // a route per file, not per compressed copy (found beside its file): 190 files' routes, not 450 (0.06 s of a start).
      // Not the wildcard route, which is quicker to set up: an app's address then took three more failed lookups
      // before index.html, and a listener each on the response, past Node's warning at ten
      globIgnore: ['**/*.br', '**/*.gz'],
      // the build's .br/.gz copies, chosen by Accept-Encoding
      preCompressed: true,
      cacheControl: false,
      // hashed file names never change content: cached for a year; index.html names the current ones, so it is
      // revalidated every time
      setHeaders: (reply, path) =>
        reply.header('cache-control', path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    });
  // The web app routes on the client: unknown non-API GETs get index.html; unknown API URLs get a JSON 404.
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && !req.url.startsWith('/api') && hasWeb) return reply.sendFile('index.html');
    return sendError(req, reply, { status: 404, code: 'route_not_found', field: 'url' });
  });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;

/** Work that goes on behind a start (after every onReady hook before it): logged if it fails; a close stops and awaits it. */
function behindStart(app: FastifyInstance, what: string, work: (going: () => boolean) => Promise<unknown>) {
  let closing = false;
  let running: Promise<unknown> = Promise.resolve();
  app.addHook('onReady', async () => {
    running = work(() => !closing).catch((err: unknown) => app.log.error({ err }, what));
  });
  app.addHook('onClose', () => {
    closing = true;
    return running;
  });
}
