import autocannon from 'autocannon';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { PgPool, Statement } from '../packages/server/src/test/statements.js';
import { percentile } from './common.js';

// Load and its floors, shared by the benchmarks that drive routes under load: autocannon over HTTP, the statements a
// request sends caught at the pool and replayed as the raw-SQL floor, and the timings both report.

export interface Timing {
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}
export function timing(ms: number[], seconds: number): Timing {
  const sorted = ms.toSorted((a, b) => a - b);
  return {
    requests: ms.length,
    perSecond: ms.length / seconds,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1)!,
  };
}

/** One request of a load: its path and the headers it carries (a user's session cookie). */
export interface LoadRequest {
  path: string;
  headers?: Record<string, string>;
}

/**
 * autocannon for `seconds` (after a discarded second), `connections` in flight, each request the next of `requests`;
 * every response's time is kept. Any non-2xx answer, error or time-out fails the run.
 */
export async function cannon(url: string, requests: LoadRequest[], connections: number, seconds: number): Promise<Timing> {
  let next = 0;
  const statuses = new Map<number, number>();
  const run = (duration: number, ms?: number[]) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url,
          connections,
          duration,
          requests: [
            {
              setupRequest: (req) => {
                const r = requests[next++ % requests.length]!;
                return { ...req, path: r.path, headers: { ...req.headers, ...r.headers } };
              },
            },
          ],
        },
        (err: unknown, result) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result)),
      );
      instance.on('response', (_client, status, _bytes, responseTime) => {
        ms?.push(responseTime);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      });
    });
  // warm-up, discarded: JIT, pool connections, plan caches and the page cache settle first
  await run(1);
  const ms: number[] = [];
  const t = performance.now();
  const r = await run(seconds, ms);
  const elapsed = (performance.now() - t) / 1000;
  if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0)
    throw new Error(
      `${url}: ${r.non2xx} non-2xx (${[...statuses].map(([s, n]) => `${s}: ${n}`).join(', ')}), ${r.errors} errors, ${r.timeouts} timeouts of ${r.requests.total} requests`,
    );
  return timing(ms, elapsed);
}

/** `run(i)` for the i-th parameter set, `concurrency` loops in flight for `seconds` (after a discarded second). */
export async function loops(run: (i: number) => Promise<unknown>, concurrency: number, seconds: number): Promise<Timing> {
  let next = 0;
  const go = async (duration: number, ms?: number[]) => {
    const end = performance.now() + duration * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < end) {
          const t = performance.now();
          await run(next++);
          ms?.push(performance.now() - t);
        }
      }),
    );
  };
  await go(1);
  const ms: number[] = [];
  const t = performance.now();
  await go(seconds, ms);
  return timing(ms, (performance.now() - t) / 1000);
}

/** The machine's load averages (1, 5, 15 min), rounded: printed beside measurements taken on a shared machine. */
export const loadAverage = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

/** The waves again, with the same parameters: each wave's statements together, the waves one after another. */
export const replay = (pool: PgPool, waves: Statement[][]) =>
  waves.reduce<Promise<unknown>>(
    (done, wave) => done.then(() => Promise.all(wave.map((s) => pool.query({ text: s.text, values: s.values, rowMode: s.rowMode })))),
    Promise.resolve(),
  );
