import { parentPort, workerData } from 'node:worker_threads';
import { SYSTEM_FONT_DIRS } from './font-dirs.js';
import { AppError } from '../lib/errors.js';
import { RENDERERS, type RendererName } from './renderers.js';

export interface RenderRequest {
  id: number;
  name: RendererName;
  doc: unknown;
}
export type RenderResponse =
  | { id: number; ok: true; body: Uint8Array }
  | { id: number; ok: false; error: { app: boolean; status: number; code: string; field?: string | undefined; message: string } };

SYSTEM_FONT_DIRS.splice(0, SYSTEM_FONT_DIRS.length, ...(workerData as { systemFontDirs: string[] }).systemFontDirs);

parentPort!.on('message', async ({ id, name, doc }: RenderRequest) => {
  try {
    const rendered = await (RENDERERS[name] as (d: unknown) => Promise<Buffer>)(doc);
    // a copy of its own: a small Buffer may share a pooled ArrayBuffer, which must not be transferred away
    const body = new Uint8Array(rendered);
    parentPort!.postMessage({ id, ok: true, body } satisfies RenderResponse, [body.buffer]);
  } catch (err) {
    const e = err as Error;
    const error =
      err instanceof AppError
        ? { app: true, status: err.status, code: err.code, field: err.field, message: e.message }
        : { app: false, status: 500, code: 'internal', message: e.stack ?? e.message };
    parentPort!.postMessage({ id, ok: false, error } satisfies RenderResponse);
  }
});
