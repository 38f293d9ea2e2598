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

/** A load's timing over HTTP, and the slowest first answer on a connection (ms), which its warm-up discards. */
export interface HttpTiming extends Timing {
  firstAnswerMax: number;
}

/**
 * autocannon with `connections` in flight, each request the next of `requests`: a warm-up of at least a second, until
 * every connection has had its first answer, then `seconds` measured on those same connections; every response's time
 * in that window is kept. Any non-2xx answer, error or time-out fails the run.
 *
 * Why the warm-up keeps its connections: a busy Node server accepts one new connection per turn of its event loop
 * (libuv 1.46), and a turn answers every request waiting on the connections it has. Connections opened at once against
 * a loaded server are therefore taken in one by one, a turn apart, and their first requests wait: with a 3 ms handler at
 * 50 connections the last first answer came after 4 s where every later one took 150 ms; the task book's after 1.1 s.
 * A fresh run after a separate warm-up counted those waits as its p99. The benchmark measures the steady state at N
 * connections; `firstAnswerMax` reports the wait.
 */
export async function cannon(url: string, requests: LoadRequest[], connections: number, seconds: number): Promise<HttpTiming> {
  let next = 0;
  const statuses = new Map<number, number>();
  const answered = new Set<unknown>();
  let firstAnswerMax = 0;
  const ms: number[] = [];
  const warmUntil = performance.now() + 1000;
  let opened: number | undefined;
  let elapsed: number | undefined;
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        // bounds only: the window below stops the run. A first request may wait many turns to be accepted (one search
        // on PGlite at 50 connections: 26 connections still unanswered after 10 s, autocannon's own time-out)
        duration: 1 + seconds + 300,
        timeout: 120,
        requests: [
          {
            setupRequest: (req) => {
              const one = requests[next++ % requests.length]!;
              return { ...req, path: one.path, headers: { ...req.headers, ...one.headers } };
            },
          },
        ],
      },
      (err: unknown, result) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result)),
    );
    instance.on('response', (client, status, _bytes, responseTime) => {
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (elapsed !== undefined) return; // stopped: autocannon ends at its next tick
      const now = performance.now();
      if (opened === undefined) {
        if (!answered.has(client)) {
          answered.add(client);
          firstAnswerMax = Math.max(firstAnswerMax, responseTime);
        }
        if (answered.size === connections && now >= warmUntil) opened = now;
        return;
      }
      ms.push(responseTime);
      if (now - opened >= seconds * 1000) {
        elapsed = (now - opened) / 1000;
        instance.stop();
      }
    });
  });
  if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0 || elapsed === undefined)
    throw new Error(
      `${url}: ${r.non2xx} non-2xx (${[...statuses].map(([s, n]) => `${s}: ${n}`).join(', ')}), ${r.errors} errors, ${r.timeouts} timeouts of ${r.requests.total} requests${elapsed === undefined ? `; ${answered.size} of ${connections} connections answered` : ''}`,
    );
  return { ...timing(ms, elapsed), firstAnswerMax };
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
  waves.reduce<Promise<unknown>>((done, wave) => done.then(() => Promise.all(wave.map((s) => pool.query(s)))), Promise.resolve());
