/**
 * Change subscriptions under failure (issue 13): 100 subscriptions on one resource, 5 pointing at an endpoint that
 * hangs and 5 at a port that refuses; CHANGES incremental writes a quarter-second apart. Measured: the delay from a
 * write's commit to its arrival at each of the 90 healthy endpoints (target p95 < 1 s while the others retry), against
 * a floor in the same run — the same body POSTed straight to the 90 endpoints at once, no queue.
 *
 *   node --import tsx bench/webhooks.ts          (PGlite)
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/webhooks.ts
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import type { Ctx } from '../packages/server/src/context.js';
import { systemClock } from '../packages/server/src/lib/clock.js';
import { writeRecords } from '../packages/server/src/modules/platform/records.service.js';
import { createResource, transitionResource } from '../packages/server/src/modules/platform/resources.service.js';
import { subscribe } from '../packages/server/src/modules/platform/subscriptions.service.js';
import { startWebhookDispatcher } from '../packages/server/src/modules/platform/webhooks.js';
import { sessionRepository } from '../packages/server/src/modules/session/session.repository.js';
import { scopeOf } from '../packages/server/src/tenancy/scope.js';
import { fmt, openBenchDatabase, runMain, summary, writeResults, seedBenchDatabase } from './common.js';

const HEALTHY = 90;
const HANGING = 5;
const REFUSING = 5;
const CHANGES = Number(process.env.BENCH_CHANGES ?? 20);

async function ctxOf(db: Ctx['db'], username: string): Promise<Ctx> {
  const user = await sessionRepository.findUserForSignIn(db, username);
  const actor = (await sessionRepository.actorForUser(db, user!.id, null))!;
  return { actor, scope: scopeOf(actor), db, clock: systemClock, lang: 'zh-CN' };
}

const listen = async (server: Server) => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
};

async function main() {
  const database = await openBenchDatabase(10);
  const times: Record<string, number[]> = {};
  const healthy = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const key = (JSON.parse(body) as { keys: string[] }).keys[0]!;
      (times[key] ??= []).push(Date.now());
      res.end();
    });
  });
  const hanging = createServer(() => undefined);
  const servers = [healthy, hanging];
  const dispatcher: { stop(): Promise<void> }[] = [];
  try {
    const db = database.db;
    await seedBenchDatabase(database);
    const healthyPort = await listen(healthy);
    const hangingPort = await listen(hanging);
    const closed = createServer();
    const refusingPort = await listen(closed);
    await new Promise((r) => closed.close(r));

    const provider = await ctxOf(db, 'wuxi-scjgj.editor');
    const consumer = await ctxOf(db, 'wuxi-rsj.editor');
    const resource = await createResource(provider, {
      classification: '2-07-009-001',
      name: '订阅基准资源',
      summary: '基准测试用。',
      themes: [],
      fields: [
        { name: 'k', label: '键', type: 'string', key: true, required: false, personal: false, indexed: false },
        { name: 'v', label: '值', type: 'integer', key: false, required: false, personal: false, indexed: false },
      ],
      format: '结构化数据',
      updateCycle: 'realtime',
      sharingClass: 'unconditional',
      condition: null,
      legalBasis: null,
      sharingMethod: 'api',
      openData: false,
      indicatorCodes: [],
    });
    await transitionResource(provider, resource.id, { action: 'publish' });
    const urls = [
      ...Array.from({ length: HEALTHY }, (_, i) => `http://127.0.0.1:${healthyPort}/h/${i}`),
      ...Array.from({ length: HANGING }, (_, i) => `http://127.0.0.1:${hangingPort}/hang/${i}`),
      ...Array.from({ length: REFUSING }, (_, i) => `http://127.0.0.1:${refusingPort}/refuse/${i}`),
    ];
    for (const url of urls) await subscribe(consumer, { apiKey: null }, resource.id, url);

    const d = startWebhookDispatcher(db, systemClock, {
      intervalMs: 100,
      timeoutMs: 5_000,
      retryBaseMs: 200,
      pauseAfter: 1_000,
      allowPrivate: true,
      concurrency: 200,
      onError: (err) => console.error(err),
    });
    dispatcher.push(d);
    const committed = new Map<string, number>();
    for (let i = 0; i < CHANGES; i++) {
      const key = `K${i}`;
      await writeRecords(provider, resource.id, { upsert: [{ k: key, v: i }], delete: [] });
      committed.set(key, Date.now());
      d.poke();
      await new Promise((r) => setTimeout(r, 250));
    }
    const deadline = Date.now() + 60_000;
    while ([...committed.keys()].some((k) => (times[k]?.length ?? 0) < HEALTHY) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const delays = [...committed].flatMap(([k, t]) => (times[k] ?? []).map((at) => at - t));
    const delivered = delays.length;
    // at least once: a second arrival of an event at an endpoint that answered the first is a duplicate
    const duplicates = [...committed.keys()].reduce((n, k) => n + Math.max(0, (times[k]?.length ?? 0) - HEALTHY), 0);

    // the floor: the same body straight to the 90 endpoints at once
    const floor: number[] = [];
    const body = JSON.stringify({ keys: ['floor'] });
    for (let round = 0; round < CHANGES; round++) {
      const t0 = Date.now();
      await Promise.all(
        Array.from(
          { length: HEALTHY },
          (_, i) =>
            new Promise<void>((resolve, reject) => {
              const req = request(
                `http://127.0.0.1:${healthyPort}/h/${i}`,
                { method: 'POST', headers: { 'content-type': 'application/json' } },
                (res) => {
                  res.resume();
                  res.on('end', () => {
                    floor.push(Date.now() - t0);
                    resolve();
                  });
                },
              );
              req.on('error', reject);
              req.end(body);
            }),
        ),
      );
    }
    const platform = summary(delays);
    const bare = summary(floor);
    const result = {
      engine: database.engine,
      startedAt: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? '',
      subscriptions: { healthy: HEALTHY, hanging: HANGING, refusing: REFUSING },
      changes: CHANGES,
      expected: HEALTHY * CHANGES,
      delivered,
      duplicates,
      delayMs: platform,
      floorMs: bare,
      p95Ratio: bare.p95 / platform.p95,
      targetMet: delivered - duplicates === HEALTHY * CHANGES && platform.p95 < 1_000,
    };
    const table = [
      `# Change subscriptions: delay to the healthy endpoints (${result.engine}, ${result.startedAt})`,
      '',
      `${HEALTHY} healthy, ${HANGING} hanging and ${REFUSING} refusing subscriptions on one resource; ${CHANGES} writes 250 ms apart.`,
      '',
      '| | delivered | p50 ms | p95 ms | max ms |',
      '|---|---|---|---|---|',
      `| platform (commit → arrival) | ${fmt(delivered)} / ${fmt(result.expected)} | ${fmt(platform.p50)} | ${fmt(platform.p95)} | ${fmt(platform.max)} |`,
      `| floor (direct POST to all ${HEALTHY}) | — | ${fmt(bare.p50)} | ${fmt(bare.p95)} | ${fmt(bare.max)} |`,
      '',
      `Duplicates (arrivals beyond one per endpoint and change): ${fmt(duplicates)}.`,
      '',
      `Target p95 < 1,000 ms: **${result.targetMet ? 'met' : 'not met'}**; floor/platform p95 ratio ${fmt(result.p95Ratio, 2)}.`,
      '',
    ].join('\n');
    console.log(table);
    await writeResults('webhooks', result, table);
  } finally {
    await Promise.all(dispatcher.map((x) => x.stop()));
    for (const s of servers) s.closeAllConnections();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    await database.close();
  }
}

await runMain(main);
