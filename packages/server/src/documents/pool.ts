import { availableParallelism } from 'node:os';
import { SHARE_ENV, Worker } from 'node:worker_threads';
import { SYSTEM_FONT_DIRS } from './font-dirs.js';
import { canonicalJson, sm3 } from '../lib/canonical.js';
import { AppError } from '../lib/errors.js';
import type { RenderRequest, RenderResponse } from './render-worker.impl.js';
import type { DocumentOf, RendererName } from './renderers.js';

const WORKER = new URL('./render-worker.js', import.meta.url);

interface Job extends RenderRequest {
  resolve(body: Buffer): void;
  reject(err: Error): void;
}

/**
 * Renders official documents in worker threads (one per core, started on first use), so a burst of PDFs never stalls
 * the requests around it; and keeps recent results by the SM3 of their document model — a signed text, which never
 * changes, is rendered once (bounded by `cacheBytes`, least recently used out first).
 */
export class DocumentRenderer {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly queue: Job[] = [];
  private readonly cache = new Map<string, Buffer>();
  private cachedBytes = 0;
  private nextId = 1;
  private started = 0;
  private closed = false;
  private counts = { renderedInWorkers: 0, cacheHits: 0 };

  private readonly size: number;
  private readonly cacheBytes: number;
  private readonly systemFontDirs: string[];

  constructor(o: { size?: number; cacheBytes?: number; systemFontDirs?: string[] } = {}) {
    this.size = o.size ?? availableParallelism();
    this.cacheBytes = o.cacheBytes ?? 64 * 1024 * 1024;
    this.systemFontDirs = o.systemFontDirs ?? SYSTEM_FONT_DIRS;
  }

  async render<N extends RendererName>(name: N, doc: DocumentOf<N>): Promise<Buffer> {
    const key = `${name}:${sm3(canonicalJson(doc))}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.counts.cacheHits++;
      this.cache.delete(key); // re-inserted: most recently used last
      this.cache.set(key, hit);
      return hit;
    }
    const body = await new Promise<Buffer>((resolve, reject) => {
      if (this.closed) return reject(new Error('the document renderer is closed'));
      this.queue.push({ id: this.nextId++, name, doc, resolve, reject });
      this.dispatch();
    });
    this.counts.renderedInWorkers++;
    this.remember(key, body);
    return body;
  }

  stats() {
    return { ...this.counts, workers: this.started, queued: this.queue.length, cachedBytes: this.cachedBytes };
  }

  async close() {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the document renderer is closed'));
    await Promise.all([...this.idle, ...this.busy.keys()].map((w) => w.terminate()));
    this.idle.length = 0;
  }

  private remember(key: string, body: Buffer) {
    if (body.length > this.cacheBytes / 4) return;
    this.cache.set(key, body);
    this.cachedBytes += body.length;
    for (const [k, b] of this.cache) {
      if (this.cachedBytes <= this.cacheBytes) break;
      this.cache.delete(k);
      this.cachedBytes -= b.length;
    }
  }

  private dispatch() {
    while (this.queue.length) {
      const worker = this.idle.pop() ?? (this.started < this.size ? this.spawn() : undefined);
      if (!worker) return;
      const job = this.queue.shift()!;
      this.busy.set(worker, job);
      worker.postMessage({ id: job.id, name: job.name, doc: job.doc } satisfies RenderRequest);
    }
  }

  private spawn(): Worker {
    // the environment is shared (SMARTCITY_FONT_DIR set later is seen); the system's font folders are passed
    const worker = new Worker(WORKER, { env: SHARE_ENV, workerData: { systemFontDirs: this.systemFontDirs } });
    this.started++;
    worker.unref(); // an idle pool never keeps the process alive
    worker.on('message', (res: RenderResponse) => {
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      this.idle.push(worker);
      if (job) {
        if (res.ok) job.resolve(Buffer.from(res.body.buffer, res.body.byteOffset, res.body.byteLength));
        else if (res.error.app) job.reject(new AppError(res.error.status, res.error.code, res.error.field));
        else job.reject(new Error(res.error.message));
      }
      this.dispatch();
    });
    // a worker that dies takes only its own job with it; the next job starts a new one
    worker.on('error', (err) => this.busy.get(worker)?.reject(err));
    worker.on('exit', (code) => {
      this.busy.get(worker)?.reject(new Error(`a document worker stopped (exit code ${code})`));
      this.busy.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      this.started--;
      if (!this.closed) this.dispatch();
    });
    return worker;
  }
}
