import { randomUUID } from 'node:crypto';
import type { Db, Tx } from '../db/client.js';
import type { Clock } from '../lib/clock.js';
import { jobRepository } from './jobs.repository.js';

/** What a kind of job does, inside the transaction that marks it done (so its effects and "done" commit together). */
export type JobHandler = (tx: Tx, payload: Record<string, unknown>, clock: Clock) => Promise<void>;

/**
 * What a kind of job does that cannot run inside a transaction (VACUUM): on the database, before the transaction that
 * marks it done. Should that transaction fail, it runs again on the retry, so it must be harmless to repeat.
 */
export interface OutsideTransactionJob {
  outsideTransaction: (db: Db, payload: Record<string, unknown>, clock: Clock) => Promise<void>;
}

export type JobHandlers = Record<string, JobHandler | OutsideTransactionJob>;

export interface WorkerOptions {
  handlers: JobHandlers;
  /** schedules what is due to be scheduled (idempotent: jobs have keys), before each round */
  plan?: (db: Db, clock: Clock) => Promise<unknown>;
  /** how long a claimed job is this worker's; a worker that died lets it go when this runs out */
  leaseMs?: number;
  batch?: number;
  /** a stable name in logs and in the job rows; a random one per worker otherwise */
  workerId?: string;
}

const MAX_ATTEMPTS = 5;
const retryDelay = (attempts: number) => 60_000 * 5 ** (attempts - 1); // 1 min, 5 min, 25 min …

/**
 * One round: plan, claim what is due, run each claimed job in its own transaction with its effects (an
 * OutsideTransactionJob just before it). A job runs at most once to completion however many instances run rounds at
 * once: claims skip each other's rows, and a job is marked done only by the worker still holding it.
 */
export async function runDueJobs(db: Db, clock: Clock, opts: WorkerOptions & { workerId: string }) {
  await opts.plan?.(db, clock);
  const now = clock.now();
  const claimed = await jobRepository.claim(db, opts.workerId, now, new Date(now.getTime() + (opts.leaseMs ?? 300_000)), opts.batch ?? 20);
  let ran = 0;
  for (const job of claimed) {
    const handler = opts.handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      if (typeof handler !== 'function') await handler.outsideTransaction(db, job.payload, clock);
      const done = await db.transaction(async (tx) => {
        if (!(await jobRepository.hold(tx, job.id, opts.workerId))) return false;
        if (typeof handler === 'function') await handler(tx, job.payload, clock);
        await jobRepository.done(tx, job.id, clock.now());
        return true;
      });
      if (done) ran += 1;
    } catch (err) {
      await jobRepository.failed(db, job.id, opts.workerId, {
        error: String((err as Error).message).slice(0, 500),
        retryAt: new Date(clock.now().getTime() + retryDelay(job.attempts)),
        giveUp: job.attempts >= MAX_ATTEMPTS,
        now: clock.now(),
      });
    }
  }
  return { claimed: claimed.length, ran };
}

/**
 * Rounds of `run` every `intervalMs` (and at once), never two at once in this process: a round still running when the
 * next is due makes that one a no-op. `tick` asks for a round now; `stop` waits for the round in progress.
 */
export function everyInterval(run: () => Promise<unknown>, intervalMs: number, onError: (err: unknown) => void) {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  let stopped = false;
  const tick = () => {
    if (busy || stopped) return;
    busy = true;
    running = run()
      .catch(onError)
      .finally(() => (busy = false));
  };
  const timer = setInterval(tick, intervalMs);
  tick();
  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

/** The background loop the server starts: a round every `intervalMs`; stopping waits for the round in progress. */
export function startJobWorker(db: Db, clock: Clock, opts: WorkerOptions & { intervalMs: number; onError: (err: unknown) => void }) {
  const workerId = opts.workerId ?? `worker-${randomUUID()}`;
  const loop = everyInterval(() => runDueJobs(db, clock, { ...opts, workerId }), opts.intervalMs, opts.onError);
  return { workerId, stop: loop.stop };
}
