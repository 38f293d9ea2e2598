import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from './test/harness.js';

// The web app's files as the server sends them: the build's compressed copies when the browser takes them, hashed
// files cached for good, index.html revalidated. A web build of its own (not packages/web/dist) so the test knows
// every byte.
const SCRIPT = `console.log(${JSON.stringify('试点'.repeat(2000))});`;
const INDEX = '<!doctype html><html lang="zh-CN"><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head></html>';
let dist: string;
let env: TestEnv;
beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'smartcity-web-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), INDEX);
  const script = join(dist, 'assets', 'index-Ab12Cd34.js');
  writeFileSync(script, SCRIPT);
  writeFileSync(`${script}.br`, brotliCompressSync(SCRIPT));
  writeFileSync(`${script}.gz`, gzipSync(SCRIPT));
  env = await createTestEnv({ demo: false, config: { webDist: dist } });
});
afterAll(async () => {
  await env?.close();
  rmSync(dist, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => env.app.inject({ method: 'GET', url, headers });
const YEAR_IMMUTABLE = 'public, max-age=31536000, immutable';

describe('the web app’s files', () => {
  it('sends a hashed script as Brotli or gzip when accepted, plain otherwise, cached for a year', async () => {
    const br = await get('/assets/index-Ab12Cd34.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe(YEAR_IMMUTABLE);
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(SCRIPT);
    expect(br.rawPayload.length).toBeLessThan(Buffer.byteLength(SCRIPT) / 10);

    const gz = await get('/assets/index-Ab12Cd34.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(SCRIPT);

    const plain = await get('/assets/index-Ab12Cd34.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe(YEAR_IMMUTABLE);
    expect(plain.body).toBe(SCRIPT);
  });

  it('sends index.html, for its own path and for the app’s routes, to be revalidated every time', async () => {
    for (const url of ['/', '/index.html', '/app/pilots', '/login']) {
      const res = await get(url, { 'accept-encoding': 'br' });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toBe(INDEX);
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
    // an unknown API address is not the app
    expect((await get('/api/nothing-here')).statusCode).toBe(404);
  });
});
